// <details class="fold-wide"> (the header menu, a module's course outline) is folded on a phone
// and needs no script there. A wide window shows it open: CSS does that with ::details-content,
// and this opens it where a browser does not support that yet, and follows a resize.
(() => {
  const wide = window.matchMedia("(min-width: 821px)");
  const follow = () => {
    for (const fold of document.querySelectorAll("details.fold-wide")) fold.open = wide.matches;
  };
  follow();
  wide.addEventListener("change", follow);
})();
