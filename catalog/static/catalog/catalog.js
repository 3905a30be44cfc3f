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
// Colour and material chips: the filter box hides the chips that do not match (checked ones stay).
document.querySelectorAll("[data-chips-filter]").forEach((box) => {
  box.hidden = false;
  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  box.addEventListener("input", () => {
    const wanted = fold(box.value);
    box.closest("[data-chips]").querySelectorAll("[data-chip]").forEach((chip) => {
      const checked = chip.querySelector("input").checked;
      chip.hidden = Boolean(wanted) && !checked && !fold(chip.dataset.chip).includes(wanted);
    });
  });
});
// Enter in the category search looks for categories, in a chips filter box it filters: neither
// submits the product form.
document.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && event.target.matches("#id_category_q, [data-chips-filter]")) event.preventDefault();
});
