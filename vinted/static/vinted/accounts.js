// Counts the session's remaining time down between page loads.
(function () {
  function tick() {
    document.querySelectorAll("[data-expires-at]").forEach(function (el) {
      const left = Math.floor((Date.parse(el.dataset.expiresAt) - Date.now()) / 1000);
      if (left <= 0) { el.textContent = el.dataset.expiredLabel; return; }
      const h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60);
      el.textContent = el.dataset.leftLabel + " " + (h ? h + " h " : "") + m + " min";
    });
  }
  tick(); setInterval(tick, 30000);
})();
