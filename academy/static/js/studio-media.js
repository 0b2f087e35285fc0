// The studio's media page: a "Copy" button beside each Markdown reference.
// Without JavaScript the read-only field can be selected and copied by hand.
(function () {
  "use strict";
  var script = document.currentScript;
  var status = document.getElementById("copy-status");
  var say = function (text) { if (status) { status.textContent = text; } };
  if (!navigator.clipboard) { return; }
  document.querySelectorAll("button.copy-ref").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var input = document.getElementById(button.getAttribute("data-copy"));
      navigator.clipboard.writeText(input.value).then(
        function () { say(script.getAttribute("data-copied")); },
        function () { input.select(); say(script.getAttribute("data-failed")); }
      );
    });
  });
})();
