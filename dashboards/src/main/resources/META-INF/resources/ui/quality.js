// The quality board: alerts (open, acknowledged, escalated, resolved; filters), an alert's
// excursion chart with the zone's band and its affected orders with the shelf life left,
// acknowledge, resolve with a disposition per order, live charts per asset, compliance, CSV.
import { act, api, badge, bandText, esc, fmtTemp, fmtTime, header, live, stateBadge, toast, today, tomorrow } from './app.js';
import { temperatureChart } from './chart.js';

const $ = id => document.getElementById(id);
let selected = null;
let assetChart = null;
let assetZone = {};

async function loadAlerts() {
  const q = new URLSearchParams();
  if ($('f-status').value) q.set('status', $('f-status').value);
  if ($('f-type').value) q.set('type', $('f-type').value);
  if ($('f-asset').value.trim()) q.set('assetId', $('f-asset').value.trim());
  const alerts = await api(`alerts?${q}`);
  $('alerts').innerHTML = alerts.length ? alerts.map(a => `<tr data-alert="${a.alertId}" tabindex="0" aria-label="Alert ${esc(a.type)} on ${esc(a.assetId)}, ${a.status}"
      style="cursor:pointer${selected === a.alertId ? ';background:#eef4f8' : ''}">
      <td>${stateBadge(a.status)}${a.escalated ? ` ${badge('escalated', 'bad')}` : ''}${a.gatewayState === 'CLEARED' ? ` ${badge('cleared', 'ok')}` : ''}</td>
      <td>${esc(a.type)}</td><td>${esc(a.assetId)}</td><td>${fmtTime(a.startedAt, true)}</td><td>${fmtTemp(a.peakC)}</td>
      <td>${a.affectedOrders}</td></tr>`).join('')
    : '<tr><td colspan="6" class="muted">No alerts match.</td></tr>';
}

async function shelfLeft(orderId) {
  try {
    const r = await api(`orders/${orderId}/cold-chain`);
    const left = r.shelfLife.filter(s => s.leftDays != null).map(s => s.leftDays);
    return left.length ? `${Math.min(...left).toFixed(1)} d` : '—';
  } catch (e) { return '—'; }
}

async function showAlert(alertId) {
  selected = alertId;
  const a = await api(`alerts/${alertId}`);
  const from = new Date(a.startedAt).getTime() - 30 * 60000;
  const to = a.endedAt ? new Date(a.endedAt).getTime() + 30 * 60000 : Date.now();
  const orders = a.affectedOrders.slice(0, 50);
  const lefts = await Promise.all(orders.map(o => shelfLeft(o.orderId)));
  const open = a.status !== 'RESOLVED';
  $('detail').innerHTML = `<h3>${esc(a.type)} on ${esc(a.assetId)} ${stateBadge(a.status)}${a.escalated ? ` ${badge('escalated', 'bad')}` : ''}</h3>
    <p>Since ${fmtTime(a.startedAt, true)}${a.endedAt ? `, until ${fmtTime(a.endedAt, true)}` : ' (still outside the band)'} ·
      peak ${fmtTemp(a.peakC)} · ${a.degreeMinutes.toFixed(1)} degree-minutes · band ${esc(bandText(a.zone))}</p>
    <div id="excursion-chart" class="chart" role="img" aria-label="Temperature of ${esc(a.assetId)} during the excursion, with the zone's band"></div>
    <h3>Affected orders (${a.affectedOrders.length})</h3>
    ${orders.length ? `<form id="resolve-form"><table><thead><tr><th scope="col">Order</th><th scope="col">State</th><th scope="col">In the asset</th>
      <th scope="col">Shelf life left</th><th scope="col">Disposition</th></tr></thead><tbody>
      ${orders.map((o, i) => `<tr><td>#${o.orderId}</td><td>${stateBadge(o.state)}</td><td>${fmtTime(o.from)}–${fmtTime(o.to)}</td><td>${lefts[i]}</td>
        <td>${o.disposition ? esc(o.disposition) : `<label class="sr-only" for="d-${o.orderId}">Disposition of order ${o.orderId}</label>
        <select id="d-${o.orderId}" data-disposition="${o.orderId}"><option>RELEASE</option><option>DISCARD</option><option>RETURN_TO_STORE</option></select>`}</td></tr>`).join('')}
      </tbody></table></form>` : '<p class="muted">No order was in the asset during the excursion.</p>'}
    ${open ? `<label for="comment">Comment</label><input id="comment" size="40" maxlength="500" placeholder="e.g. technician called">
      <p class="row">${a.status === 'OPEN' ? '<button type="button" id="ack">Acknowledge</button>' : ''}
      <button type="button" id="resolve">Resolve</button></p>` : ''}
    <h3>History</h3><ul>${a.history.map(h => `<li>${fmtTime(h.at, true)} <strong>${esc(h.kind)}</strong> by ${esc(h.actor)}${h.comment ? `: ${esc(h.comment)}` : ''}</li>`).join('')}</ul>`;
  const readings = await api(`telemetry/${a.assetId}?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`);
  temperatureChart($('excursion-chart'), a.zone, readings.readings, { from, to });
  if ($('ack')) $('ack').addEventListener('click', e => act(e.target, async () => {
    await api(`alerts/${alertId}/acknowledge`, { method: 'POST', body: { comment: $('comment').value || null } });
    toast('Acknowledged');
    await Promise.all([showAlert(alertId), loadAlerts()]);
  }));
  if ($('resolve')) $('resolve').addEventListener('click', e => act(e.target, async () => {
    const dispositions = [...document.querySelectorAll('[data-disposition]')].map(s => ({ orderId: Number(s.dataset.disposition), action: s.value }));
    await api(`alerts/${alertId}/resolve`, { method: 'POST', body: { comment: $('comment').value || null, dispositions } });
    toast('Resolved');
    await Promise.all([showAlert(alertId), loadAlerts()]);
  }));
  loadAlerts();
}

