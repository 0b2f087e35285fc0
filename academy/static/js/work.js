// The learner's work form: the text autosaved while typing, a character count, one submit
// per click. The form works without it (every button saves the text first).
(function () {
  "use strict";
  var form = document.querySelector("form.work-form[data-autosave-url]");
  if (!form) return;
  var area = form.querySelector("textarea[name=text]");
  var statusLine = form.querySelector("[data-save-status]");
  var count = form.querySelector("[data-count]");
  var tokenInput = form.querySelector("input[name=csrf_token]");
  var pending = null, saving = false, dirty = false, submitting = false;

  function say(text) { if (statusLine) statusLine.textContent = text; }

  function save(keepalive) {
    if (!area || submitting) return;
    if (saving) { dirty = true; return; }
    saving = true; dirty = false;
    fetch(form.getAttribute("data-autosave-url"), {
      method: "POST",
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: {"Content-Type": "application/json", "Accept": "application/json",
                "X-CSRFToken": tokenInput ? tokenInput.value : ""},
      body: JSON.stringify({text: area.value})
    }).then(function (response) {
      return response.json().then(function (body) { return {status: response.status, body: body}; });
    }).then(function (result) {
      if (result.status === 409) { window.location.reload(); return; }
      if (result.status === 422) { say(result.body.message); return; }  // too long: keep typing
      if (result.status !== 200 || !result.body.saved) throw new Error("not saved");
      say(result.body.message);
    }).catch(function () {
      say(form.getAttribute("data-failed-text"));
      dirty = true;
      window.setTimeout(function () { if (dirty) save(); }, 5000);
    }).then(function () {
      saving = false;
      if (dirty) schedule(800);
    });
  }

  function schedule(delay) {
    window.clearTimeout(pending);
    pending = window.setTimeout(save, delay);
  }

  if (area) {
    area.addEventListener("input", function () {
      if (count) count.textContent = String(area.value.trim().length);
      schedule(1200);
    });
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && pending) { window.clearTimeout(pending); save(true); }
  });
  form.addEventListener("submit", function (event) {
    if (submitting) { event.preventDefault(); return; }
    submitting = true;
    window.clearTimeout(pending);
    window.setTimeout(function () {
      Array.prototype.forEach.call(form.querySelectorAll("button"), function (b) { b.disabled = true; });
    }, 0);
  });
})();
