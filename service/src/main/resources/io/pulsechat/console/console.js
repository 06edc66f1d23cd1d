// PulseChat ops console: polls api/state once a second and draws plain canvas charts. No dependencies.
'use strict';

const COLORS = ['#58a6ff', '#3fb950', '#d29922', '#f778ba', '#a371f7'];

// [field, label, unit, digits, text when the figure is null: 'off' (not switched on) or '–' (nothing measured lately)]
const TILES = [
  ['receivedPerSec', 'received', 'msg/s', 1],
  ['persistedPerSec', 'persisted', 'msg/s', 1],
  ['deliveredPerSec', 'delivered', 'msg/s', 1],
  ['latencyP50Ms', 'latency p50', 'ms', 1, '–'],
  ['latencyP99Ms', 'latency p99', 'ms', 1, '–'],
  ['received', 'received total', '', 0],
  ['webSocketSessions', 'WebSocket sessions', '', 0],
  ['socketIoSessions', 'Socket.IO sessions', '', 0],
  ['kafkaLag', 'Kafka consumer lag', 'records', 0],
  ['partitions', 'partitions owned', '', 0],
  ['storeBatchMs', 'store batch (mean)', 'ms', 1],
  ['batchSize', 'batch size (mean)', 'msgs', 1],
  ['redisReconnects', 'Redis reconnects', '', 0],
  ['heapUsedMb', 'heap used', 'MB', 0],
  ['gcMsPerSec', 'GC', 'ms/s', 1],
];

// source: 'cluster' (totals of the live nodes) or 'node' (this node's samples).
const CHARTS = [
  ['cluster-messages', 'Messages/s, cluster', 'cluster',
    [['receivedPerSec', 'received'], ['persistedPerSec', 'persisted'], ['deliveredPerSec', 'delivered']]],
  ['node-messages', 'Messages/s, this node', 'node',
    [['receivedPerSec', 'received'], ['persistedPerSec', 'persisted'], ['deliveredPerSec', 'delivered']]],
  ['latency', 'Latency received → delivered (ms)', 'node', [['latencyP50Ms', 'p50'], ['latencyP99Ms', 'p99']]],
  ['sessions', 'Sessions, this node', 'node', [['webSocketSessions', 'WebSocket'], ['socketIoSessions', 'Socket.IO']]],
  ['kafka', 'Kafka consumer lag (records), partitions owned', 'node', [['kafkaLag', 'lag'], ['partitions', 'partitions']]],
  ['store-time', 'Store batch time (ms)', 'node', [['storeBatchMs', 'mean'], ['storeBatchP99Ms', 'p99']]],
  ['store-size', 'Store batches', 'node', [['batchSize', 'size (mean)'], ['batchesPerSec', 'batches/s']]],
  ['redis', 'Redis subscriber reconnects', 'node', [['redisReconnects', 'reconnects']]],
  ['heap', 'JVM heap (MB)', 'node', [['heapUsedMb', 'used'], ['heapMaxMb', 'max']]],
  ['gc', 'GC time (ms/s)', 'node', [['gcMsPerSec', 'GC']]],
];

const data = { since: 0, windowMs: 600000, node: [], cluster: [] };
const $ = (id) => document.getElementById(id);

