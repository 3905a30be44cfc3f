// "New product from photos": previews, the 8-photo limit, and an upload with a progress bar
// (XMLHttpRequest: fetch() reports no upload progress). Without JavaScript the form posts normally.
const initPhotoUpload = (form) => {
  const input = form.querySelector("input[type=file]");
  const previews = form.querySelector("[data-previews]");
  const error = form.querySelector("[data-upload-error]");
  const progress = form.querySelector("[data-progress]");
  const bar = progress.querySelector("progress");
  const analysing = form.querySelector("[data-analysing]");
  const submit = form.querySelector("[data-upload-submit]");
  const max = parseInt(input.dataset.max, 10) || 8;

  const showError = (text) => {
    error.textContent = text;
    error.hidden = !text;
  };
  const stop = (text) => {
    submit.disabled = false;
    progress.hidden = true;
    showError(text);
  };

  input.addEventListener("change", () => {
    previews.textContent = "";
    Array.from(input.files).forEach((file, index) => {
      const item = document.createElement("li");
      const img = document.createElement("img");
      img.alt = `${form.dataset.photoLabel} ${index + 1}`;
      img.src = URL.createObjectURL(file);
      img.onload = () => URL.revokeObjectURL(img.src);
      item.appendChild(img);
      previews.appendChild(item);
    });
    showError(input.files.length > max ? form.dataset.tooMany : "");
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (input.files.length > max) {
      showError(form.dataset.tooMany);
      return;
    }
    showError("");
    const request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    request.responseType = "json";
    progress.hidden = false;
    analysing.hidden = true;
    bar.value = 0;
    submit.disabled = true;
    request.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
    });
    request.upload.addEventListener("load", () => {
      bar.value = 100;
      analysing.hidden = false;
    });
    request.addEventListener("load", () => {
      const answer = request.response || {};
      if (request.status === 200 && answer.redirect) {
        window.location.assign(answer.redirect);
        return;
      }
      const errors = answer.errors || {};
      const first = Object.keys(errors)[0];
      stop(first ? errors[first].join(" ") : form.dataset.failed);
    });
    request.addEventListener("error", () => stop(form.dataset.failed));
    request.send(new FormData(form));
  });
};

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-photo-upload]").forEach(initPhotoUpload);
});
