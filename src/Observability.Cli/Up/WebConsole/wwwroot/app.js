// obs web console: one small script, no dependencies. Pages are routed by the URL hash (#/discover?q=…);
// every call goes to obs up's own API with the HttpOnly cookie the login link set.
'use strict';

const SVGNS = 'http://www.w3.org/2000/svg';
const COLOURS = ['#1f6feb', '#e8590c', '#2f9e44', '#ae3ec9', '#f08c00', '#0c8599', '#c92a2a', '#5c7cfa'];
const main = () => document.getElementById('main');

// ---- DOM and HTTP helpers ----
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}
function svg(tag, attrs, ...children) {
  const e = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const c of children.flat()) if (c) e.append(c instanceof Node ? c : String(c));
  return e;
}
async function api(path, body) {
  const init = body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const r = await fetch(path, init);
  const text = await r.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = { error: text }; }
  if (!r.ok) throw new Error((data && data.error) || `${r.status} ${r.statusText}`);
  return data;
}
function quote(v) { return '"' + String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"'; }
function flatten(obj, prefix = '', out = {}) {
  for (const [k, v] of Object.entries(obj)) {
    const name = prefix ? prefix + '.' + k : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v, name, out); else out[name] = v;
  }
  return out;
}
function fmtTime(ms) { return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ''); }
function hashParams() { const h = location.hash; const i = h.indexOf('?'); return new URLSearchParams(i < 0 ? '' : h.slice(i + 1)); }
function go(page, params) { location.hash = '#/' + page + (params ? '?' + new URLSearchParams(params) : ''); }

// Relative (now-15m, 15m, 1h, 7d) or absolute (ISO 8601) times to ISO strings.
function resolveTime(text, now) {
  const t = (text || '').trim();
  if (!t || t === 'now') return new Date(now).toISOString();
  const m = /^(?:now-)?(\d+)([smhdw])$/.exec(t);
  if (m) return new Date(now - Number(m[1]) * { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5 }[m[2]]).toISOString();
  const d = new Date(t);
  if (isNaN(d)) throw new Error(`not a time: '${t}' (use 15m, 1h, 24h, 7d or an ISO 8601 time)`);
  return d.toISOString();
}

// ---- charts ----
// Bars of [ms, count]; onSelect(fromMs, toMs) after a drag across them.
function barChart(buckets, intervalMs, onSelect, width = 900, height = 120) {
  const max = Math.max(1, ...buckets.map(b => b[1]));
  const t0 = buckets.length ? buckets[0][0] : 0, t1 = buckets.length ? buckets[buckets.length - 1][0] + intervalMs : 1;
  const x = t => 40 + (t - t0) / Math.max(1, t1 - t0) * (width - 50);
  const s = svg('svg', { width, height: height + 20, class: 'histogram', role: 'img' });
  s.append(svg('line', { x1: 40, y1: height, x2: width - 10, y2: height, class: 'axis' }));
  s.append(svg('text', { x: 2, y: 10 }, String(max)));
  for (const [t, c] of buckets) {
    const h = c / max * (height - 10);
    s.append(svg('rect', { x: x(t), y: height - h, width: Math.max(1, x(t + intervalMs) - x(t) - 1), height: h, class: 'bar-rect' },
      svg('title', {}, `${fmtTime(t)}: ${c}`)));
  }
  if (buckets.length) {
    s.append(svg('text', { x: 40, y: height + 14 }, fmtTime(t0)));
    s.append(svg('text', { x: width - 10, y: height + 14, 'text-anchor': 'end' }, fmtTime(t1)));
  }
  const sel = svg('rect', { class: 'sel', y: 0, height, width: 0, x: 0 });
  s.append(sel);
  let start = null;
  const px = e => e.clientX - s.getBoundingClientRect().left;
  const time = p => t0 + (Math.min(Math.max(p, 40), width - 10) - 40) / (width - 50) * (t1 - t0);
  s.addEventListener('mousedown', e => { start = px(e); sel.setAttribute('x', start); sel.setAttribute('width', 0); });
  s.addEventListener('mousemove', e => { if (start !== null) { const p = px(e); sel.setAttribute('x', Math.min(p, start)); sel.setAttribute('width', Math.abs(p - start)); } });
  s.addEventListener('mouseup', e => {
    if (start === null) return;
    const a = time(Math.min(start, px(e))), b = time(Math.max(start, px(e)));
    start = null;
    if (b - a > 0 && Math.abs(b - a) >= intervalMs / 4 && onSelect) onSelect(a, b);
  });
  return s;
}

