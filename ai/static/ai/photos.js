// "New product from photos": previews, the 8-photo limit, and an upload with a progress bar
// (XMLHttpRequest: fetch() reports no upload progress). Without JavaScript the form posts normally.
(function () {
  "use strict";

  function init(form) {
    var input = form.querySelector("input[type=file]");
    var previews = form.querySelector("[data-previews]");
    var error = form.querySelector("[data-upload-error]");
    var progress = form.querySelector("[data-progress]");
    var bar = progress.querySelector("progress");
    var analysing = form.querySelector("[data-analysing]");
    var submit = form.querySelector("[data-upload-submit]");
    var max = parseInt(input.dataset.max, 10) || 8;

    function showError(text) {
      error.textContent = text;
      error.hidden = !text;
    }

    input.addEventListener("change", function () {
      previews.textContent = "";
      Array.prototype.forEach.call(input.files, function (file, index) {
        var item = document.createElement("li");
        var img = document.createElement("img");
        img.alt = form.dataset.photoLabel ? form.dataset.photoLabel + " " + (index + 1) : String(index + 1);
        img.src = URL.createObjectURL(file);
        img.onload = function () { URL.revokeObjectURL(img.src); };
        item.appendChild(img);
        previews.appendChild(item);
      });
      showError(input.files.length > max ? form.dataset.tooMany : "");
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (input.files.length > max) { showError(form.dataset.tooMany); return; }
      showError("");
      var request = new XMLHttpRequest();
      request.open("POST", form.action || window.location.href);
      request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      request.responseType = "json";
      progress.hidden = false;
      analysing.hidden = true;
      bar.value = 0;
      submit.disabled = true;
      request.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) { bar.value = Math.round((e.loaded / e.total) * 100); }
      });
      request.upload.addEventListener("load", function () {
        bar.value = 100;
        analysing.hidden = false;
      });
      request.addEventListener("load", function () {
        var answer = request.response || {};
        if (request.status === 200 && answer.redirect) { window.location.assign(answer.redirect); return; }
        submit.disabled = false;
        progress.hidden = true;
        var errors = answer.errors || {};
        var first = Object.keys(errors)[0];
        showError(first ? errors[first].join(" ") : form.dataset.failed);
      });
      request.addEventListener("error", function () {
        submit.disabled = false;
        progress.hidden = true;
        showError(form.dataset.failed);
      });
      request.send(new FormData(form));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-photo-upload]").forEach(init);
  });
})();
