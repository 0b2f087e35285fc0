// The visual quiz builder: questions as fields instead of quiz Markdown. It reads the module's
// text through the server (the course format's own parser) and writes its questions back
// into the text (the server writes the Markdown); autosave then saves the text as usual.
// Without JavaScript the quiz is written in the text, as docs/course-format.md shows.
(function () {
  "use strict";
  var root = document.getElementById("quiz-builder");
  var source = document.getElementById("source");
  var form = document.getElementById("editor-form");
  if (!root || !source || !form || !window.fetch) { return; }
  var token = form.elements.namedItem("csrf_token").value;
  var list = root.querySelector("[data-questions]");
  var status = root.querySelector("[data-builder-status]");
  var pick = root.querySelector("[data-pick]");
  var state = null, writeTimer = null, readTimer = null, writing = false, seq = 0, uid = 0;

  function say(key) { return root.getAttribute("data-text-" + key) || key; }
  function post(body) {
    return fetch(root.getAttribute("data-url"), {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json",
                 "X-CSRFToken": token },
      body: JSON.stringify(body)
    }).then(function (r) { return r.json(); });
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; }
      else if (attrs[k] === true) { node.setAttribute(k, ""); }
      else if (attrs[k] !== false && attrs[k] !== null) { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { node.appendChild(c); } });
    return node;
  }
  function field(label, control, hint) {
    var id = "qb-" + (++uid);
    control.id = id;
    var box = el("div", { "class": "field" }, [el("label", { "for": id, text: label }), control]);
    if (hint) {
      box.appendChild(el("p", { "class": "hint", id: id + "-hint", text: hint }));
      control.setAttribute("aria-describedby", id + "-hint");
    }
    return box;
  }
  function input(value, onInput, attrs) {
    var node = el("input", Object.assign({ type: "text" }, attrs || {}));
    node.value = value || "";
    node.addEventListener("input", function () { onInput(node.value); changed(); });
    return node;
  }
  function area(value, onInput, rows) {
    var node = el("textarea", { rows: rows || 2 });
    node.value = value || "";
    node.addEventListener("input", function () { onInput(node.value); changed(); });
    return node;
  }
  function button(label, onClick, cls) {
    var node = el("button", { type: "button", "class": cls || "button button-small button-secondary", text: label });
    node.addEventListener("click", onClick);
    return node;
  }

  function blank(kind) {
    return { kind: kind || "single", text: "", feedback: "", answers: [""], number: "", tolerance: "0",
             options: [{ text: "", correct: true, feedback: "" }, { text: "", correct: false, feedback: "" }] };
  }

  function optionRow(q, qi, o, oi) {
    var mark = el("input", { type: q.kind === "single" ? "radio" : "checkbox", name: "qb-correct-" + qi });
    mark.checked = o.correct;
    mark.addEventListener("change", function () {
      if (q.kind === "single") { q.options.forEach(function (other) { other.correct = other === o; }); }
      else { o.correct = mark.checked; }
      changed();
    });
    var markId = "qb-" + (++uid);
    mark.id = markId;
    var text = field(say("option") + " " + (oi + 1), input(o.text, function (v) { o.text = v; }));
    var feedback = field(say("option-feedback"), input(o.feedback, function (v) { o.feedback = v; }));
    text.classList.add("qb-option-text");
    feedback.classList.add("qb-option-feedback");
    var row = el("li", { "class": "qb-option" }, [
      el("span", { "class": "qb-correct" }, [mark, el("label", { "for": markId, text: say("correct") })]),
      text, feedback
    ]);
    row.appendChild(button(say("remove-option"), function () {
      q.options.splice(oi, 1); render(); changed();
    }, "link-button link-danger"));
    return row;
  }

  function questionBox(q, qi) {
    var kind = el("select", {});
    ["single", "multiple", "text", "number"].forEach(function (k) {
      var option = el("option", { value: k, text: say("kind-" + k) });
      option.selected = q.kind === k;
      kind.appendChild(option);
    });
    kind.addEventListener("change", function () {
      q.kind = kind.value;
      if (q.kind === "single") {
        var first = q.options.findIndex(function (o) { return o.correct; });
        q.options.forEach(function (o, i) { o.correct = i === Math.max(first, 0); });
      }
      render(kind.id); changed();
    });
    var box = el("fieldset", { "class": "qb-question", "data-index": qi }, [
      el("legend", { text: say("question") + " " + (qi + 1) }),
      field(say("question-text"), area(q.text, function (v) { q.text = v; }, 2)),
      field(say("kind"), kind),
    ]);
    if (q.kind === "single" || q.kind === "multiple") {
      var options = el("ol", { "class": "qb-options" });
      q.options.forEach(function (o, oi) { options.appendChild(optionRow(q, qi, o, oi)); });
      box.appendChild(el("p", { "class": "hint", text: say(q.kind === "single" ? "hint-single" : "hint-multiple") }));
      box.appendChild(options);
      box.appendChild(button(say("add-option"), function () {
        q.options.push({ text: "", correct: false, feedback: "" }); render(); changed();
        var inputs = list.querySelectorAll('[data-index="' + qi + '"] .qb-option input[type="text"]');
        if (inputs.length > 1) { inputs[inputs.length - 2].focus(); }
      }));
    } else if (q.kind === "text") {
      var answers = el("ol", { "class": "qb-answers" });
      if (!q.answers.length) { q.answers.push(""); }
      q.answers.forEach(function (a, ai) {
        answers.appendChild(el("li", {}, [field(ai ? say("alternative") : say("answer"),
          input(a, function (v) { q.answers[ai] = v; }))]));
      });
      box.appendChild(answers);
      box.appendChild(button(say("add-answer"), function () { q.answers.push(""); render(); }));
    } else {
      box.appendChild(el("div", { "class": "qb-number" }, [
        field(say("number"), input(q.number, function (v) { q.number = v; }, { inputmode: "decimal" })),
        field(say("tolerance"), input(q.tolerance, function (v) { q.tolerance = v; }, { inputmode: "decimal" }),
              say("tolerance-hint")),
      ]));
    }
    box.appendChild(field(say("question-feedback"), area(q.feedback, function (v) { q.feedback = v; }, 2),
                          say("question-feedback-hint")));
    var tools = el("p", { "class": "qb-tools" });
    if (qi > 0) { tools.appendChild(button(say("up"), function () { move(qi, -1); })); }
    if (qi < state.questions.length - 1) { tools.appendChild(button(say("down"), function () { move(qi, 1); })); }
    tools.appendChild(button(say("remove-question"), function () {
      state.questions.splice(qi, 1); render(); changed();
    }, "link-button link-danger"));
    box.appendChild(tools);
    return box;
  }

  function move(qi, step) {
    var q = state.questions.splice(qi, 1)[0];
    state.questions.splice(qi + step, 0, q);
    render(); changed();
  }

  function render(focusId) {
    list.textContent = "";
    state.questions.forEach(function (q, qi) { list.appendChild(questionBox(q, qi)); });
    root.querySelector("[data-count]").textContent = String(state.questions.length);
    if (focusId && document.getElementById(focusId)) { document.getElementById(focusId).focus(); }
  }

  function changed() {
    clearTimeout(writeTimer);
    writeTimer = setTimeout(write, 500);
  }

  function write() {
    var mine = ++seq;
    status.textContent = say("writing");
    post({ source: source.value, quiz: state }).then(function (data) {
      if (mine !== seq) { return; }
      root.querySelectorAll(".qb-question.has-error").forEach(function (b) { b.classList.remove("has-error"); });
      if (data.source === undefined) {
        status.textContent = data.error || say("failed");
        if (data.question) {
          var box = list.querySelector('[data-index="' + (data.question - 1) + '"]');
          if (box) { box.classList.add("has-error"); }
        }
        return;
      }
      writing = true;
      try {
        if (window.AcademyEditor) { window.AcademyEditor.replaceAll(data.source); }
        else { source.value = data.source; source.dispatchEvent(new Event("input")); }
      } finally { writing = false; }
      status.textContent = say("written");
    }).catch(function () { status.textContent = say("failed"); });
  }

  function read() {
    post({ source: source.value }).then(function (data) {
      if (!data.questions) { status.textContent = data.error || say("failed"); return; }
      state = { intro: data.intro, questions: data.questions };
      if (!state.questions.length) { state.questions.push(blank("single")); }
      status.textContent = data.problems ? say("problems") : "";
      render();
    });
  }

  root.querySelector("[data-add-question]").addEventListener("click", function () {
    state.questions.push(blank("single"));
    render(); changed();
    var boxes = list.querySelectorAll(".qb-question textarea");
    if (boxes.length) { boxes[boxes.length - 2 >= 0 ? boxes.length - 2 : 0].focus(); }
  });
  if (pick) {
    var header = document.getElementById("header-pick");
    if (header) { pick.value = header.value; }
    pick.addEventListener("change", function () {
      if (!header) { return; }
      header.value = pick.value;
      header.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }
  // The text changed by hand: read the questions again (not while typing in the builder).
  source.addEventListener("input", function () {
    if (writing) { return; }
    clearTimeout(readTimer);
    readTimer = setTimeout(function () { if (!root.contains(document.activeElement)) { read(); } }, 800);
  });
  root.hidden = false;
  read();
})();
