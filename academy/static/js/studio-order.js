// The course page's module list: drag a module to another place, and the new order is saved.
// The ↑ / ↓ buttons beside each module do the same from the keyboard or without JavaScript.
(function () {
  "use strict";
  var list = document.querySelector("ol.studio-modules[data-order-url]");
  if (!list || !window.fetch || list.children.length < 2) { return; }
  var status = document.getElementById("order-status");
  var hint = document.querySelector("[data-drag-hint]");
  var dragged = null, before = null;
  if (hint) { hint.hidden = false; }

  function order() {
    return Array.prototype.map.call(list.querySelectorAll("li[data-slug]"), function (li) {
      return li.getAttribute("data-slug");
    });
  }
  function renumber() {
    list.querySelectorAll("li[data-slug]").forEach(function (li, i) {
      var number = li.querySelector(".studio-module-number");
      if (number) { number.textContent = String(i + 1); }
    });
  }
  function save() {
    fetch(list.getAttribute("data-order-url"), {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json",
                 "X-CSRFToken": list.getAttribute("data-csrf") },
      body: JSON.stringify({ order: order() })
    }).then(function (response) {
      status.textContent = list.getAttribute(response.ok ? "data-saved" : "data-failed");
      if (!response.ok) { window.location.reload(); }
    }).catch(function () { status.textContent = list.getAttribute("data-failed"); });
  }

  list.querySelectorAll("li[data-slug]").forEach(function (li) {
    li.draggable = true;
    li.classList.add("is-draggable");
    li.addEventListener("dragstart", function (event) {
      dragged = li; before = order().join(",");
      li.classList.add("is-dragged");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", li.getAttribute("data-slug"));
    });
    li.addEventListener("dragend", function () {
      li.classList.remove("is-dragged");
      dragged = null;
      renumber();
      if (order().join(",") !== before) { save(); }
    });
    li.addEventListener("dragover", function (event) {
      if (!dragged || dragged === li) { return; }
      event.preventDefault();
      var box = li.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      list.insertBefore(dragged, after ? li.nextSibling : li);
    });
    li.addEventListener("drop", function (event) { event.preventDefault(); });
  });
})();
