// Several runs overlaid: for each column of steps.csv and metrics.csv, one chart with a line per run, on the union
// of their x values (gaps where a run has no point).
(async () => {
  const names = (new URLSearchParams(location.search).get('runs') || '').split(',').filter(s => s).slice(0, 8);
  document.getElementById('names').textContent = names.join(', ');
  const runs = [];
  for (const n of names) {
    const r = await fetch('/api/runs/' + encodeURIComponent(n));
    if (!r.ok) { document.getElementById('error').append(el('p', { class: 'error' }, 'no run named ' + n)); continue; }
    const d = await r.json();
    if (d.error) { document.getElementById('error').append(el('p', { class: 'error' }, n + ': ' + d.error)); continue; }
    runs.push(d);
  }
  function overlay(kind, xName, parent) {
    const columns = new Set();
    runs.forEach(r => r[kind] && r[kind].columns.forEach(c => { if (c !== 'step' && c !== 'epoch') columns.add(c); }));
    for (const col of columns) {
      const xs = new Set();
      runs.forEach(r => { if (r[kind]) { const x = column(r[kind], xName); r[kind].rows.forEach(row => xs.add(row[x])); } });
      const sorted = [...xs].sort((a, b) => a - b);
      const series = runs.map(r => {
        const t = r[kind], values = new Map();
        if (t && column(t, col) >= 0) t.rows.forEach(row => values.set(row[column(t, xName)], row[column(t, col)]));
        return sorted.map(x => values.has(x) ? values.get(x) : null);
      });
      Charts.create(parent, kind + '-' + col, col, xName, runs.map(r => r.name)).set(sorted, series);
    }
  }
  overlay('steps', 'step', document.getElementById('steps'));
  overlay('epochs', 'epoch', document.getElementById('epochs'));
})();
