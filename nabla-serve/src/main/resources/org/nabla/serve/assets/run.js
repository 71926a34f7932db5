// One run's page: curves per step (steps.csv) and per epoch (metrics.csv), kept live by server-sent events while the
// run trains; the confusion matrix, sample predictions, samples, saved charts and configuration.
const RunPage = (() => {
  const name = decodeURIComponent(location.pathname.split('/').pop());
  const stepCharts = {}, epochCharts = {};
  let stepColumns = null, epochColumns = null, events = null;

  // one chart per column but step and epoch, against the step
  function buildSteps(table) {
    stepColumns = table.columns;
    const x = column(table, 'step');
    for (let c = 0; c < table.columns.length; c++) {
      const col = table.columns[c];
      if (col === 'step' || col === 'epoch') continue;
      const chart = Charts.create(document.getElementById('steps'), 'steps-' + col, col + ' per step', 'step', [col]);
      chart.column = c;
      chart.set(table.rows.map(r => r[x]), [table.rows.map(r => r[c])]);
      stepCharts[col] = chart;
    }
  }
  function appendSteps(columns, rows) {
    const x = columns.indexOf('step');
    for (const chart of Object.values(stepCharts)) chart.append(rows.map(r => r[x]), [rows.map(r => r[chart.column])]);
  }

  // train_X and val_X in one chart per X, against the epoch
  function epochGroups(columns) {
    const groups = {};
    columns.forEach((col, c) => {
      if (col === 'epoch') return;
      const base = col.replace(/^(train|val)_/, '');
      (groups[base] = groups[base] || []).push({ col, c });
    });
    return groups;
  }
  function buildEpochs(table) {
    epochColumns = table.columns;
    const x = column(table, 'epoch');
    for (const [base, cols] of Object.entries(epochGroups(table.columns))) {
      const chart = Charts.create(document.getElementById('epochs'), 'epochs-' + base, base + ' per epoch', 'epoch', cols.map(s => s.col));
      chart.cols = cols;
      chart.set(table.rows.map(r => r[x]), cols.map(s => table.rows.map(r => r[s.c])));
      epochCharts[base] = chart;
    }
  }
  function appendEpochs(columns, rows) {
    const x = columns.indexOf('epoch');
    for (const chart of Object.values(epochCharts)) chart.append(rows.map(r => r[x]), chart.cols.map(s => rows.map(r => r[s.c])));
  }

  function setStatus(status) {
    const s = document.getElementById('status');
    s.textContent = status;
    s.className = 'status ' + status;
  }

  function confusion(c) {
    if (!c) return;
    document.getElementById('confusion-section').hidden = false;
    const t = document.getElementById('confusion');
    const classes = c.classes || c.matrix.map((_, i) => String(i));
    const head = el('tr'); head.append(el('th', {}, 'true \\ predicted'));
    classes.forEach(k => head.append(el('th', {}, k)));
    t.append(head);
    const max = Math.max(1, ...c.matrix.flat());
    c.matrix.forEach((row, i) => {
      const tr = el('tr'); tr.append(el('th', {}, classes[i]));
      row.forEach(v => {
        const td = el('td', {}, v);
        td.style.background = 'rgba(21,101,192,' + (0.08 + 0.8 * v / max).toFixed(2) + ')';
        if (v / max > 0.5) td.style.color = '#fff';
        tr.append(td);
      });
      t.append(tr);
    });
  }

  // predictions.json: a card per test sample (its image when it is one), the predicted class and its probability,
  // the true class; mistakes framed in red; the top classes in the card's tooltip
  function predictions(p, error) {
    const section = document.getElementById('predictions-section'), box = document.getElementById('predictions');
    if (error) {
      section.hidden = false;
      box.append(el('p', { class: 'error' }, 'predictions.json cannot be read: ' + error));
      return;
    }
    if (!p) return;
    section.hidden = false;
    const classes = p.classes || [], name = c => classes[c] !== undefined ? classes[c] : String(c);
    const pct = v => (100 * v).toFixed(v >= 0.995 || v < 0.1 ? 0 : 1) + '%';
    document.getElementById('predictions-note').textContent = 'the first ' + p.samples.filter(s => s.group !== 'mistake').length + ' test samples and the '
      + p.samples.filter(s => s.group === 'mistake').length + ' most confident mistakes among the first ' + p.scanned
      + ' (accuracy there ' + pct(p.scanned_accuracy) + ')';
    for (const s of p.samples) {
      const card = el('div', { class: 'prediction' + (s.correct ? '' : ' wrong'), 'data-index': s.index, 'data-group': s.group });
      if (s.image) card.append(el('img', { src: s.image, alt: 'test sample ' + s.index }));
      card.append(el('span', { class: 'index' }, '#' + s.index));
      card.append(el('div', { class: 'pred' }, name(s.predicted) + ' ' + pct(s.probability)));
      card.append(el('div', { class: 'truth' }, 'true: ' + name(s.label)));
      card.title = (s.top || []).map(t => name(t['class']) + ' ' + pct(t.probability)).join('\n');
      box.append(card);
    }
    document.getElementById('mistakes-only').onchange = e => box.classList.toggle('mistakes-only', e.target.checked);
  }

  function sameColumns(a, b) { return a && b && a.join(',') === b.join(','); }

  function listen(offsets) {
    events = new EventSource('/api/runs/' + encodeURIComponent(name) + '/events?steps=' + offsets.steps + '&epochs=' + offsets.epochs);
    document.getElementById('live').textContent = '● live';
    events.addEventListener('steps', e => {
      const d = JSON.parse(e.data);
      if (!stepColumns) { buildSteps({ columns: d.columns, rows: d.rows }); return; }
      if (!sameColumns(stepColumns, d.columns)) { reload(); return; }
      appendSteps(d.columns, d.rows);
    });
    events.addEventListener('epochs', e => {
      const d = JSON.parse(e.data);
      if (!epochColumns) { buildEpochs({ columns: d.columns, rows: d.rows }); return; }
      if (!sameColumns(epochColumns, d.columns)) { reload(); return; }
      appendEpochs(d.columns, d.rows);
    });
    events.addEventListener('status', e => setStatus(JSON.parse(e.data).status));
    events.addEventListener('reload', () => reload());
  }

  function reload() { if (events) events.close(); location.reload(); }

  async function load() {
    document.getElementById('name').textContent = name;
    document.title = name + ' · Nabla';
    const response = await fetch('/api/runs/' + encodeURIComponent(name));
    if (!response.ok) {
      document.getElementById('error').append(el('p', { class: 'error' }, 'no run named ' + name + ' (' + response.status + ')'));
      return;
    }
    const d = await response.json();
    setStatus(d.status);
    if (d.error) {
      document.getElementById('error').append(el('p', { class: 'error' }, 'this run folder cannot be read: ' + d.error));
      return;
    }
    document.getElementById('best').textContent = Object.entries(d.best || {}).map(([k, v]) => k + ' ' + fmt(v)).join(' · ');
    if (d.steps) buildSteps(d.steps);
    if (d.epochs) buildEpochs(d.epochs);
    confusion(d.confusion);
    if (d.samples) {
      document.getElementById('samples-section').hidden = false;
      document.getElementById('samples').textContent = d.samples;
    }
    predictions(d.predictions, d.predictions_error);
    const images = (d.images || []).filter(img => !(d.predictions && img === d.predictions.png)); // drawn above as cards
    if (images.length) {
      document.getElementById('images-section').hidden = false;
      for (const img of images)
        document.getElementById('images').append(el('img', { class: 'plot', alt: img, src: '/runs/' + encodeURIComponent(name) + '/files/' + encodeURIComponent(img) }));
    }
    document.getElementById('config').textContent = JSON.stringify(d.config, null, 2);
    if (d.status !== 'completed') listen(d.offsets);
  }
  load();
  return { stepCharts, epochCharts };
})();
