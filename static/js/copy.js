// "Copy" buttons: <button data-copy="#selector" hidden>. Hidden until this script runs, because
// without it the button could not work; the text stays selectable either way.
document.querySelectorAll("[data-copy]").forEach((button) => {
  if (!navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    const source = document.querySelector(button.dataset.copy);
    if (!source) return;
    try {
      await navigator.clipboard.writeText(source.textContent.trim());
      button.textContent = button.dataset.copiedLabel;
    } catch {
      button.textContent = button.dataset.failedLabel;
    }
  });
});
