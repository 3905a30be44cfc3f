// Draws the Sales page's monthly revenue and margin (one pair of series per currency, never added together).
/* global Chart */
document.addEventListener("DOMContentLoaded", () => {
  const canvas = document.getElementById("sales-chart");
  const source = document.getElementById("sales-chart-data");
  if (!canvas || !source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const names = document.getElementById("sales-chart-labels").dataset;
  const colours = {revenue: "#0b7a75", margin: "#b86e00"};
  canvas.chart = new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: data.series.map((s) => ({label: `${names[s.key] || s.key} (${s.currency})`, data: s.values,
                                         backgroundColor: colours[s.key] || "#5b6475"})),
    },
    options: {responsive: true, maintainAspectRatio: false, animation: false,
              scales: {y: {beginAtZero: true}}},
  });
});