// Lines: series = [{name, points: [[x, y], …]}]; xTime formats x as a time.
function lineChart(series, { width = 420, height = 160, xTime = true, yLabel = '' } = {}) {
  const pts = series.flatMap(s => s.points).filter(p => p[1] !== null && p[1] !== undefined);
  const s = svg('svg', { width, height: height + 34, class: 'line-chart', role: 'img' });
  if (!pts.length) { s.append(svg('text', { x: 10, y: 20 }, 'no data in this range')); return s; }
  const xs = pts.map(p => p[0]), ys = pts.map(p => p[1]);
  const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(0, ...ys), y1 = Math.max(...ys) || 1;
  const x = v => 44 + (v - x0) / Math.max(1e-9, x1 - x0) * (width - 54), y = v => height - (v - y0) / Math.max(1e-9, y1 - y0) * (height - 10);
  s.append(svg('line', { x1: 44, y1: height, x2: width - 10, y2: height, class: 'axis' }), svg('line', { x1: 44, y1: 0, x2: 44, y2: height, class: 'axis' }));
  s.append(svg('text', { x: 2, y: 10 }, fmtNum(y1)), svg('text', { x: 2, y: height }, fmtNum(y0)));
  s.append(svg('text', { x: 44, y: height + 14 }, xTime ? fmtTime(x0) : fmtNum(x0)), svg('text', { x: width - 10, y: height + 14, 'text-anchor': 'end' }, xTime ? fmtTime(x1) : fmtNum(x1)));
  if (yLabel) s.append(svg('text', { x: width / 2, y: height + 14, 'text-anchor': 'middle' }, yLabel));
  series.forEach((ser, i) => {
    const d = ser.points.filter(p => p[1] !== null && p[1] !== undefined).map((p, j) => (j ? 'L' : 'M') + x(p[0]).toFixed(1) + ' ' + y(p[1]).toFixed(1)).join(' ');
    s.append(svg('path', { d, fill: 'none', stroke: COLOURS[i % COLOURS.length], 'stroke-width': 1.5, class: 'series' }, svg('title', {}, ser.name)));
  });
  let lx = 44;
  series.forEach((ser, i) => {
    s.append(svg('rect', { x: lx, y: height + 22, width: 8, height: 8, fill: COLOURS[i % COLOURS.length] }), svg('text', { x: lx + 11, y: height + 30 }, ser.name));
    lx += 20 + String(ser.name).length * 6;
  });
  return s;
}
function fmtNum(v) { return Math.abs(v) >= 1000 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3); }

// Stacked horizontal bars: rows = [{name, parts: {phase: ms}}].
function stackedBars(rows, keys, width = 640) {
  const max = Math.max(1e-9, ...rows.map(r => keys.reduce((a, k) => a + (r.parts[k] || 0), 0)));
  const s = svg('svg', { width, height: rows.length * 22 + 24, class: 'phases', role: 'img' });
  rows.forEach((r, i) => {
    let x = 70;
    s.append(svg('text', { x: 2, y: i * 22 + 14 }, r.name));
    keys.forEach((k, j) => {
      const w = (r.parts[k] || 0) / max * (width - 80);
      s.append(svg('rect', { x, y: i * 22 + 3, width: w, height: 16, fill: COLOURS[j] }, svg('title', {}, `${k}: ${fmtNum(r.parts[k] || 0)} ms`)));
      x += w;
    });
  });
  keys.forEach((k, j) => s.append(svg('rect', { x: 70 + j * 110, y: rows.length * 22 + 10, width: 8, height: 8, fill: COLOURS[j] }), svg('text', { x: 82 + j * 110, y: rows.length * 22 + 18 }, k + ' ms')));
  return s;
}