function fmt(value, digits) {
  if (value === null || value === undefined) return '–';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en');
  return value.toFixed(digits);
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') node.className = v; else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

function buildPage() {
  for (const [key, label, unit] of TILES) {
    $('tiles').append(el('div', { class: 'tile', 'data-figure': key },
      el('div', { class: 'label' }, label),
      el('div', {}, el('span', { class: 'value' }, '–'), el('span', { class: 'unit' }, unit))));
  }
  for (const [id, title, , series] of CHARTS) {
    const key = el('span', { class: 'key' });
    series.forEach(([field, name], i) => {
      const swatch = el('i');
      swatch.style.background = COLORS[i];
      key.append(el('span', { 'data-series': field }, swatch, name + ' ', el('b', {}, '–')), ' ');
    });
    $('charts').append(el('div', { class: 'chart' },
      el('div', { class: 'title' }, el('strong', {}, title), key),
      el('canvas', { 'data-chart': id, 'data-points': '0' })));
  }
}

function trim(list, now) {
  const from = now - data.windowMs;
  while (list.length && list[0].time < from) list.shift();
}

/** A round step for four grid lines that cover `value`: 0.25, 0.5, 1, 2.5, 5, 10, 25... */
function gridStep(value) {
  if (value <= 0) return 0.25;
  const quarter = value / 4;
  const unit = Math.pow(10, Math.floor(Math.log10(quarter)));
  for (const m of [1, 2, 2.5, 5, 10]) if (quarter <= m * unit) return m * unit;
  return 10 * unit;
}

function decimals(step) {
  for (let d = 0; d < 3; d++) if (Math.abs(step * Math.pow(10, d) - Math.round(step * Math.pow(10, d))) < 1e-9) return d;
  return 3;
}

function drawChart(canvas, points, series, now) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth, height = canvas.clientHeight;
  if (canvas.width !== width * ratio) { canvas.width = width * ratio; canvas.height = height * ratio; }
  const g = canvas.getContext('2d');
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  const left = 44, bottom = 16, top = 6, right = 6;
  const plotW = width - left - right, plotH = height - top - bottom;
  let max = 0;
  for (const p of points) for (const [field] of series) max = Math.max(max, p[field] || 0);
  const step = gridStep(max * 1.05);
  max = step * 4;
  const from = now - data.windowMs;
  const x = (t) => left + ((t - from) / data.windowMs) * plotW;
  const y = (v) => top + plotH - (v / max) * plotH;
  g.font = '11px system-ui, sans-serif';
  g.fillStyle = '#8a96a3';
  g.strokeStyle = '#2a323c';
  g.lineWidth = 1;
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4, yy = Math.round(y(v)) + 0.5;
    g.beginPath(); g.moveTo(left, yy); g.lineTo(width - right, yy); g.stroke();
    g.textAlign = 'right'; g.textBaseline = 'middle';
    g.fillText(fmt(v, decimals(step)), left - 4, yy);
  }
  g.textBaseline = 'top';
  const minutes = data.windowMs / 60000;
  for (let m = 0; m <= minutes; m += Math.max(1, Math.round(minutes / 5))) {
    g.textAlign = m === 0 ? 'right' : m >= minutes ? 'left' : 'center';
    g.fillText(m === 0 ? 'now' : `-${m}m`, x(now - m * 60000), height - bottom + 3);
  }
  series.forEach(([field], i) => {
    g.strokeStyle = COLORS[i];
    g.lineWidth = 1.6;
    g.beginPath();
    let started = false;
    for (const p of points) {
      const v = p[field];
      if (v === null || v === undefined) { started = false; continue; }
      if (started) g.lineTo(x(p.time), y(v)); else { g.moveTo(x(p.time), y(v)); started = true; }
    }
    g.stroke();
  });
  const last = points[points.length - 1];
  canvas.dataset.points = String(points.length);
  canvas.dataset.lastTime = last ? String(last.time) : '';
  canvas.dataset.last = last ? JSON.stringify(Object.fromEntries(series.map(([f]) => [f, last[f]]))) : '';
  const key = canvas.parentElement.querySelector('.key');
  for (const [field] of series) {
    key.querySelector(`[data-series="${field}"] b`).textContent = last ? fmt(last[field], 1) : '–';
  }
}

function renderTiles(sample) {
  for (const [key, , , digits, blank] of TILES) {
    const value = sample ? sample[key] : null;
    const tile = document.querySelector(`.tile[data-figure="${key}"]`);
    tile.querySelector('.value').textContent = value === null || value === undefined ? (blank || 'off') : fmt(value, digits);
    tile.dataset.value = value === null || value === undefined ? '' : String(value);
  }
}

function renderHealth(health) {
  const list = $('health');
  list.replaceChildren();
  for (const [name, check] of Object.entries(health || {})) {
    list.append(el('li', { 'data-check': name, 'data-healthy': String(check.healthy) },
      el('strong', {}, name), el('span', { class: 'msg' }, check.message || (check.healthy ? 'healthy' : 'unhealthy'))));
  }
}

function ago(time, now) {
  const s = Math.max(0, Math.round((now - time) / 1000));
  return s < 90 ? `${s}s ago` : `${Math.round(s / 60)}m ago`;
}

function nodeRow(entry, now, self) {
  // Figures only for a live node: a gone or unknown one's last figures would say it is well.
  const s = entry.status === 'live' && entry.snapshot && entry.snapshot.sample;
  const failing = entry.snapshot ? Object.entries(entry.snapshot.health || {}).filter(([, c]) => !c.healthy).map(([n]) => n) : [];
  const cell = (v, d) => el('td', {}, s ? fmt(v, d) : '–');
  return el('tr', { 'data-node': entry.nodeId, 'data-status': entry.status },
    el('td', {}, entry.nodeId + (self ? ' (this node)' : '')),
    el('td', { class: 'status' }, entry.status),
    cell(s && s.receivedPerSec, 1), cell(s && s.persistedPerSec, 1), cell(s && s.deliveredPerSec, 1),
    cell(s && s.latencyP50Ms, 1), cell(s && s.latencyP99Ms, 1), cell(s && s.webSocketSessions, 0),
    cell(s && s.socketIoSessions, 0), cell(s && s.kafkaLag, 0), cell(s && s.partitions, 0),
    cell(s && s.storeBatchMs, 1), cell(s && s.heapUsedMb, 0),
    el('td', { class: 'checks' + (failing.length ? ' bad' : '') },
      s ? (failing.length ? 'down: ' + failing.join(', ') : 'ok') : (entry.status === 'live' ? '–' : entry.status)),
    el('td', {}, entry.status === 'live' ? 'now' : ago(entry.lastSeen, now)));
}

