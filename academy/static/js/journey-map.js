// The journey-map editor, enhanced: autosave (compare-and-set on the map's revision, the
// CSRF token in a header), Ctrl+Z / Ctrl+Shift+Z outside text fields for undo and redo,
// Alt+Shift+arrows to move a stage or a step, the emotion's colour,
// focus back where it was after a button reloads the page, a phone's full-screen cell and the
// emotion points as sliders. Without it the form works.
(function () {
  "use strict";
  var form = document.getElementById("jm-form");
  if (!form || !form.getAttribute("data-autosave-url")) return;
  var statusLine = form.querySelector("[data-save-status]");
  var revision = form.querySelector("input[name=revision]");
  var token = form.querySelector("input[name=csrf_token]");
  var timer = null, saving = null, dirty = false, stopped = false, submitting = false;

  function say(text) { if (statusLine) statusLine.textContent = text; }

  function body() {
    var data = new URLSearchParams(new FormData(form));
    data.set("op", "save");
    return data;
  }

  function save() {
    timer = null;  // nothing pending now (the page's hiding saves only what is pending)
    if (stopped || submitting) return Promise.resolve();
    if (saving) { dirty = true; return saving; }
    dirty = false;
    say(form.getAttribute("data-saving-text"));
    saving = fetch(form.getAttribute("data-autosave-url"), {
      method: "POST", credentials: "same-origin",
      headers: {"Accept": "application/json", "X-CSRFToken": token ? token.value : ""},
      body: body()
    }).then(function (response) {
      return response.json().then(function (json) { return {status: response.status, json: json}; });
    }).then(function (result) {
      if (result.status === 200 && result.json.saved) {
        revision.value = String(result.json.revision);
        say(result.json.message);
      } else if (result.status === 409 || result.status === 422 || result.status === 400) {
        // never overwrite: the text stays in the page, the message says what to do
        if (result.status === 409) stopped = true;
        say(result.json.message);
      } else {
        throw new Error("not saved");
      }
    }).catch(function () {
      say(form.getAttribute("data-failed-text"));
      dirty = true;
    }).then(function () {
      saving = null;
      if (dirty && !stopped) schedule(3000);
    });
    return saving;
  }

  function schedule(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  }

  // Redraw the emotion curve's pieces (templates/journeys/_curve.html) from the selects.
  var LEVEL = {"2": 4, "1": 12, "0": 20, "-1": 28, "-2": 36};
  function redraw() {
    var selects = form.querySelectorAll("select.jm-emotion");
    var ys = Array.prototype.map.call(selects, function (s) { return LEVEL[s.value] || 20; });
    Array.prototype.forEach.call(selects, function (select, k) {
      var svg = select.closest("td").querySelector("svg.jm-curve");
      if (!svg) return;
      var y = ys[k], before = k > 0 ? (ys[k - 1] + y) / 2 : null;
      var after = k < ys.length - 1 ? (ys[k + 1] + y) / 2 : null;
      svg.querySelector(".jm-curve-line").setAttribute("points",
        (before === null ? "50," + y : "0," + before) + " 50," + y + " " +
        (after === null ? "50," + y : "100," + after));
      svg.querySelectorAll(".jm-curve-dot, .jm-curve-ring").forEach(function (dot) {
        dot.setAttribute("y1", y); dot.setAttribute("y2", y);
      });
    });
  }

  form.addEventListener("input", function (event) {
    if (event.target.classList && event.target.classList.contains("jm-emotion")) {
      event.target.setAttribute("data-emotion", event.target.value);
      redraw();
    }
    schedule(1200);
  });
  form.addEventListener("change", function () { schedule(600); });

  // A button press posts the whole form; wait for an autosave in flight so its revision is used.
  form.addEventListener("submit", function (event) {
    if (submitting) return;
    var button = event.submitter;
    window.clearTimeout(timer);
    if (saving) {
      event.preventDefault();
      saving.then(function () { submitting = true; form.requestSubmit(button); });
      return;
    }
    submitting = true;
  });

  // Alt+Shift+Left/Right in a stage's name or anywhere in a step's column moves it.
  form.addEventListener("keydown", function (event) {
    if (!event.altKey || !event.shiftKey || (event.key !== "ArrowLeft" && event.key !== "ArrowRight")) return;
    var side = event.key === "ArrowLeft" ? "left" : "right";
    var target = event.target, cell = target.closest("th, td");
    if (!cell) return;
    var button = null;
    if (target.getAttribute("data-move") === "stage") {
      button = cell.querySelector("[data-op=stage-" + side + "]");
    } else {
      var name = target.getAttribute("name") || "";
      var found = /^stages-(\d+)-steps-(\d+)-/.exec(name);
      if (found) button = form.querySelector("button[value='step-" + side + ":" + found[1] + ":" + found[2] + "']");
    }
    if (button) { event.preventDefault(); button.click(); }
  });

  // Ctrl+Z undoes one step of the map, Ctrl+Shift+Z and Ctrl+Y redo it (Cmd on a Mac), by
  // pressing the toolbar's button: the submit above waits for an autosave in flight. In a
  // text field the browser's own text undo stays.
  var undoButton = document.getElementById("jm-undo"), redoButton = document.getElementById("jm-redo");
  function typing(element) {
    if (!element) return false;
    if (element.isContentEditable || element.tagName === "TEXTAREA") return true;
    return element.tagName === "INPUT" &&
      !/^(checkbox|radio|button|submit|reset|range|color|file|image|hidden)$/.test(element.type);
  }
  document.addEventListener("keydown", function (event) {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.defaultPrevented) return;
    var key = (event.key || "").toLowerCase();
    var redo = (key === "z" && event.shiftKey) || (key === "y" && !event.shiftKey);
    if (key !== "z" && !redo) return;
    if (typing(event.target) || (dialog && dialog.open)) return;
    var button = redo ? redoButton : undoButton;
    event.preventDefault();
    if (button && !button.disabled && !submitting) button.click();
  });

  // After a button reloaded the page, focus what it acted on (its anchor is in the address).
  // (on load: the browser's own move to the fragment would otherwise take the focus back)
  window.addEventListener("load", function () {
    var anchor = window.location.hash.slice(1);
    if (anchor === "jm-undo" || anchor === "jm-redo") {
      // undone or redone: the same button again if it can go on, else the other one
      var other = anchor === "jm-undo" ? redoButton : undoButton;
      var again = document.getElementById(anchor);
      var next = again && !again.disabled ? again : other && !other.disabled ? other : null;
      if (next) window.setTimeout(function () { next.focus(); }, 0);
      return;
    }
    var place = anchor && document.getElementById(anchor);
    if (!place || !/^(stage|step|goal|persona)-/.test(anchor)) return;
    var field = place.querySelector("input, textarea");
    if (field) { window.setTimeout(function () { field.focus(); }, 0); place.classList.add("jm-moved"); }
  });
  // On a phone (below the desktop's 821 px) a lane's cell opens in a full-screen <dialog>:
  // by its expand button (keyboard) or by tapping its textarea (pointer). The text is written
  // back into the cell as it is typed, so the autosave above sees it; Done and Escape close.
  var dialog = document.getElementById("jm-cell-dialog");
  var narrow = window.matchMedia("(max-width: 820px)");
  if (dialog && typeof dialog.showModal === "function") {
    var big = dialog.querySelector("textarea"), cell = null;
    var expandText = dialog.getAttribute("data-expand-text");
    var open = function (textarea) {
      cell = textarea;
      var found = /^stages-(\d+)-steps-(\d+)-/.exec(textarea.name);
      var title = found && form.querySelector("[name='stages-" + found[1] + "-steps-" + found[2] + "-title']");
      dialog.querySelector("h2").textContent = textarea.getAttribute("aria-label");
      dialog.querySelector(".hint").textContent = title ? title.value : "";
      big.value = textarea.value;
      dialog.showModal();
      big.focus();
    };
    var writeBack = function () {
      if (!cell || cell.value === big.value) return;
      cell.value = big.value;
      cell.dispatchEvent(new Event("input", {bubbles: true}));
    };
    big.addEventListener("input", writeBack);
    // turned to a desktop's width, the layer (hidden there by the CSS) closes, keeping the text
    narrow.addEventListener("change", function () { if (!narrow.matches && dialog.open) dialog.close(); });
    dialog.addEventListener("close", function () {
      writeBack();
      if (cell) cell.focus();
      cell = null;
    });
    form.querySelectorAll(".jm-grid tbody textarea").forEach(function (textarea) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "jm-expand";
      button.textContent = "⤢";
      button.setAttribute("aria-label", expandText + ": " + textarea.getAttribute("aria-label"));
      button.addEventListener("click", function () { open(textarea); });
      textarea.after(button);
      textarea.addEventListener("click", function () { if (narrow.matches) open(textarea); });
    });
  }

  // The emotion points: each step's point on the curve is a slider (drag it, or arrows,
  // Home/End). The selects stay the form's values and the no-JS path; with the sliders on,
  // they are hidden, so a screen reader meets one control per step, not two.
  var LEVELS = [-2, -1, 0, 1, 2];
  function setEmotion(select, value) {
    value = Math.max(-2, Math.min(2, value));
    if (String(value) === select.value) return;
    select.value = String(value);
    select.dispatchEvent(new Event("input", {bubbles: true}));
    select.dispatchEvent(new Event("change", {bubbles: true}));
  }
  function describe(select, point) {
    var found = /^stages-(\d+)-steps-(\d+)-/.exec(select.name);
    var step = found && form.querySelector("label[for='stages-" + found[1] + "-steps-" + found[2] + "-title']");
    var option = select.options[select.selectedIndex];
    point.setAttribute("aria-valuenow", select.value);
    // the level in words under the curve, for the eyes (the slider's value text says it aloud)
    var shown = select.closest("td").querySelector(".jm-level");
    if (shown) {
      shown.textContent = option ? option.textContent.trim() : select.value;
      shown.setAttribute("data-emotion", select.value);
    }
    point.setAttribute("aria-valuetext", (step ? step.textContent + ": " : "") + (option ? option.textContent.trim() : select.value));
  }
  form.querySelectorAll("select.jm-emotion").forEach(function (select) {
    var svg = select.closest("td").querySelector("svg.jm-curve");
    var label = form.querySelector("label[for='" + select.id + "']");
    if (!svg || !label) return;
    var ns = "http://www.w3.org/2000/svg";
    var point = document.createElementNS(ns, "g");
    var dot = svg.querySelector(".jm-curve-dot");
    var ring = dot.cloneNode(false);
    ring.setAttribute("class", "jm-curve-ring");
    point.setAttribute("class", "jm-point");
    point.setAttribute("tabindex", "0");
    point.setAttribute("role", "slider");
    point.setAttribute("aria-label", label.textContent.trim());
    point.setAttribute("aria-valuemin", "-2");
    point.setAttribute("aria-valuemax", "2");
    point.setAttribute("aria-orientation", "vertical");
    point.appendChild(ring);
    point.appendChild(dot);
    svg.appendChild(point);
    svg.removeAttribute("aria-hidden");
    svg.setAttribute("role", "none");
    svg.classList.add("is-draggable");
    select.hidden = true;
    label.hidden = true;
    var shown = document.createElement("span");
    shown.className = "jm-level";
    shown.setAttribute("aria-hidden", "true");
    select.after(shown);
    describe(select, point);
    select.addEventListener("input", function () { describe(select, point); });

    point.addEventListener("keydown", function (event) {
      if (event.altKey) return;
      var now = Number(select.value), next = null;
      if (event.key === "ArrowUp" || event.key === "ArrowRight" || event.key === "PageUp") next = now + 1;
      else if (event.key === "ArrowDown" || event.key === "ArrowLeft" || event.key === "PageDown") next = now - 1;
      else if (event.key === "Home") next = -2;
      else if (event.key === "End") next = 2;
      if (next === null) return;
      event.preventDefault();
      setEmotion(select, next);
    });
    // Pointer Events: the whole strip is the handle; the point snaps to the nearest level.
    function level(event) {
      var box = svg.getBoundingClientRect();
      var y = (event.clientY - box.top) / box.height * 40;  // the viewBox's height
      return LEVELS[Math.max(0, Math.min(4, Math.round((36 - y) / 8)))];
    }
    var dragging = false;
    svg.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) return;
      dragging = true;
      svg.setPointerCapture(event.pointerId);
      point.focus();
      event.preventDefault();
      setEmotion(select, level(event));
    });
    svg.addEventListener("pointermove", function (event) { if (dragging) setEmotion(select, level(event)); });
    var stop = function () { dragging = false; };
    svg.addEventListener("pointerup", stop);
    svg.addEventListener("pointercancel", stop);
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && timer) { window.clearTimeout(timer); save(); }
  });
})();