// ---- Discover ----
const discover = { cursors: [null], page: 0 };

function discoverPage() {
  const p = hashParams();
  const q = el('input', { class: 'kql', id: 'kql', placeholder: 'KQL, e.g. log.level:error and host.name:gpu-node-1', value: p.get('q') || '' });
  const from = el('input', { id: 'from', size: 24, value: p.get('from') || '24h', title: 'from: 15m, 1h, 24h, 7d or an ISO 8601 time' });
  const to = el('input', { id: 'to', size: 24, value: p.get('to') || 'now', title: 'to: now or an ISO 8601 time' });
  const type = el('select', { id: 'type' }, ['logs', 'metrics', 'traces'].map(t => el('option', { value: t, selected: (p.get('type') || 'logs') === t }, t)));
  const preset = el('select', { id: 'preset', onchange: () => { if (preset.value) { from.value = preset.value; to.value = 'now'; run(); } } },
    el('option', { value: '' }, 'quick…'), ['15m', '1h', '24h', '7d'].map(r => el('option', { value: r }, 'last ' + r)));
  const run = () => go('discover', { q: q.value, from: from.value, to: to.value, type: type.value });
  q.addEventListener('keydown', e => { if (e.key === 'Enter') run(); });
  main().append(
    el('div', { class: 'bar' }, q, type, 'from', from, 'to', to, preset, el('button', { class: 'primary', id: 'search', onclick: run }, 'Search')),
    el('div', { id: 'error' }),
    el('div', { id: 'histogram', class: 'chart' }),
    el('div', { class: 'layout' }, el('div', { class: 'fields', id: 'fields' }), el('div', {}, el('div', { id: 'summary', class: 'bar' }), el('div', { id: 'hits' }))));
  discover.cursors = [null];
  discover.page = 0;
  return loadDiscover();
}

function discoverRequest() {
  const p = hashParams(), now = Date.now();
  return { query: p.get('q') || '', from: resolveTime(p.get('from') || '24h', now), to: resolveTime(p.get('to') || 'now', now), data_stream_type: p.get('type') || 'logs' };
}

async function loadDiscover() {
  const error = document.getElementById('error');
  error.replaceChildren();
  let req;
  try { req = discoverRequest(); } catch (e) { error.append(el('pre', { class: 'error' }, e.message)); return; }
  const span = new Date(req.to) - new Date(req.from);
  const interval = Math.max(1000, Math.ceil(span / 60 / 1000) * 1000);
  let result, hist;
  try {
    [result, hist] = await Promise.all([
      api('/api/search', { ...req, limit: 50, search_after: discover.cursors[discover.page] || undefined }),
      api('/api/histogram', { ...req, interval_ms: interval })]);
  } catch (e) {
    if (!document.getElementById('hits')) return; // the page was left meanwhile
    error.append(el('pre', { class: 'error', id: 'kql-error' }, e.message));
    document.getElementById('histogram').replaceChildren();
    document.getElementById('hits').replaceChildren();
    return;
  }
  if (!document.getElementById('hits')) return; // the page was left meanwhile
  drawHistogram(hist.buckets, interval);
  drawHits(result, req);
}

function drawHistogram(buckets, interval) {
  const data = buckets.map(b => [Date.parse(b.start), b.count]);
  document.getElementById('histogram').replaceChildren(barChart(data, interval, (a, b) => {
    const p = hashParams();
    go('discover', { q: p.get('q') || '', from: new Date(a).toISOString(), to: new Date(b).toISOString(), type: p.get('type') || 'logs' });
  }), el('div', { class: 'muted' }, 'drag across the bars to zoom'));
}

