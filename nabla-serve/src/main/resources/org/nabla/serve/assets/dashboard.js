// The runs table: one row per run folder, newest first; tick several to compare them.
(async () => {
  const body = document.querySelector('#runs tbody');
  const button = document.getElementById('compare');
  let response;
  try {
    response = await fetch('/api/runs');
  } catch (e) {
    document.getElementById('error').append(el('p', { class: 'error' }, 'cannot reach the server: ' + e));
    return;
  }
  const { runs } = await response.json();
  document.getElementById('count').textContent = runs.length + ' runs';
  const selected = new Set();
  for (const r of runs) {
    const tr = el('tr', { 'data-run': r.name });
    const tick = el('input', { type: 'checkbox' });
    tick.addEventListener('change', () => {
      tick.checked ? selected.add(r.name) : selected.delete(r.name);
      button.disabled = selected.size < 2;
    });
    const td0 = el('td'); td0.append(tick); tr.append(td0);
    const link = el('a', { href: '/run/' + encodeURIComponent(r.name) }, r.name);
    const td1 = el('td'); td1.append(link); tr.append(td1);
    tr.append(el('td', {}, r.model), el('td', {}, r.dataset), el('td', {}, r.date));
    const st = el('td'); st.append(el('span', { class: 'status ' + r.status }, r.status)); tr.append(st);
    tr.append(el('td', { class: 'num' }, r.epochs === undefined ? '' : r.epochs));
    const best = Object.entries(r.best || {}).map(([k, v]) => k + ' ' + fmt(v)).join(', ');
    tr.append(el('td', {}, r.error ? r.error : best));
    body.append(tr);
  }
  button.addEventListener('click', () => {
    location.href = '/compare?runs=' + [...selected].map(encodeURIComponent).join(',');
  });
})();
