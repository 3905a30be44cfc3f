// "Put into the form": copies an AI text into the product form's fields; nothing is saved
// until the seller saves the form, so nothing already written is lost by generating.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-ai-fill]");
  if (!button) return;
  const result = button.closest(".ai-result");
  const form = button.closest("form");
  const title = form && form.querySelector("[name=title]");
  const description = form && form.querySelector("[name=description]");
  if (title) title.value = result.querySelector("[data-ai-title]").value;
  if (description) description.value = result.querySelector("[data-ai-description]").value;
  const note = result.querySelector("[data-ai-filled]");
  if (note) note.hidden = false;
  if (title) title.focus();
});