function drawHits(result, req) {
  const docs = result.hits.map(h => ({ raw: h, flat: flatten(h) }));
  document.getElementById('summary').replaceChildren(
    el('span', { id: 'total' }, `${result.total}${result.total_is_lower_bound ? '+' : ''} hits`),
    el('button', { id: 'prev', disabled: discover.page === 0, onclick: () => { discover.page--; loadDiscover(); } }, '← newer'),
    el('span', { class: 'muted' }, `page ${discover.page + 1}`),
    el('button', { id: 'next', disabled: !result.next_page, onclick: () => { discover.cursors[discover.page + 1] = result.next_page; discover.page++; loadDiscover(); } }, 'older →'));
  const tbody = el('tbody');
  for (const d of docs) {
    const f = d.flat;
    const detail = el('tr', { class: 'detail', hidden: true }, el('td', { colspan: 4 }));
    const row = el('tr', { class: 'hit', onclick: () => toggleDoc(detail, d) },
      el('td', {}, f['@timestamp'] || ''), el('td', {}, f['log.level'] || ''), el('td', {}, f['host.name'] || ''), el('td', { class: 'msg' }, f['message'] || JSON.stringify(f).slice(0, 200)));
    tbody.append(row, detail);
  }
  document.getElementById('hits').replaceChildren(el('table', { id: 'hit-table' }, el('thead', {}, el('tr', {}, el('th', {}, '@timestamp'), el('th', {}, 'level'), el('th', {}, 'host'), el('th', {}, 'message'))), tbody));
  drawFields(docs, req);
}

function toggleDoc(detail, d) {
  detail.hidden = !detail.hidden;
  const cell = detail.firstChild;
  if (detail.hidden || cell.childNodes.length) return;
  const around = el('div', { class: 'around' });
  cell.append(el('pre', { class: 'doc' }, JSON.stringify(d.raw, null, 2)),
    el('button', { class: 'surrounding', onclick: () => surrounding(around, d.flat) }, 'surrounding lines'), around);
}

async function surrounding(box, f) {
  const params = new URLSearchParams({ at: f['@timestamp'], size: 10 });
  if (f['log.file.path']) params.set('path', f['log.file.path']);
  if (f['host.name']) params.set('host', f['host.name']);
  try {
    const r = await api('/api/console/surrounding?' + params);
    box.replaceChildren(el('div', { class: 'muted' }, r.query), ...r.hits.map(h => {
      const g = flatten(h);
      return el('div', { class: 'line' + (g['event.id'] === f['event.id'] ? ' this' : '') }, `${g['@timestamp']}  ${g['message'] || ''}`);
    }));
  } catch (e) { box.replaceChildren(el('pre', { class: 'error' }, e.message)); }
}

function drawFields(docs, req) {
  const counts = {};
  for (const d of docs) for (const k of Object.keys(d.flat)) counts[k] = (counts[k] || 0) + 1;
  const names = Object.keys(counts).filter(n => n !== 'message' && n !== '@timestamp').sort();
  const box = document.getElementById('fields');
  box.replaceChildren(el('h2', {}, 'Fields'), ...names.map(n => {
    const values = el('div', { class: 'values', hidden: true });
    return el('div', {}, el('div', { class: 'field', 'data-field': n, onclick: () => topValues(n, values, req) }, n), values);
  }));
}

async function topValues(field, box, req) {
  box.hidden = !box.hidden;
  if (box.hidden) return;
  try {
    const top = await api('/api/top', { ...req, field, size: 5 });
    box.replaceChildren(...top.buckets.map(b => el('div', {},
      el('span', { class: 'v', title: b.value }, b.value), el('span', { class: 'muted' }, b.count),
      el('button', { class: 'add', title: `${field}:${b.value}`, onclick: () => addFilter(`${field}:${quote(b.value)}`) }, '+'),
      el('button', { class: 'exclude', title: `not ${field}:${b.value}`, onclick: () => addFilter(`not ${field}:${quote(b.value)}`) }, '−'))));
  } catch (e) { box.replaceChildren(el('pre', { class: 'error' }, e.message)); }
}

