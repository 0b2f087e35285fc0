// The W3C's WebVTT parser and validator (npm webvtt-parser, github.com/w3c/webvtt.js) over
// files given as JSON on stdin ({name: text}); prints {name: {errors, cues}} as JSON.
// tests/webinars/test_webvtt.py compares its verdicts with academy/webinars/webvtt.py.
"use strict";
const path = require("path");
const { WebVTTParser } = require(path.join(__dirname, "node_modules", "webvtt-parser", "parser.js"));
const entities = require(path.join(__dirname, "node_modules", "webvtt-parser", "html-entities.json"));

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const parser = new WebVTTParser(entities);
  const results = {};
  for (const [name, text] of Object.entries(JSON.parse(input))) {
    const tree = parser.parse(text, "subtitles");
    results[name] = {
      errors: tree.errors.map((e) => ({ line: e.line, message: e.message })),
      cues: tree.cues.map((c) => [c.startTime, c.endTime]),
    };
  }
  process.stdout.write(JSON.stringify(results));
});
