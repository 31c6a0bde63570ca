// Draws the dashboard's charts from the figures the page hands over in #feedback-chart-data
// (CSP forbids inline scripts). The tables under each chart hold the same numbers.
(function () {
  "use strict";
  var node = document.getElementById("feedback-chart-data");
  if (!node || typeof Chart === "undefined") return;
  var data = JSON.parse(node.textContent);
  var lang = document.documentElement.lang || undefined;
  var money = function (v) {
    return Number(v).toLocaleString(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  };
  var options = {
    responsive: true,
    animation: false,
    plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + money(c.chart.options.indexAxis === "y" ? c.parsed.x : c.parsed.y); } } } },
    scales: { y: { ticks: { callback: function (v) { return money(v); } } } },
  };
  var results = document.getElementById("chart-results");
  if (results) {
    var sets = [{ label: data.year, data: data.result, backgroundColor: "#0d6efd" }];
    if (data.result_previous.length) {
      sets.push({ label: data.previous_year, data: data.result_previous, backgroundColor: "#adb5bd" });
    }
    new Chart(results, { type: "bar", data: { labels: data.quarters, datasets: sets }, options: options });
  }
  var liquidity = document.getElementById("chart-liquidity");
  if (liquidity) {
    new Chart(liquidity, {
      type: "line",
      data: { labels: data.liquidity_labels, datasets: [{ label: liquidity.dataset.label, data: data.liquidity, borderColor: "#198754", tension: 0.2 }] },
      options: options,
    });
  }
  var costs = document.getElementById("chart-costs");
  if (costs) {
    new Chart(costs, {
      type: "bar",
      data: { labels: data.cost_labels, datasets: [{ label: costs.dataset.label, data: data.costs, backgroundColor: "#fd7e14" }] },
      options: Object.assign({}, options, { indexAxis: "y", scales: { x: { ticks: { callback: function (v) { return money(v); } } } } }),
    });
  }
})();
