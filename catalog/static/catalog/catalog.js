// Select-all for bulk actions, and a highlighted drop zone for photos.
document.addEventListener("change", (event) => {
  if (!event.target.matches("[data-select-all]")) return;
  event.target.form.querySelectorAll('input[name="ids"]').forEach((box) => { box.checked = event.target.checked; });
});
document.addEventListener("dragover", (event) => {
  const zone = event.target.closest(".dropzone");
  if (zone) zone.classList.add("dropzone--over");
});
document.addEventListener("dragleave", (event) => {
  const zone = event.target.closest(".dropzone");
  if (zone) zone.classList.remove("dropzone--over");
});
// Enter in the category search looks for categories; it must not submit the product form.
document.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && event.target.matches("#id_category_q")) event.preventDefault();
});
