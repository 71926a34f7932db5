// The playground page: its settings live in the URL's hash; the server trains the network (one session per tab) and
// streams frames (the output's heat map, each node's thumbnail, weights, losses) that this page draws. A new learning
// rate or regularisation changes the running network; any other setting starts a new one.
const playground = (() => {
  const DATASETS = [['circle', 'Circle'], ['xor', 'Exclusive or'], ['gauss', 'Gaussian'], ['spiral', 'Spiral'], ['plane', 'Plane (regression)'], ['multigauss', 'Multi-Gaussian (regression)']];
  const FEATURES = [['x1', 'X₁'], ['x2', 'X₂'], ['x1sq', 'X₁²'], ['x2sq', 'X₂²'], ['x1x2', 'X₁X₂'], ['sinx1', 'sin(X₁)'], ['sinx2', 'sin(X₂)']];
  const RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
  const REG_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
  const DEFAULTS = { dataset: 'circle', ratio: '50', noise: '0', batch: '10', features: 'x1,x2', layers: '4,2', activation: 'tanh', reg: 'none', regRate: '0', lr: '0.03', seed: '1' };
  const stats = { tuned: 0, lr: null, frames: 0, firstFrameAt: 0, lastFrameAt: 0, epoch: 0, testLoss: null, trainLoss: null, history: [], playing: false, session: null };
  let state = {}, events = null, data = null, wantPlaying = false, generation = 0;

  // orange (-1) · white (0) · blue (+1), as the original
  const palette = (() => {
    const p = new Uint8ClampedArray(256 * 3), neg = [245, 147, 34], mid = [232, 234, 235], pos = [8, 119, 189];
    for (let i = 0; i < 256; i++) {
      const t = i / 255 * 2 - 1, a = Math.abs(t), to = t < 0 ? neg : pos;
      for (let k = 0; k < 3; k++) p[i * 3 + k] = Math.round(mid[k] + (to[k] - mid[k]) * a);
    }
    return p;
  })();
  function color(v) { const i = Math.max(0, Math.min(255, Math.round((v + 1) * 127.5))) * 3; return 'rgb(' + palette[i] + ',' + palette[i + 1] + ',' + palette[i + 2] + ')'; }

  function readHash() {
    const p = new URLSearchParams(location.hash.slice(1));
    state = Object.assign({}, DEFAULTS);
    for (const k of Object.keys(DEFAULTS)) if (p.has(k)) state[k] = p.get(k);
  }
  function writeHash() { history.replaceState(null, '', '#' + new URLSearchParams(state).toString()); }
  function layers() { return state.layers === '' ? [] : state.layers.split(',').map(Number); }
  function features() { return state.features === '' ? [] : state.features.split(','); }

  function controls() {
    const ds = document.getElementById('datasets');
    ds.innerHTML = '';
    for (const [id, label] of DATASETS) {
      const b = document.createElement('button');
      b.id = 'dataset-' + id; b.textContent = label;
      if (state.dataset === id) b.className = 'on';
      b.onclick = () => change({ dataset: id });
      ds.append(b);
    }
    fillSelect('lr', RATES, state.lr);
    fillSelect('regRate', REG_RATES, state.regRate);
    document.getElementById('activation').value = state.activation;
    document.getElementById('reg').value = state.reg;
    for (const k of ['ratio', 'noise', 'batch']) {
      document.getElementById(k).value = state[k];
      document.getElementById(k + '-value').textContent = state[k];
    }
    document.getElementById('problem').textContent = state.dataset === 'plane' || state.dataset === 'multigauss' ? 'regression' : 'classification';
    document.getElementById('layer-count').textContent = layers().length;
  }
  function fillSelect(id, values, current) {
    const s = document.getElementById(id);
    s.innerHTML = '';
    for (const v of values) { const o = document.createElement('option'); o.value = String(v); o.textContent = String(v); s.append(o); }
    s.value = String(Number(current));
  }

  // the network's columns: features (toggled by a click), hidden layers (+/- neurons), output
  function buildNetwork() {
    const net = document.getElementById('network');
    net.querySelectorAll('.layer').forEach(e => e.remove());
    const col = (head) => { const d = document.createElement('div'); d.className = 'layer'; const h = document.createElement('div'); h.className = 'head'; h.append(head); d.append(h); net.append(d); return d; };
    const inputs = col('Features');
    const on = features();
    FEATURES.forEach(([id, label]) => {
      const f = document.createElement('div');
      f.className = 'feature' + (on.includes(id) ? '' : ' off');
      f.id = 'feature-' + id;
      f.innerHTML = '<span class="name"></span>';
      f.querySelector('.name').textContent = label;
      const c = canvas('node-0-' + on.indexOf(id));
      if (!on.includes(id)) c.id = 'feature-canvas-' + id;
      f.append(c);
      drawFeature(c, id);
      f.onclick = () => {
        const now = features();
        const next = now.includes(id) ? now.filter(x => x !== id) : FEATURES.map(x => x[0]).filter(x => x === id || now.includes(x));
        if (next.length === 0) return message('keep at least one feature');
        change({ features: next.join(',') });
      };
      inputs.append(f);
    });
    layers().forEach((n, l) => {
      const head = document.createElement('span');
      const minus = document.createElement('button'), plus = document.createElement('button');
      minus.textContent = '−'; plus.textContent = '+';
      minus.id = 'remove-neuron-' + l; plus.id = 'add-neuron-' + l;
      minus.onclick = () => setNeurons(l, n - 1); plus.onclick = () => setNeurons(l, n + 1);
      head.append(plus, minus, document.createElement('br'), n + ' neurons');
      const c = col(head);
      for (let k = 0; k < n; k++) c.append(canvas('node-' + (l + 1) + '-' + k));
    });
    const out = col('Output');
    out.append(canvas('node-' + (layers().length + 1) + '-0'));
  }
  function canvas(id) {
    const c = document.createElement('canvas');
    c.width = 25; c.height = 25; c.className = 'node'; c.id = id;
    return c;
  }
  function setNeurons(l, n) {
    if (n < 1 || n > 8) return;
    const ls = layers(); ls[l] = n;
    change({ layers: ls.join(',') });
  }
  function drawFeature(c, id) {
    const ctx = c.getContext('2d'), img = ctx.createImageData(25, 25);
    for (let r = 0; r < 25; r++) for (let k = 0; k < 25; k++) {
      const x = -6 + 12 * (k + 0.5) / 25, y = 6 - 12 * (r + 0.5) / 25;
      const v = { x1: x / 6, x2: y / 6, x1sq: x * x / 18 - 1, x2sq: y * y / 18 - 1, x1x2: x * y / 18, sinx1: Math.sin(x), sinx2: Math.sin(y) }[id];
      put(img, r * 25 + k, v);
    }
    ctx.putImageData(img, 0, 0);
  }
  function put(img, i, v) {
    const p = Math.max(0, Math.min(255, Math.round((v + 1) * 127.5))) * 3;
    img.data[i * 4] = palette[p]; img.data[i * 4 + 1] = palette[p + 1]; img.data[i * 4 + 2] = palette[p + 2]; img.data[i * 4 + 3] = 255;
  }
  function drawBytes(c, b64, size) {
    const bytes = atob(b64), ctx = c.getContext('2d'), img = ctx.createImageData(size, size);
    for (let i = 0; i < size * size; i++) {
      const p = bytes.charCodeAt(i) * 3;
      img.data[i * 4] = palette[p]; img.data[i * 4 + 1] = palette[p + 1]; img.data[i * 4 + 2] = palette[p + 2]; img.data[i * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }

  function drawLinks(weights) {
    const svg = document.getElementById('links'), net = document.getElementById('network');
    const box = net.getBoundingClientRect();
    svg.setAttribute('width', box.width); svg.setAttribute('height', box.height);
    let html = '';
    const centre = (id, side) => {
      const e = document.getElementById(id);
      if (!e) return null;
      const r = e.getBoundingClientRect();
      return [(side > 0 ? r.right : r.left) - box.left, r.top + r.height / 2 - box.top];
    };
    weights.forEach((w, l) => w.forEach((row, i) => row.forEach((v, j) => {
      const a = centre('node-' + l + '-' + i, 1), b = centre('node-' + (l + 1) + '-' + j, -1);
      if (!a || !b) return;
      const width = Math.min(6, 0.5 + Math.abs(v) * 2).toFixed(1);
      html += '<path d="M' + a[0] + ',' + a[1] + ' C' + (a[0] + 17) + ',' + a[1] + ' ' + (b[0] - 17) + ',' + b[1] + ' ' + b[0] + ',' + b[1] + '" stroke="' + color(Math.max(-1, Math.min(1, v))) + '" stroke-width="' + width + '" fill="none"/>';
    })));
    svg.innerHTML = html;
  }

  function drawPoints() {
    const c = document.getElementById('points'), ctx = c.getContext('2d');
    ctx.clearRect(0, 0, c.width, c.height);
    if (!data) return;
    const scale = c.width / (2 * data.extent);
    const draw = (pts, test) => {
      for (let i = 0; i < pts.length; i += 3) {
        const x = (pts[i] + data.extent) * scale, y = (data.extent - pts[i + 1]) * scale;
        ctx.beginPath(); ctx.arc(x, y, 3.5, 0, 2 * Math.PI);
        ctx.fillStyle = color(pts[i + 2]);
        ctx.fill();
        ctx.lineWidth = 1; ctx.strokeStyle = test ? '#000' : '#fff';
        ctx.stroke();
      }
    };
    draw(data.train, false);
    if (document.getElementById('show-test').checked) draw(data.test, true);
  }

  function drawLoss() {
    const c = document.getElementById('loss-chart'), ctx = c.getContext('2d'), h = stats.history;
    ctx.clearRect(0, 0, c.width, c.height);
    if (h.length < 2) return;
    const max = Math.max(...h.map(p => Math.max(p[1] || 0, p[2] || 0)), 1e-6);
    const line = (k, style) => {
      ctx.beginPath(); ctx.strokeStyle = style; ctx.lineWidth = 1.5;
      h.forEach((p, i) => { const x = i / (h.length - 1) * c.width, y = c.height - (p[k] || 0) / max * (c.height - 4); i ? ctx.lineTo(x, y) : ctx.moveTo(x, y); });
      ctx.stroke();
    };
    line(2, '#333'); line(1, '#999');
  }

  function onFrame(f) {
    stats.frames++;
    const now = performance.now();
    if (!stats.firstFrameAt) stats.firstFrameAt = now;
    stats.lastFrameAt = now;
    stats.lr = f.lr;
    stats.epoch = f.epoch; stats.testLoss = f.testLoss; stats.trainLoss = f.trainLoss; stats.playing = f.playing;
    if (!stats.history.length || stats.history[stats.history.length - 1][0] !== f.epoch) stats.history.push([f.epoch, f.trainLoss, f.testLoss]);
    if (stats.history.length > 2000) stats.history = stats.history.filter((_, i) => i % 2 === 0);
    document.getElementById('epoch').textContent = String(f.epoch).padStart(6, '0').replace(/(\d{3})$/, ',$1');
    document.getElementById('test-loss').textContent = f.testLoss === null ? 'NaN' : f.testLoss.toFixed(3);
    document.getElementById('train-loss').textContent = f.trainLoss === null ? 'NaN' : f.trainLoss.toFixed(3);
    drawBytes(document.getElementById('boundary'), f.boundary, data.grid);
    f.nodes.forEach((layer, l) => layer.forEach((b64, k) => {
      const c = document.getElementById('node-' + l + '-' + k);
      if (c) drawBytes(c, b64, data.thumb);
    }));
    drawLinks(f.weights);
    drawLoss();
    document.getElementById('play').textContent = f.playing ? '❚❚' : '▶';
  }

  function message(text) { document.getElementById('message').textContent = text || ''; }

  async function post(path) {
    if (!stats.session) return;
    await fetch('/api/playground/sessions/' + stats.session + '/' + path, { method: 'POST' });
  }

  // a new session for the current settings: the old one is closed
  async function start() {
    const mine = ++generation;
    if (events) events.close();
    if (stats.session) navigator.sendBeacon('/api/playground/sessions/' + stats.session + '/close');
    stats.session = null;
    stats.history = []; stats.testLoss = null; stats.trainLoss = null; stats.epoch = 0; stats.playing = false;
    const r = await fetch('/api/playground/sessions', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(state).toString() });
    const body = await r.json();
    if (mine !== generation) { if (body.id) navigator.sendBeacon('/api/playground/sessions/' + body.id + '/close'); return; }
    if (!r.ok) { message(body.error || ('error ' + r.status)); return; }
    message('');
    stats.session = body.id;
    events = new EventSource('/api/playground/sessions/' + body.id + '/stream');
    events.addEventListener('data', e => { data = JSON.parse(e.data); drawPoints(); if (wantPlaying) post('play'); });
    events.addEventListener('frame', e => onFrame(JSON.parse(e.data)));
    events.onerror = () => { if (events.readyState === EventSource.CLOSED) { message('session ended: press reset'); stats.session = null; } };
  }

  // a new learning rate or regularisation goes to the running network (weights kept), as in the original; the server
  // validates it; without a session (or when it has gone) a new one starts with it
  async function tune(patch) {
    Object.assign(state, patch);
    writeHash();
    controls();
    if (!stats.session) { start(); return; }
    const mine = generation;
    const r = await fetch('/api/playground/sessions/' + stats.session + '/settings', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ lr: state.lr, reg: state.reg, regRate: state.regRate }).toString() });
    if (mine !== generation) return;
    if (r.status === 404) { start(); return; }
    const body = await r.json();
    if (!r.ok) message(body.error || ('error ' + r.status)); else { message(''); stats.tuned++; }
  }

  function change(patch) {
    Object.assign(state, patch);
    writeHash();
    controls();
    buildNetwork();
    start();
  }

  function init() {
    readHash();
    writeHash();
    controls();
    buildNetwork();
    document.getElementById('play').onclick = () => { wantPlaying = !stats.playing; post(wantPlaying ? 'play' : 'pause'); };
    document.getElementById('step').onclick = () => { wantPlaying = false; post('step'); };
    document.getElementById('reset').onclick = () => { if (stats.session) { stats.history = []; post('reset'); } else start(); };
    document.getElementById('regenerate').onclick = () => change({ seed: String(Math.floor(Math.random() * 1e6)) });
    document.getElementById('add-layer').onclick = () => { const ls = layers(); if (ls.length < 6) { ls.push(2); change({ layers: ls.join(',') }); } };
    document.getElementById('remove-layer').onclick = () => { const ls = layers(); if (ls.length > 0) { ls.pop(); change({ layers: ls.join(',') }); } };
    document.getElementById('activation').onchange = e => change({ activation: e.target.value });
    for (const k of ['lr', 'reg', 'regRate']) document.getElementById(k).onchange = e => tune({ [k]: e.target.value });
    for (const k of ['ratio', 'noise', 'batch']) {
      const input = document.getElementById(k);
      input.oninput = () => { document.getElementById(k + '-value').textContent = input.value; };
      input.onchange = () => change({ [k]: input.value });
    }
    document.getElementById('show-test').onchange = drawPoints;
    window.addEventListener('pagehide', () => { if (stats.session) navigator.sendBeacon('/api/playground/sessions/' + stats.session + '/close'); });
    window.addEventListener('hashchange', () => { readHash(); writeHash(); controls(); buildNetwork(); start(); });
    start();
  }
  init();
  return stats;
})();
