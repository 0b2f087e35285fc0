// The studio's Markdown editor: CodeMirror 6 over the module's textarea. The textarea stays
// the form's field (and works alone without JavaScript): every change is copied back into it
// and announced with an "input" event, which autosave and the preview (studio-editor.js)
// listen to. Undo lives in the editor's history, so autosaving never clears it.
import { EditorState, EditorSelection } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { markdown, markdownLanguage } from "@codemirror/lang-markdown";
import { syntaxHighlighting, defaultHighlightStyle, HighlightStyle } from "@codemirror/language";
import { tags } from "@lezer/highlight";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { StyleModule } from "style-mod";

// The strict CSP allows no <style> element, which style-mod would add to a document (it
// adopts a constructed stylesheet only into shadow roots). A constructed sheet, adopted by
// the document through the CSS object model, is allowed: hand style-mod the document
// behind a stand-in without a <head>, so it takes that path.
const documentRoot = {
  ownerDocument: document,
  get adoptedStyleSheets() { return document.adoptedStyleSheets; },
  set adoptedStyleSheets(sheets) { document.adoptedStyleSheets = sheets; },
};
// The CSP loads no data: images either: the lint markers' pictures are dropped here and
// drawn by studio-editor.css instead.
const DATA_IMAGE = /url\((['"]?)data:[^)]*\1\)/g;
function withoutDataImages(module) {
  module.rules = module.rules.map((rule) => rule.replace(DATA_IMAGE, "none"));
  return module;
}
const mountStyles = StyleModule.mount;
StyleModule.mount = (root, modules, options) => mountStyles(
  root === document ? documentRoot : root,
  (Array.isArray(modules) ? modules : [modules]).map(withoutDataImages),
  options,
);

const headings = HighlightStyle.define([
  { tag: tags.heading1, fontWeight: "700", fontSize: "1.25em" },
  { tag: tags.heading2, fontWeight: "700", fontSize: "1.15em" },
  { tag: tags.heading3, fontWeight: "700" },
  { tag: tags.strong, fontWeight: "700" },
  { tag: tags.emphasis, fontStyle: "italic" },
  { tag: tags.link, color: "#0b5f73", textDecoration: "underline" },
  { tag: tags.url, color: "#0b5f73" },
  { tag: tags.meta, color: "#6b4b00" },
  { tag: tags.processingInstruction, color: "#6b4b00" },
  { tag: tags.quote, color: "#44505a", fontStyle: "italic" },
  { tag: tags.monospace, fontFamily: "monospace", color: "#7a2e0e" },
]);

// What each toolbar button does: wrap the selection, prefix its lines, or insert a block.
const WRAP = { bold: ["**", "**", "tučný text"], italic: ["*", "*", "kurzíva"] };
const PREFIX = { h2: "## ", h3: "### ", ul: "- ", ol: "1. ", quote: "> " };

function wrap(view, name, placeholder) {
  const [before, after, fallback] = WRAP[name];
  view.dispatch(view.state.changeByRange((range) => {
    const text = view.state.sliceDoc(range.from, range.to) || placeholder || fallback;
    return {
      changes: { from: range.from, to: range.to, insert: before + text + after },
      range: EditorSelection.range(range.from + before.length,
                                   range.from + before.length + text.length),
    };
  }));
  view.focus();
  return true;
}

function prefixLines(view, name) {
  const prefix = PREFIX[name];
  const changes = [];
  let number = 1;
  const seen = new Set();
  for (const range of view.state.selection.ranges) {
    for (let pos = range.from; pos <= range.to;) {
      const line = view.state.doc.lineAt(pos);
      if (!seen.has(line.number)) {
        seen.add(line.number);
        // a heading replaces another heading's marks instead of stacking them
        const old = /^(#{1,6} |[-*] |\d+\. |> )/.exec(line.text);
        const insert = name === "ol" ? `${number++}. ` : prefix;
        changes.push({ from: line.from, to: line.from + (old ? old[0].length : 0), insert });
      }
      pos = line.to + 1;
    }
  }
  // the cursor moves past the marks, so typing goes after "## "
  const set = view.state.changes(changes);
  view.dispatch({ changes: set, selection: view.state.selection.map(set, 1), scrollIntoView: true });
  view.focus();
  return true;
}

// A block (a box, a table, an image) is a paragraph of its own: after the cursor's line,
// with blank lines around it, so it never joins a list or a box just above.
function insertBlock(view, block, selectFrom, selectLength) {
  const state = view.state;
  const line = state.doc.lineAt(state.selection.main.head);
  const at = line.text.trim() === "" ? line.from : line.to;
  const before = state.sliceDoc(Math.max(0, at - 2), at);
  const after = state.sliceDoc(at, at + 2);
  const lead = at === 0 || before === "\n\n" ? "" : before.endsWith("\n") ? "\n" : "\n\n";
  const trail = after.startsWith("\n\n") ? "" : after.startsWith("\n") ? "\n" : "\n\n";
  const insert = lead + block + trail;
  const start = at + lead.length + (selectFrom || 0);
  view.dispatch({
    changes: { from: at, to: line.text.trim() === "" ? line.to : at, insert },
    selection: EditorSelection.single(start, start + (selectLength || 0)),
    scrollIntoView: true,
  });
  view.focus();
  return true;
}

function phrases(root) {
  return (key, fallback) => root.getAttribute("data-text-" + key) || fallback;
}

function command(view, name, say) {
  if (WRAP[name]) { return wrap(view, name, say(name, "")); }
  if (PREFIX[name]) { return prefixLines(view, name); }
  if (name === "link") {
    const range = view.state.selection.main;
    const text = view.state.sliceDoc(range.from, range.to) || say("link-text", "text odkazu");
    const url = "https://";
    view.dispatch({
      changes: { from: range.from, to: range.to, insert: `[${text}](${url})` },
      selection: EditorSelection.single(range.from + text.length + 3,
                                        range.from + text.length + 3 + url.length),
    });
    view.focus();
    return true;
  }
  if (name === "tip" || name === "warning" || name === "note" || name === "example") {
    const title = say(name + "-title", name);
    const body = say("box-body", "Text rámečku.");
    return insertBlock(view, `!!! ${name} "${title}"\n    ${body}`,
                       `!!! ${name} "${title}"\n    `.length, body.length);
  }
  if (name === "table") {
    const head = say("table-head", "Sloupec 1 | Sloupec 2");
    const cells = head.split("|").map((c) => c.trim());
    const block = `| ${cells.join(" | ")} |\n| ${cells.map(() => "---").join(" | ")} |\n| ${cells.map(() => "…").join(" | ")} |`;
    return insertBlock(view, block, 2, cells[0].length);
  }
  if (name === "footnote") {
    const range = view.state.selection.main;
    const used = view.state.doc.toString().match(/\[\^(\d+)\]/g) || [];
    const n = used.reduce((max, m) => Math.max(max, parseInt(m.slice(2), 10) || 0), 0) + 1;
    const note = say("footnote-text", "Text poznámky.");
    const end = view.state.doc.length;
    const tail = view.state.sliceDoc(Math.max(0, end - 2), end);
    const gap = tail.endsWith("\n\n") ? "" : tail.endsWith("\n") ? "\n" : "\n\n";
    const definition = `${gap}[^${n}]: ${note}\n`;
    view.dispatch({
      changes: [{ from: range.to, insert: `[^${n}]` }, { from: end, insert: definition }],
      selection: EditorSelection.single(end + `[^${n}]`.length + gap.length + `[^${n}]: `.length,
                                        end + `[^${n}]`.length + definition.length - 1),
      scrollIntoView: true,
    });
    view.focus();
    return true;
  }
  return false;
}

function mount(textarea) {
  const toolbar = document.querySelector("[data-markdown-toolbar]");
  const say = phrases(toolbar || textarea);
  const run = (name) => (view) => command(view, name, say);
  const shortcuts = [
    { key: "Mod-b", run: run("bold") },
    { key: "Mod-i", run: run("italic") },
    { key: "Mod-k", run: run("link") },
    { key: "Mod-Alt-2", run: run("h2") },
    { key: "Mod-Alt-3", run: run("h3") },
    { key: "Mod-Shift-8", run: run("ul") },
    { key: "Mod-Shift-7", run: run("ol") },
  ];
  const view = new EditorView({
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        lineNumbers(), highlightActiveLineGutter(), lintGutter(), history(), drawSelection(),
        highlightActiveLine(), highlightSelectionMatches(), EditorView.lineWrapping,
        markdown({ base: markdownLanguage }), syntaxHighlighting(headings), syntaxHighlighting(defaultHighlightStyle),
        keymap.of([...shortcuts, ...defaultKeymap, ...historyKeymap, ...searchKeymap,
                   indentWithTab]),
        EditorView.contentAttributes.of({
          "aria-label": textarea.labels[0] ? textarea.labels[0].textContent : "Markdown",
          "aria-describedby": textarea.getAttribute("aria-describedby") || "",
          "spellcheck": "true",
          "lang": textarea.getAttribute("lang") || document.documentElement.lang,
        }),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) { return; }
          textarea.value = update.state.doc.toString();
          textarea.dispatchEvent(new Event("input", { bubbles: true }));
        }),
      ],
    }),
  });
  view.dom.classList.add("studio-codemirror");
  textarea.after(view.dom);
  textarea.hidden = true;
  textarea.setAttribute("data-codemirror", "on");
  // the label now names the editor
  if (textarea.labels[0]) {
    textarea.labels[0].addEventListener("click", () => view.focus());
  }
  if (toolbar) {
    toolbar.hidden = false;
    toolbar.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-md]");
      if (!button) { return; }
      const name = button.getAttribute("data-md");
      if (name === "image") {
        const picker = document.querySelector(".studio-media-picker");
        if (picker) {
          picker.open = true;
          const first = picker.querySelector("button[data-insert]");
          (first || picker.querySelector("summary")).focus();
        }
        return;
      }
      command(view, name, say);
    });
  }

  window.AcademyEditor = {
    view,
    text: () => view.state.doc.toString(),
    // The whole text replaced (a header written, the other tab's version taken) as one
    // change of only what differs, so the cursor stays and Undo takes it back.
    replaceAll(text) {
      const old = view.state.doc.toString();
      if (old === text) { return; }
      let start = 0;
      while (start < old.length && start < text.length && old[start] === text[start]) { start++; }
      let endOld = old.length, endNew = text.length;
      while (endOld > start && endNew > start && old[endOld - 1] === text[endNew - 1]) {
        endOld--; endNew--;
      }
      view.dispatch({ changes: { from: start, to: endOld, insert: text.slice(start, endNew) } });
    },
    insertBlock: (block) => insertBlock(view, block, block.length, 0),
    insertText(text) {
      view.dispatch(view.state.replaceSelection(text));
      view.focus();
    },
    goToLine(number) {
      const line = view.state.doc.line(Math.max(1, Math.min(number, view.state.doc.lines)));
      view.dispatch({ selection: EditorSelection.single(line.from, line.to), scrollIntoView: true });
      view.focus();
    },
    setProblems(problems) {
      const doc = view.state.doc;
      const diagnostics = problems.filter((p) => p.line >= 1 && p.line <= doc.lines).map((p) => {
        const line = doc.line(p.line);
        return { from: line.from, to: line.to, severity: p.severity === "error" ? "error" : "warning",
                 message: p.message };
      });
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    focus: () => view.focus(),
  };
  document.dispatchEvent(new CustomEvent("academy:editor-ready"));
}

const textarea = document.getElementById("source");
if (textarea && document.adoptedStyleSheets) { mount(textarea); }
