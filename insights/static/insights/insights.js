// The insights page: draws each chart from the figures the server computed (insights/figures.py)
// with plotly.js, in the UI's font. A click on a point, bar or node opens that item on the map
// (its customdata is the item's address there); a click on a heatmap cell lists the cell's
// touchpoints under the chart. Each drawn chart gets data-drawn, which the browser tests await.
(function () {
  "use strict";

  const CONFIG = { displayModeBar: false, responsive: true };

  function listCell(box, cell) {
    box.replaceChildren();
    const heading = document.createElement("h3");
    heading.textContent = box.dataset.heading.replace("{cell}", cell.label);
    const list = document.createElement("ul");
    for (const tp of cell.touchpoints) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = tp.url;
      link.textContent = tp.title;
      item.append(link, " (" + tp.emotion + ")");
      list.append(item);
    }
    box.append(heading, list);
  }

  function draw(element, chart, font) {
    const layout = Object.assign({}, chart.figure.layout, {
      font: { family: font, size: 13, color: "#1f2937" },
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
    });
    // A responsive plot fills its element's height: give the element the figure's own (the
    // CSSOM, which the policy does not govern), or a tall chart overflows onto the next one.
    if (layout.height) element.style.height = layout.height + "px";
    return Plotly.newPlot(element, chart.figure.data, layout, CONFIG).then(function () {
      element.on("plotly_click", function (event) {
        const point = event.points && event.points[0];
        if (!point || !point.customdata) return;
        const box = document.getElementById("cell-touchpoints");
        if (chart.cells && chart.cells[point.customdata] && box) {
          listCell(box, chart.cells[point.customdata]);
        } else if (String(point.customdata).startsWith("/")) {
          window.location.assign(point.customdata);
        }
      });
      element.setAttribute("data-drawn", "");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    const source = document.getElementById("insights-data");
    if (!source || typeof Plotly === "undefined") return;
    const charts = JSON.parse(source.textContent);
    const font = getComputedStyle(document.body).fontFamily;
    for (const element of document.querySelectorAll("[data-chart]")) {
      const chart = charts[element.dataset.chart];
      if (chart) draw(element, chart, font);
    }
  });
})();
