// Draws the products listed/sold chart from the JSON the page embeds; Chart.js is served locally.
/* global Chart */
document.addEventListener("DOMContentLoaded", () => {
  const canvas = document.getElementById("catalog-chart");
  const source = document.getElementById("catalog-chart-data");
  if (!canvas || !source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const names = document.getElementById("catalog-chart-labels").dataset;
  const colours = ["#0b7a75", "#b86e00", "#5b6475", "#b3261e", "#1e7b34"];
  canvas.chart = new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: data.series.map((s, i) => ({label: s.label || names[s.key] || s.key, data: s.values,
                                            backgroundColor: colours[i % colours.length]})),
    },
    options: {responsive: true, maintainAspectRatio: false, animation: false,
              scales: {y: {beginAtZero: true, ticks: {precision: 0}}}},
  });
});
