// Quiz answering: autosave, countdown, one submit per click. The form works without it.
(function () {
  "use strict";
  var form = document.querySelector("form.quiz-form[data-autosave-url]");
  if (!form) return;
  var statusLine = form.querySelector("[data-save-status]");
  var tokenInput = form.querySelector("input[name=csrf_token]");
  var pending = null;
  var saving = false;
  var dirty = false;
  var submitting = false;

  function answers() {
    var payload = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !/^q_/.test(el.name)) return;
      if (el.type === "checkbox") {
        payload[el.name] = payload[el.name] || [];
        if (el.checked) payload[el.name].push(el.value);
      } else if (el.type === "radio") {
        if (el.checked) payload[el.name] = el.value;
      } else {
        payload[el.name] = el.value;
      }
    });
    return payload;
  }

  function say(text) {
    if (statusLine) statusLine.textContent = text;
  }

  function showErrors(errors) {
    Array.prototype.forEach.call(form.querySelectorAll("[data-error-for]"), function (p) {
      var messages = (errors || {})[p.getAttribute("data-error-for")];
      p.textContent = messages ? messages.join(" ") : "";
      p.hidden = !messages;
      p.closest("fieldset").classList.toggle("has-error", !!messages);
    });
  }

  function save(keepalive) {
    if (submitting) return;
    if (saving) { dirty = true; return; }
    saving = true;
    dirty = false;
    fetch(form.getAttribute("data-autosave-url"), {
      method: "POST",
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": tokenInput ? tokenInput.value : ""
      },
      body: JSON.stringify(answers())
    }).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    }).then(function (result) {
      if (result.status === 409) { window.location.reload(); return; }
      // the cohort's schedule shut the quiz meanwhile: say why, stop saving
      if (result.status === 403 && result.body.locked) { say(result.body.message); return; }
      if (result.status === 401) {  // signed out meanwhile: say so, keep the answers, retry
        say(result.body.message);
        window.setTimeout(function () { dirty = true; save(); }, 5000);
        return;
      }
      if (result.status !== 200 || !result.body.saved) throw new Error("not saved");
      say(result.body.message);
      showErrors(result.body.errors);
    }).catch(function () {
      say(form.getAttribute("data-failed-text"));
      dirty = true;
      window.setTimeout(function () { if (dirty) save(); }, 5000);
    }).then(function () {
      saving = false;
      if (dirty) schedule(500);
    });
  }

  function schedule(delay) {
    window.clearTimeout(pending);
    pending = window.setTimeout(save, delay);
  }

  form.addEventListener("change", function () { schedule(150); });
  form.addEventListener("input", function (event) {
    if (event.target.type === "text") schedule(900);
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && pending) { window.clearTimeout(pending); save(true); }
  });

  form.addEventListener("submit", function (event) {
    if (submitting) { event.preventDefault(); return; }
    submitting = true;
    window.clearTimeout(pending);
    // Disable after the browser has read the clicked button into the form data.
    window.setTimeout(function () {
      Array.prototype.forEach.call(form.querySelectorAll("button, input[type=submit]"), function (b) { b.disabled = true; });
    }, 0);
  });

  var timer = document.querySelector("[data-deadline]");
  if (timer) {
    var deadline = new Date(timer.getAttribute("data-deadline")).getTime();
    var remaining = timer.querySelector("[data-remaining]");
    var template = timer.getAttribute("data-remaining-text");
    var tick = function () {
      var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      var minutes = Math.floor(left / 60);
      var seconds = left % 60;
      remaining.textContent = template.replace("%(time)s", minutes + ":" + (seconds < 10 ? "0" : "") + seconds);
      timer.classList.toggle("is-ending", left <= 60);
      if (left === 0) {
        window.clearInterval(interval);
        say(form.getAttribute("data-time-up-text"));
        // time is up: submit as it is, blank questions and all (the server asks nothing then)
        var button = form.querySelector("[name=submit_anyway]") || form.querySelector("[name=submit]");
        if (button && button.name === "submit") {
          var anyway = document.createElement("input");
          anyway.type = "hidden"; anyway.name = "submit_anyway"; anyway.value = "y";
          form.appendChild(anyway);
        }
        if (form.requestSubmit && button) form.requestSubmit(button); else if (button) button.click();
      }
    };
    var interval = window.setInterval(tick, 1000);
    tick();
  }
})();
