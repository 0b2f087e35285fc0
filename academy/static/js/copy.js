// "Copy" buttons (data-copy holds the text): shown only where the clipboard can be written.
(() => {
  if (!navigator.clipboard) return;
  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.hidden = false;
    const label = button.textContent;
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(button.dataset.copy);
      button.textContent = button.dataset.copiedText;
      window.setTimeout(() => { button.textContent = label; }, 2500);
    });
  }
})();
