/* Draws every chart described in the JSON of <script id="report-charts"> into <canvas id="chart-N">. */
(function () {
  "use strict";
  var source = document.getElementById("report-charts");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  var language = document.documentElement.lang || undefined;
  var formats = {
    money: new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
    quantity: new Intl.NumberFormat(language, { maximumFractionDigits: 3 }),
    integer: new Intl.NumberFormat(language, { maximumFractionDigits: 0 })
  };
  JSON.parse(source.textContent).forEach(function (chart, index) {
    var canvas = document.getElementById("chart-" + index);
    if (!canvas) {
      return;
    }
    var format = formats[chart.kind] || formats.quantity;
    var round = chart.type === "doughnut" || chart.type === "pie";
    var valueAxis = chart.horizontal ? "x" : "y";
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: chart.horizontal ? "y" : "x",
      plugins: {
        legend: { display: round || chart.datasets.length > 1 },
        tooltip: {
          callbacks: {
            label: function (context) {
              var value = round ? context.parsed : context.parsed[valueAxis];
              var label = context.dataset.label ? context.dataset.label + ": " : "";
              return label + format.format(value);
            }
          }
        }
      }
    };
    if (!round) {
      options.scales = {};
      options.scales[valueAxis] = {
        beginAtZero: true,
        ticks: { callback: function (value) { return formats.integer.format(value); } }
      };
    }
    chart.datasets.forEach(function (dataset) {
      dataset.maxBarThickness = 36;
    });
    new Chart(canvas, {
      type: chart.type,
      data: { labels: chart.labels, datasets: chart.datasets },
      options: Object.assign(options, chart.options || {})
    });
  });
})();