async function showAsset(assetId) {
  const to = Date.now();
  const from = to - 6 * 3600000;
  const data = await api(`telemetry/${assetId}?from=${new Date(from).toISOString()}`);
  assetChart = temperatureChart($('asset-chart'), assetZone[assetId], data.readings, {});
  assetChart.assetId = assetId;
  const last = data.readings[data.readings.length - 1];
  $('asset-now').textContent = last ? `Now ${fmtTemp(last.tempC)} at ${fmtTime(last.ts)} (band ${bandText(assetZone[assetId])})` : 'No readings in the last six hours.';
}

async function loadCompliance() {
  const days = await api(`compliance?date=${today()}`);
  $('compliance').innerHTML = days.map(d => `<tr><td>${esc(d.assetId)}</td>
    <td>${d.percentInRange == null ? '—' : `${d.percentInRange.toFixed(1)} %`}</td><td>${d.excursions}</td>
    <td>${d.degreeMinutes.toFixed(1)}</td><td>${fmtTemp(d.minC)} / ${fmtTemp(d.maxC)}</td></tr>`).join('');
}

async function init() {
  await header();
  const devices = await api('devices');
  const assets = devices.flatMap(d => Object.values(d.probes)).sort((x, y) => x.assetId.localeCompare(y.assetId));
  assets.forEach(p => { assetZone[p.assetId] = p.zone; });
  $('asset-pick').innerHTML = assets.map(p => `<option value="${esc(p.assetId)}">${esc(p.assetId)} (${p.zone})</option>`).join('');
  $('csv').href = `/api/v1/traceability/events.csv?from=${today()}T00:00:00Z&to=${tomorrow()}T23:59:59Z`;
  await Promise.all([loadAlerts(), loadCompliance().catch(() => {})]);
  if (assets.length) await showAsset(assets[0].assetId);
  live({
    alert: a => { loadAlerts(); if (selected === a.alertId) showAlert(a.alertId); else toast(`Alert ${a.kind}: ${a.alertId.slice(0, 8)}`); },
    order: () => { if (selected) showAlert(selected); },
    telemetry: t => {
      if (assetChart && assetChart.assetId === t.assetId) {
        assetChart.append(t);
        $('asset-now').textContent = `Now ${fmtTemp(t.tempC)} at ${fmtTime(t.ts)} (band ${bandText(assetZone[t.assetId])})`;
      }
    },
  }, { assets: assets.map(p => p.assetId) });
  $('asset-pick').addEventListener('change', e => showAsset(e.target.value));
  for (const id of ['f-status', 'f-type']) $(id).addEventListener('change', loadAlerts);
  $('f-asset').addEventListener('input', () => { clearTimeout(window.fAsset); window.fAsset = setTimeout(loadAlerts, 300); });
  $('alerts').addEventListener('click', e => { const row = e.target.closest('[data-alert]'); if (row) showAlert(row.dataset.alert); });
  $('alerts').addEventListener('keydown', e => {
    const row = e.target.closest('[data-alert]');
    if (row && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); showAlert(row.dataset.alert); }
  });
}

init().catch(e => toast(e.message, true));