function addFilter(filter) {
  const p = hashParams();
  const q = (p.get('q') || '').trim();
  p.set('q', q ? `(${q}) and ${filter}` : filter);
  go('discover', Object.fromEntries(p));
}

// ---- Live tail ----
const LIVE_LINES = 1000;
let tailSource = null;

function tailPage() {
  const p = hashParams();
  const q = el('input', { class: 'kql', id: 'tail-kql', value: p.get('q') || '', placeholder: 'KQL to follow (empty: everything)' });
  const out = el('div', { class: 'tail', id: 'tail-lines' });
  const status = el('span', { id: 'tail-status', class: 'muted' }, 'stopped');
  const pending = [];
  let paused = false;
  const pause = el('button', { id: 'tail-pause', onclick: () => {
    paused = !paused;
    pause.textContent = paused ? 'Resume' : 'Pause';
    if (!paused) { pending.splice(0).forEach(append); }
    status.textContent = paused ? 'paused' : 'following';
  } }, 'Pause');
  const append = doc => {
    const f = flatten(doc);
    out.append(el('div', { class: 'line' }, `${f['@timestamp']}  ${f['host.name'] || '-'}  ${f['log.level'] || '-'}  ${f['message'] || ''}`));
    while (out.childElementCount > LIVE_LINES) out.firstElementChild.remove();
    out.scrollTop = out.scrollHeight;
  };
  const start = () => {
    if (tailSource) tailSource.close();
    out.replaceChildren();
    tailSource = new EventSource('/api/console/tail?' + new URLSearchParams({ q: q.value }));
    status.textContent = 'following';
    tailSource.onmessage = e => {
      const doc = JSON.parse(e.data);
      if (paused) { pending.push(doc); if (pending.length > LIVE_LINES) pending.shift(); } else append(doc);
    };
    tailSource.onerror = () => { status.textContent = 'reconnecting…'; };
  };
  main().append(el('div', { class: 'bar' }, q, el('button', { class: 'primary', id: 'tail-start', onclick: start }, 'Follow'), pause, status,
    el('span', { class: 'muted' }, `keeps the last ${LIVE_LINES} lines`)), out);
  start();
}

// ---- Alerts ----
async function alertsPage() {
  const box = el('div', { id: 'alerts' });
  main().append(el('h2', {}, 'Alerts'), box);
  const [alerts, silences] = await Promise.all([api('/api/alerts?limit=200'), api('/api/silences?activeAt=' + encodeURIComponent(new Date().toISOString()))]);
  const silenced = a => silences.some(s => s.matchers.length && s.matchers.every(m => {
    const mm = /^([^=!~]+)="?(.*?)"?$/.exec(m);
    return mm && a.labels[mm[1]] === mm[2];
  }));
  const rows = alerts.map(a => {
    const ann = Object.entries(a.annotations).map(([k, v]) => el('div', {}, el('b', {}, k + ': '), v));
    const link = discoverLink(a.generatorUrl);
    return el('tr', { class: 'alert', 'data-fingerprint': a.fingerprint },
      el('td', { class: 'state-' + a.state }, a.state, silenced(a) ? el('div', { class: 'chip silenced' }, 'silenced') : null),
      el('td', {}, Object.entries(a.labels).map(([k, v]) => el('span', { class: 'chip' }, `${k}=${v}`))),
      el('td', {}, a.score.toFixed(2)), el('td', {}, ann), el('td', {}, fmtTime(Date.parse(a.startsAt))),
      el('td', {}, a.acknowledgedBy ? 'ack: ' + a.acknowledgedBy : el('button', { class: 'ack', onclick: () => ack(a) }, 'Acknowledge'),
        el('button', { class: 'silence', onclick: () => silence(a) }, 'Silence 1h'), link ? el('a', { href: link, class: 'discover-link' }, 'documents') : null));
  });
  box.replaceChildren(alerts.length ? el('table', {}, el('thead', {}, el('tr', {}, ['state', 'labels', 'score', 'explanation', 'since', ''].map(h => el('th', {}, h)))), el('tbody', {}, rows))
    : el('p', { class: 'muted' }, 'no alerts'),
  el('h2', {}, 'Active silences'), el('ul', { id: 'silences' }, silences.map(s => el('li', {}, `${s.matchers.join(', ')} until ${s.endsAt} by ${s.createdBy}: ${s.comment}`))));
}

