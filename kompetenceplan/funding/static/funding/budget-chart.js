/* Budget overview: bar chart of amount, allocated and spent per source and year.
   The table beside the chart holds the same numbers (the accessible version). */
(function () {
  "use strict";
  var canvas = document.getElementById("budget-chart");
  var dataElement = document.getElementById("budget-chart-data");
  if (!canvas || !dataElement || typeof window.Chart === "undefined") {
    return;
  }
  // The height comes as data, not an inline style, so the page works under a strict CSP.
  var box = canvas.closest(".kp-funding-chart");
  if (box && box.dataset.height) {
    box.style.height = box.dataset.height + "px";
  }
  var rows = JSON.parse(dataElement.textContent);
  if (!rows.length) {
    return;
  }
  var locale = document.documentElement.lang === "en" ? "en-GB" : "da-DK";
  var number = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  var kroner = function (value) {
    return number.format(value) + " kr.";
  };
  var wrap = function (text, width) {
    var lines = [];
    var line = "";
    text.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) {
      lines.push(line);
    }
    return lines;
  };
  var reduceMotion =
    window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var overLabel = canvas.dataset.labelOver;
  var BLUE = "#0059b3";
  var RED = "#cc0000";
  var GREEN = "#00703c";
  var anyOver = rows.some(function (row) {
    return row.allocated > row.amount;
  });
  window.Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
  window.Chart.defaults.font.size = 13;
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: rows.map(function (row) {
        return wrap(row.label, 26);
      }),
      datasets: [
        {
          label: canvas.dataset.labelAmount,
          data: rows.map(function (row) {
            return row.amount;
          }),
          backgroundColor: "#dcdcdc",
          borderColor: "#454545",
          borderWidth: 1,
        },
        {
          label: canvas.dataset.labelAllocated,
          data: rows.map(function (row) {
            return row.allocated;
          }),
          backgroundColor: rows.map(function (row) {
            return row.allocated > row.amount ? RED : BLUE;
          }),
        },
        {
          label: canvas.dataset.labelSpent,
          data: rows.map(function (row) {
            return row.spent;
          }),
          backgroundColor: GREEN,
          // Spent past the allocation: a thick red edge (the table says it in words).
          borderColor: rows.map(function (row) {
            return row.spent > row.allocated ? RED : GREEN;
          }),
          borderWidth: rows.map(function (row) {
            return row.spent > row.allocated ? 3 : 0;
          }),
        },
      ],
    },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      animation: reduceMotion ? false : { duration: 400 },
      scales: {
        x: {
          beginAtZero: true,
          title: { display: true, text: canvas.dataset.labelAxis, color: "#1a1a1a" },
          ticks: {
            color: "#1a1a1a",
            maxRotation: 0,
            maxTicksLimit: 5,
            callback: function (value) {
              return number.format(value / 1000);
            },
          },
        },
        y: { ticks: { color: "#1a1a1a", autoSkip: false } },
      },
      plugins: {
        legend: {
          position: "bottom",
          labels: {
            color: "#1a1a1a",
            // Bars over the amount are red: say so in the legend too.
            generateLabels: function (chart) {
              var items = window.Chart.defaults.plugins.legend.labels.generateLabels(chart);
              items[1].fillStyle = items[1].strokeStyle = BLUE;
              items[2].fillStyle = items[2].strokeStyle = GREEN;
              items[2].lineWidth = 0;
              if (anyOver) {
                items.push({
                  text: canvas.dataset.labelAllocated + " (" + overLabel + ")",
                  fillStyle: RED,
                  strokeStyle: RED,
                  fontColor: "#1a1a1a",
                  lineWidth: 0,
                  hidden: items[1].hidden,
                  datasetIndex: 1,
                });
              }
              return items;
            },
          },
        },
        tooltip: {
          callbacks: {
            label: function (context) {
              var row = rows[context.dataIndex];
              var text = context.dataset.label + ": " + kroner(context.parsed.x);
              if (context.datasetIndex === 1 && row.allocated > row.amount) {
                text += " (" + overLabel + ")";
              }
              if (context.datasetIndex === 2 && row.spent > row.allocated) {
                text += " (" + canvas.dataset.labelSpentOver + ")";
              }
              return text;
            },
          },
        },
      },
    },
  });
})();
