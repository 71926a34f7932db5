// Line charts on uPlot: one x series and several y series; each chart's element carries data-points (how many
// x values it shows), which the browser tests read.
const Charts = (() => {
  const colors = ['#1565c0', '#e65100', '#2e7d32', '#6a1b9a', '#c62828', '#00838f', '#ef6c00', '#4e342e'];
  function create(parent, id, title, xLabel, seriesLabels) {
    const box = document.createElement('div');
    box.className = 'chart';
    box.id = id;
    box.innerHTML = '<h3></h3>';
    box.querySelector('h3').textContent = title;
    parent.appendChild(box);
    const opts = {
      width: 470, height: 240,
      scales: { x: { time: false } },
      axes: [{ label: xLabel }, {}],
      series: [{ label: xLabel }].concat(seriesLabels.map((l, i) => ({ label: l, stroke: colors[i % colors.length], width: 1.5, spanGaps: true, points: { show: false } }))),
    };
    const data = [[]].concat(seriesLabels.map(() => []));
    const plot = new uPlot(opts, data, box);
    const chart = {
      box, plot, data,
      // replaces the data: xs and one array per series
      set(xs, ys) { chart.data = [xs].concat(ys); plot.setData(chart.data); box.dataset.points = xs.length; },
      // appends points: xs and one array per series
      append(xs, ys) {
        chart.data[0] = chart.data[0].concat(xs);
        for (let i = 0; i < ys.length; i++) chart.data[i + 1] = chart.data[i + 1].concat(ys[i]);
        plot.setData(chart.data);
        box.dataset.points = chart.data[0].length;
      },
    };
    box.dataset.points = 0;
    return chart;
  }
  return { create };
})();

// Small helpers shared by the pages.
function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}
function fmt(v) {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'number') return String(v);
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 1000 || Math.abs(v) < 0.001 ? v.toExponential(3) : v.toFixed(4);
}
function column(table, name) { return table ? table.columns.indexOf(name) : -1; }