// The alert's generatorURL is this console's Discover view (q, type, from after #/discover?), or from an older
// alert a GET on /api/search with the same parameters: either way the same search, opened in Discover.
function discoverLink(url) {
  if (!url) return null;
  try {
    const u = new URL(url);
    const h = u.hash.indexOf('?');
    const p = h >= 0 ? new URLSearchParams(u.hash.slice(h + 1)) : u.searchParams;
    return '#/discover?' + new URLSearchParams({ q: p.get('q') || '', type: p.get('type') || 'logs', from: p.get('from') || '24h', to: 'now' });
  } catch { return null; }
}

async function ack(a) {
  await api('/api/alerts/ack', { fingerprint: a.fingerprint, by: 'console' });
  route();
}

async function silence(a) {
  const now = new Date();
  const matchers = Object.entries(a.labels).filter(([k]) => k === 'alertname' || k === 'host' || k === 'job').map(([k, v]) => `${k}=${quote(v)}`);
  await api('/api/silences', { id: 'console-' + now.getTime().toString(36), matchers, startsAt: now.toISOString(), endsAt: new Date(now.getTime() + 36e5).toISOString(), createdBy: 'console', comment: 'silenced from the web console for 1h' });
  route();
}

// ---- Training runs ----
async function trainingPage(id) {
  if (id) return trainingRun(id);
  const jobs = await api('/api/console/jobs');
  main().append(el('h2', {}, 'Training runs'), jobs.length ? el('table', { id: 'jobs' },
    el('thead', {}, el('tr', {}, ['job', 'name', 'owner', 'state', 'ranks', 'step', 'loss', 'submitted'].map(h => el('th', {}, h)))),
    el('tbody', {}, jobs.map(j => el('tr', {},
      el('td', {}, el('a', { href: '#/training/' + encodeURIComponent(j.id), class: 'job-link' }, j.id)), el('td', {}, j.name), el('td', {}, j.owner),
      el('td', {}, j.state + (j.waitReason ? ` (${j.waitReason})` : '')), el('td', {}, j.ranks), el('td', {}, `${j.step}/${j.totalSteps}`),
      el('td', {}, j.loss === null || j.loss === undefined ? '' : j.loss.toFixed(4)), el('td', {}, j.submittedAt))))) : el('p', { class: 'muted' }, 'no jobs'));
}

async function trainingRun(id) {
  const r = await api('/api/console/jobs/' + encodeURIComponent(id));
  const j = r.job;
  const phases = ['data', 'forward', 'backward', 'communication', 'optimizer'];
  main().append(el('h2', {}, `${j.jobId} — ${j.spec.name} (${j.state})`),
    el('p', {}, `step ${j.step}/${j.totalSteps}, attempt ${j.attempt}, `, el('a', { href: '#/discover?' + new URLSearchParams({ q: r.query, type: 'metrics', from: '7d', to: 'now' }) }, 'step documents in Discover')),
    el('div', { class: 'grid', id: 'run-charts' },
      el('div', { class: 'chart panel' }, el('h3', {}, 'loss per rank (x: step)'), lineChart(r.ranks.map(k => ({ name: 'rank ' + k.rank, points: k.points.map(p => [p[0], p[1]]) })), { xTime: false })),
      el('div', { class: 'chart panel' }, el('h3', {}, 'step time per rank, ms (x: step)'), lineChart(r.ranks.map(k => ({ name: 'rank ' + k.rank, points: k.points.map(p => [p[0], p[2]]) })), { xTime: false }))),
    el('h2', {}, 'Phase breakdown (mean ms per step)'),
    r.ranks.length ? stackedBars(r.ranks.map(k => ({ name: 'rank ' + k.rank, parts: Object.fromEntries(phases.map(p => [p, k.phases[p]])) })), phases) : el('p', { class: 'muted' }, 'no step documents yet'),
    el('h2', {}, 'Stragglers'),
    el('p', { id: 'stragglers' }, r.ranks.filter(k => k.straggler).map(k => el('span', { class: 'straggler' }, `rank ${k.rank} `)).concat(r.ranks.some(k => k.straggler) ? [] : ['none'])),
    el('h2', {}, 'Logs'),
    ...Object.entries(r.logs).map(([rank, text]) => el('div', {}, el('h3', {}, 'rank ' + rank), el('pre', { class: 'doc' }, text))));
}

