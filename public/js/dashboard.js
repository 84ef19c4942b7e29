// 可视化管理: draws every element with a data-chart attribute with Apache ECharts. The
// server puts the chart's data in the attribute as JSON ({type, unit, stack, categories,
// series: [{name, data}]}); the same numbers are in the table next to it. Widgets arrive as
// htmx fragments, so drawing runs on htmx:load for each new piece of content (and once for
// the page, for a widget page opened without htmx). No inline script: CSP stays strict.
(function () {
  "use strict";
  var charts = [];

  function option(spec) {
    var horizontal = spec.type === "hbar";
    var kind = spec.type === "line" ? "line" : "bar";
    var fmt = function (v) {
      if (v === null || v === undefined) { return "—"; }
      if (spec.unit === "%") { return v.toFixed(1) + "%"; }
      if (spec.unit === "yuan") { return v.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 }); }
      return String(v);
    };
    var cat = { type: "category", data: spec.categories, axisLabel: { interval: 0, hideOverlap: true } };
    var val = { type: "value", axisLabel: { formatter: function (v) { return spec.unit === "%" ? v + "%" : v; } } };
    if (spec.unit === "%") { val.max = 100; }
    if (horizontal) { cat.inverse = true; }
    return {
      animation: false,
      aria: { enabled: true },
      tooltip: { trigger: "axis", valueFormatter: fmt },
      legend: { show: spec.series.length > 1, top: 0, type: "scroll" },
      grid: { left: 8, right: 16, top: spec.series.length > 1 ? 32 : 12, bottom: 8, containLabel: true },
      xAxis: horizontal ? val : cat,
      yAxis: horizontal ? cat : val,
      series: spec.series.map(function (s) {
        return { name: s.name, type: kind, data: s.data, stack: spec.stack ? "all" : undefined,
          connectNulls: false, smooth: false, barMaxWidth: 36 };
      })
    };
  }

  function draw(root) {
    if (!root || !root.querySelectorAll || typeof echarts === "undefined") { return; }
    var els = Array.prototype.slice.call(root.querySelectorAll("[data-chart]"));
    if (root.matches && root.matches("[data-chart]")) { els.push(root); }
    els.forEach(function (el) {
      if (el.getAttribute("data-drawn")) { return; }
      el.setAttribute("data-drawn", "1");
      var spec;
      try { spec = JSON.parse(el.getAttribute("data-chart")); } catch (e) { return; }
      if (!spec.categories || spec.categories.length === 0) { return; }
      var chart = echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(option(spec));
      charts.push(chart);
    });
  }

  window.addEventListener("resize", function () {
    charts.forEach(function (c) { if (!c.isDisposed()) { c.resize(); } });
  });
  document.addEventListener("htmx:load", function (e) { draw(e.target); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { draw(document); });
  } else {
    draw(document);
  }
})();
