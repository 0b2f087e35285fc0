// The studio's module editor: autosave of the draft, a live preview rendered by the server
// (the same renderer and checker learners' pages and `courses check` use), and conflicts.
// Without JavaScript the form's Save draft / Publish buttons do the same work.
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.getElementById("editor-form");
  if (!form || !window.fetch) { return; }
  var source = document.getElementById("source");
  var revision = form.elements.namedItem("revision");
  var base = form.elements.namedItem("base");
  var token = form.elements.namedItem("csrf_token").value;
  var status = document.getElementById("save-status");
  var previewPanel = document.getElementById("preview-panel");
  var diffPanel = document.getElementById("diff-panel");
  var conflict = document.getElementById("conflict");
  var AUTOSAVE_MS = 4000;
  var PREVIEW_MS = 500;
  var dirty = false, saving = null, inConflict = false, submitting = false, theirs = null;
  var previewTimer = null, previewSeq = 0;

  function text(name) { return script.getAttribute("data-" + name) || ""; }
  // CodeMirror (studio-codemirror.js) when it is there, else the plain textarea
  function editor() { return window.AcademyEditor || null; }
  function setSource(value) {
    if (editor()) { editor().replaceAll(value); } else { source.value = value; }
  }
  function focusSource() { if (editor()) { editor().focus(); } else { source.focus(); } }
  function say(message) { status.textContent = message; }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": token
      },
      body: JSON.stringify(body)
    });
  }

  function preview() {
    var seq = ++previewSeq;
    previewPanel.setAttribute("aria-busy", "true");
    post(form.getAttribute("data-preview-url"), { source: source.value })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || seq !== previewSeq) { return; }  // a newer preview is on its way
        previewPanel.innerHTML = data.preview;
        diffPanel.innerHTML = data.diff;
        if (editor()) { editor().setProblems(data.problems || []); }
        showHeader(data.header);
        previewPanel.setAttribute("aria-busy", "false");
      })
      .catch(function () { previewPanel.setAttribute("aria-busy", "false"); });
  }

  function save() {
    if (saving || inConflict || submitting || !dirty) { return saving || Promise.resolve(); }
    var sent = source.value;
    say(text("saving"));
    saving = post(form.getAttribute("data-draft-url"), {
      source: sent, revision: revision.value, base: base.value
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (result) {
      if (result.status === 200) {
        revision.value = result.data.revision;
        dirty = source.value !== sent;
        var time = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
        say(text("saved").replace("TIME", time));
      } else if (result.status === 409) {
        showConflict(result.data);
      } else {
        say(result.data.message || result.data.error || text("failed"));
      }
    }).catch(function () {
      say(text("failed"));
    }).then(function () { saving = null; });
    return saving;
  }

  function showConflict(data) {
    inConflict = true;
    theirs = data.theirs;
    say(data.error);
    document.getElementById("conflict-theirs").value = theirs.source;
    var by = conflict.querySelector("[data-conflict-by]");
    by.textContent = theirs.by ? text("conflict-by").replace("NAME", theirs.by) : "";
    conflict.hidden = false;
    conflict.focus();
  }

  function resolve(keepMine) {
    revision.value = theirs.revision;
    base.value = theirs.base;
    if (!keepMine) { setSource(theirs.source); }
    inConflict = false;
    conflict.hidden = true;
    dirty = keepMine;
    preview();
    if (keepMine) { save(); } else { say(text("saved").replace("TIME", "")); }
    focusSource();
  }

  conflict.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-conflict]");
    if (button) { resolve(button.getAttribute("data-conflict") === "mine"); }
  });

  source.addEventListener("input", function () {
    dirty = true;
    if (!inConflict) { say(text("unsaved")); }
    clearTimeout(previewTimer);
    previewTimer = setTimeout(preview, PREVIEW_MS);
  });

  // A checker message names a line: select that line in the text.
  previewPanel.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-line]");
    if (!link) { return; }
    event.preventDefault();
    var line = parseInt(link.getAttribute("data-line"), 10) || 1;
    if (editor()) { editor().goToLine(line); return; }
    var lines = source.value.split("\n");
    var start = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) { start += lines[i].length + 1; }
    var end = start + (lines[line - 1] || "").length;
    source.focus();
    source.setSelectionRange(start, end);
    var lineHeight = parseFloat(getComputedStyle(source).lineHeight) || 20;
    source.scrollTop = Math.max(0, (line - 3) * lineHeight);
  });

  // Submitting (Save draft / Publish) waits for an autosave in flight, so it sends the
  // revision that autosave produced instead of meeting it as a conflict.
  form.addEventListener("submit", function (event) {
    if (!saving) { submitting = true; return; }
    event.preventDefault();
    var submitter = event.submitter;
    saving.then(function () { form.requestSubmit(submitter); });
  });

  // The course's files: insert the Markdown reference where the cursor is.
  document.querySelectorAll("button[data-insert]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = button.getAttribute("data-insert");
      if (editor()) {
        if (text.charAt(0) === "!") { editor().insertBlock(text); } else { editor().insertText(text); }
        return;
      }
      source.focus();
      var start = source.selectionStart, end = source.selectionEnd;
      if (text.charAt(0) === "!") {
        // An image is a paragraph of its own: after the cursor's line, blank lines around it,
        // so it never becomes part of a "> tip" quote or a list item just above.
        var value = source.value;
        var lineEnd = value.indexOf("\n", end);
        start = end = lineEnd === -1 ? value.length : lineEnd;
        var before = value.slice(0, start), after = value.slice(end);
        var lead = before === "" || /\n\n$/.test(before) ? "" : /\n$/.test(before) ? "\n" : "\n\n";
        var trail = after === "" ? "\n" : /^\n\n/.test(after) ? "" : /^\n/.test(after) ? "\n" : "\n\n";
        text = lead + text + trail;
      }
      source.setRangeText(text, start, end, "end");
      source.dispatchEvent(new Event("input"));
    });
  });

  // Ctrl+S / Cmd+S saves the draft now instead of saving the page.
  form.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key === "s") {
      event.preventDefault();
      save();
    }
  });

  // Leaving with text that is not saved yet asks first.
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !submitting) { event.preventDefault(); event.returnValue = ""; }
  });

  // The header's fields write the YAML at the top of the text (the server writes it, the
  // same code as without JavaScript); the text's header fills the fields back.
  var header = document.getElementById("header-form");
  var headerStatus = header && header.querySelector("[data-header-status]");
  var headerSeq = 0;

  function headerValues() {
    var values = {};
    header.querySelectorAll("input, select").forEach(function (input) {
      if (!input.name || input.name.indexOf("header-") !== 0) { return; }
      var key = input.name.slice(7);
      if (input.type === "checkbox") { if (input.checked) { values[key] = "y"; } return; }
      values[key] = input.value;
    });
    return values;
  }

  function showKinds(kind) {
    header.querySelectorAll("[data-kinds]").forEach(function (box) {
      box.hidden = box.getAttribute("data-kinds").split(" ").indexOf(kind) === -1;
    });
  }

  function clearHeaderErrors() {
    header.querySelectorAll(".error[data-from-script]").forEach(function (p) { p.remove(); });
    header.querySelectorAll("[aria-invalid]").forEach(function (input) {
      input.removeAttribute("aria-invalid");
    });
  }

  function writeHeader() {
    var seq = ++headerSeq;
    post(header.getAttribute("data-header-url"), { source: source.value, header: headerValues() })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (seq !== headerSeq) { return; }
        clearHeaderErrors();
        headerStatus.textContent = "";
        if (data.source !== undefined) { setSource(data.source); return; }
        if (data.errors) {
          Object.keys(data.errors).forEach(function (key) {
            var input = document.getElementById("header-" + key);
            if (!input) { return; }
            input.setAttribute("aria-invalid", "true");
            var error = document.createElement("p");
            error.className = "error";
            error.setAttribute("data-from-script", "");
            error.textContent = data.errors[key][0];
            input.parentNode.appendChild(error);
          });
        } else { headerStatus.textContent = data.error || text("failed"); }
      })
      .catch(function () { headerStatus.textContent = text("failed"); });
  }

  function showHeader(values) {
    if (!header || !values) { return; }
    if (header.contains(document.activeElement)) { return; }  // they are typing there
    Object.keys(values).forEach(function (key) {
      var input = document.getElementById("header-" + key);
      if (!input) { return; }
      var value = values[key];
      if (input.type === "checkbox") { input.checked = value === true; }
      else { input.value = value === null || value === undefined ? "" : String(value); }
    });
    showKinds(values.kind || "lesson");
  }

  if (header) {
    var apply = header.querySelector("[data-apply-header]");
    if (apply) { apply.hidden = true; }
    var headerTimer = null;
    header.addEventListener("input", function (event) {
      if (event.target.name === "header-kind") { showKinds(event.target.value); }
      clearTimeout(headerTimer);
      headerTimer = setTimeout(writeHeader, event.target.type === "text" ? 400 : 0);
    });
    header.addEventListener("change", function () { clearTimeout(headerTimer); writeHeader(); });
  }

  setInterval(save, AUTOSAVE_MS);
})();