// ---- Dashboards ----
async function dashboardsPage(name) {
  const list = await api('/api/console/dashboards');
  name = name || list[0].name;
  const p = hashParams();
  const range = el('select', { id: 'dash-range', onchange: () => go('dashboards/' + name, { from: range.value }) },
    ['15m', '1h', '24h', '7d'].map(r => el('option', { value: r, selected: (p.get('from') || '1h') === r }, 'last ' + r)));
  main().append(el('div', { class: 'bar' }, list.map(d => el('a', { href: '#/dashboards/' + d.name, class: 'chip' + (d.name === name ? ' active' : '') }, d.title)), range));
  const now = Date.now();
  const d = await api(`/api/console/dashboards/${encodeURIComponent(name)}?` + new URLSearchParams({ from: resolveTime(p.get('from') || '1h', now), to: resolveTime('now', now) }));
  main().append(el('h2', {}, d.title), el('div', { class: 'grid', id: 'panels' }, d.panels.map(panel => el('div', { class: 'chart panel' }, el('h3', {}, panel.title),
    panel.kind === 'distinct' ? el('div', { class: 'stat' }, panel.value)
      : panel.kind === 'count' && panel.series.length === 1 ? barChart(panel.series[0].points, d.interval_ms, null, 420, 120)
        : lineChart(panel.series)))));
}

// ---- Reports ----
async function reportsPage(id) {
  if (id) {
    main().append(el('p', {}, el('a', { href: '#/reports' }, '← all reports')), el('iframe', { class: 'report', id: 'report-frame', src: '/api/console/reports/' + encodeURIComponent(id), sandbox: '' }));
    return;
  }
  const reports = await api('/api/console/reports');
  main().append(el('h2', {}, 'Health reports'), reports.length ? el('table', { id: 'reports' },
    el('thead', {}, el('tr', {}, ['report', 'period', 'generated'].map(h => el('th', {}, h)))),
    el('tbody', {}, reports.map(r => el('tr', {}, el('td', {}, el('a', { href: '#/reports/' + encodeURIComponent(r.id), class: 'report-link' }, r.name)),
      el('td', {}, `${r.periodStart} → ${r.periodEnd}`), el('td', {}, r.generatedAt)))))
    : el('p', { class: 'muted' }, 'no reports yet: obs up stores each scheduled report, and obs report run adds one'));
}

// ---- routing ----
const pages = { discover: discoverPage, tail: tailPage, alerts: alertsPage, training: trainingPage, dashboards: dashboardsPage, reports: reportsPage };

let routeCount = 0;

async function route() {
  const current = ++routeCount;
  if (tailSource) { tailSource.close(); tailSource = null; }
  const path = location.hash.replace(/^#\//, '').split('?')[0];
  const [page, arg] = path.split('/');
  const name = pages[page] ? page : 'discover';
  document.querySelectorAll('header nav a').forEach(a => a.classList.toggle('active', a.dataset.page === name));
  main().replaceChildren();
  delete main().dataset.ready;
  try {
    await pages[name](arg && decodeURIComponent(arg));
    if (current === routeCount) main().dataset.ready = name;
  } catch (e) {
    if (current !== routeCount) return; // an earlier page's late answer: the page shown now is another
    main().append(el('pre', { class: 'error' }, e.message));
    main().dataset.ready = name;
  }
}

window.addEventListener('hashchange', route);
document.addEventListener('DOMContentLoaded', route);
