// The journey-map editor, enhanced: autosave (compare-and-set on the map's revision, the
// CSRF token in a header), Alt+Shift+arrows to move a stage or a step, the emotion's colour,
// and focus back where it was after a button reloads the page. Without it the form works.
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
      var dot = svg.querySelector(".jm-curve-dot");
      dot.setAttribute("y1", y); dot.setAttribute("y2", y);
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

  // After a button reloaded the page, focus what it acted on (its anchor is in the address).
  // (on load: the browser's own move to the fragment would otherwise take the focus back)
  window.addEventListener("load", function () {
    var anchor = window.location.hash.slice(1);
    var place = anchor && document.getElementById(anchor);
    if (!place || !/^(stage|step|goal|persona)-/.test(anchor)) return;
    var field = place.querySelector("input, textarea");
    if (field) { window.setTimeout(function () { field.focus(); }, 0); place.classList.add("jm-moved"); }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && timer) { window.clearTimeout(timer); save(); }
  });
})();