function renderCluster(view, nodeId, now) {
  // Live (and unknown) nodes first, by name; then the gone ones, the most recently seen first.
  const gone = (n) => n.status === 'gone';
  const nodes = [...view.nodes].sort((a, b) => (gone(a) - gone(b))
    || (gone(a) ? b.lastSeen - a.lastSeen : a.nodeId.localeCompare(b.nodeId)));
  $('nodes').replaceChildren(...nodes.map((n) => nodeRow(n, now, n.nodeId === nodeId)));
  const t = view.totals;
  $('totals').replaceChildren(t ? el('tr', {},
    el('td', {}, 'cluster'), el('td', {}, `${t.liveNodes} live`),
    el('td', {}, fmt(t.receivedPerSec, 1)), el('td', {}, fmt(t.persistedPerSec, 1)), el('td', {}, fmt(t.deliveredPerSec, 1)),
    el('td', {}, ''), el('td', {}, fmt(t.latencyP99Ms, 1)), el('td', {}, fmt(t.webSocketSessions, 0)),
    el('td', {}, fmt(t.socketIoSessions, 0)), el('td', {}, fmt(t.kafkaLag, 0)), el('td', {}, fmt(t.partitions, 0)),
    el('td', {}, ''), el('td', {}, ''), el('td', {}, ''), el('td', {}, '')) : '');
  $('cluster-live').textContent = t ? t.liveNodes : '…';
  $('cluster-unknown').textContent = t ? t.unknownNodes : '…';
  $('cluster-gone').textContent = t ? t.goneNodes : '…';
}

function renderPartitions(report) {
  const unowned = $('unowned');
  const error = $('partitions-error');
  if (!report) {
    unowned.textContent = '…';
    return;
  }
  $('partitions-topic').textContent = report.topic;
  $('partitions-group').textContent = report.group;
  error.hidden = !report.error;
  error.textContent = report.error ? `Partitions cannot be read from Kafka: ${report.error}` : '';
  const missing = report.rows.filter((r) => !r.owner);
  unowned.textContent = report.error ? '?' : String(missing.length);
  unowned.className = missing.length || report.error ? 'bad' : '';
  unowned.dataset.lag = String(missing.reduce((sum, r) => sum + r.lag, 0));
  $('partitions').replaceChildren(...report.rows.map((r) => el('tr',
    { 'data-partition': String(r.partition), class: r.owner ? '' : 'unowned' },
    el('td', {}, String(r.partition)), el('td', {}, r.owner || 'none'),
    el('td', {}, r.committed === null ? '–' : fmt(r.committed, 0)), el('td', {}, fmt(r.end, 0)),
    el('td', {}, fmt(r.lag, 0)))));
}

function render(state) {
  const now = state.time;
  $('node-id').textContent = state.nodeId;
  $('updated').textContent = new Date(now).toLocaleTimeString('en-GB');
  $('window').textContent = Math.round(data.windowMs / 60000);
  renderTiles(data.node[data.node.length - 1]);
  renderHealth(state.health);
  renderCluster(state.view, state.nodeId, now);
  renderPartitions(state.partitions);
  const banner = $('banner');
  banner.hidden = !state.view.error;
  banner.textContent = state.view.error || '';
  for (const [id, , source, series] of CHARTS) {
    drawChart(document.querySelector(`canvas[data-chart="${id}"]`), data[source], series, now);
  }
}

async function poll() {
  try {
    const response = await fetch(`api/state?since=${data.since}`, { cache: 'no-store' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const state = await response.json();
    data.windowMs = state.windowMs;
    data.node.push(...state.samples);
    data.cluster.push(...state.cluster);
    trim(data.node, state.time);
    trim(data.cluster, state.time);
    if (data.node.length) data.since = data.node[data.node.length - 1].time;
    render(state);
  } catch (e) {
    const banner = $('banner');
    banner.hidden = false;
    banner.textContent = `This node does not answer (${e.message}); retrying every second.`;
  } finally {
    setTimeout(poll, 1000);
  }
}

buildPage();
poll();
