// The dispatcher's page: the map, the order queue, assignment, wave planning with live progress,
// routes with stops, ETAs and loads, approve and start, vehicles and their temperatures live.
import { act, api, badge, bandText, esc, fmtTemp, fmtTime, header, inBand, live, stateBadge, toast, tomorrow } from './app.js';
import { createMap, fit, moveVehicle, showBanks, showRoutes, showStores } from './map.js';
import { startRoute } from './routes.js';

const $ = id => document.getElementById(id);
const state = { waveId: null, routes: [], banks: [], vehicles: [], temps: {} };
let m;

function debounce(fn, ms) {
  let t;
  return () => { clearTimeout(t); t = setTimeout(fn, ms); };
}

async function loadQueue() {
  const orders = await api('orders?state=PLACED&limit=200');
  $('queue').innerHTML = orders.length
    ? orders.map(o => `<tr><td>#${o.id}</td><td>${fmtTime(o.slotStart, true)}–${fmtTime(o.slotEnd)}</td>
        <td>${esc(o.lockerBankId || '—')}</td><td>${esc(o.note || 'not yet assigned (the next run takes it)')}</td></tr>`).join('')
    : '<tr><td colspan="4" class="muted">Every order is assigned.</td></tr>';
}

async function loadBanks() {
  state.banks = await api('locker-banks');
  showBanks(m, state.banks);
}

function routeCard(r, colour) {
  const loads = r.loads.filter(l => l.litres > 0)
    .map(l => `<span class="zone-${l.zone}">${l.zone}</span> ${l.litres.toFixed(0)} l / ${l.kg.toFixed(1)} kg`).join(' · ');
  const stops = r.stops.map(s => `<tr data-stop="${s.seq}"><td>${s.seq}</td><td>${esc(s.lockerBankId)}</td>
      <td>${fmtTime(s.plannedArrival)}</td><td>${fmtTime(s.windowStart)}–${fmtTime(s.windowEnd)}</td>
      <td>${s.parcels.length}</td><td>${stateBadge(s.status)}</td></tr>`).join('');
  const buttons = [];
  if (r.status === 'PLANNED') buttons.push(`<button type="button" data-approve="${r.id}">Approve (pick the goods)</button>`);
  if (r.status === 'APPROVED') buttons.push(`<button type="button" data-start="${r.id}">Start</button>`);
  return `<article class="route" data-route="${r.id}" aria-labelledby="route-${r.id}-h" style="border-left:6px solid ${colour};padding-left:.8rem;margin:.8rem 0">
    <h3 id="route-${r.id}-h">Route ${r.id} · ${esc(r.vehicleId)} from ${esc(r.storeId)} ${stateBadge(r.status)}</h3>
    <p class="muted">Departs ${fmtTime(r.departure, true)}, back ${fmtTime(r.returnAt)} · ${(r.distanceMetres / 1000).toFixed(1)} km,
      ${Math.round(r.driveSeconds / 60)} min driving · ${loads}</p>
    <table><thead><tr><th scope="col">Stop</th><th scope="col">Bank</th><th scope="col">ETA</th><th scope="col">Window</th>
      <th scope="col">Parcels</th><th scope="col">State</th></tr></thead><tbody>${stops}</tbody></table>
    <p class="row">${buttons.join(' ')}</p></article>`;
}

async function loadRoutes() {
  const date = $('wave-date').value;
  $('routes-date').textContent = date;
  state.routes = await api(`routes?date=${date}`);
  const colours = showRoutes(m, state.routes);
  $('routes').innerHTML = state.routes.length
    ? state.routes.map((r, i) => routeCard(r, colours[i])).join('')
    : '<p class="muted">No routes yet for this date.</p>';
}

function showWave(w) {
  if (!w || w.deliveryDate !== $('wave-date').value) return;
  state.waveId = w.id;
  const p = w.progress || {};
  const planning = w.status === 'PLANNING';
  $('wave-progress').hidden = false;
  $('cancel-wave').hidden = !(planning || (w.status === 'PLANNED' && w.routeIds.length));
  $('cancel-wave').textContent = planning ? 'Cancel planning' : 'Discard this plan';
  $('wave-bar').value = planning ? Math.min(99, 100 * (p.elapsedSeconds || 0) / w.timeLimitSeconds) : 100;
  const best = p.driveSeconds != null ? `, best ${Math.round(p.driveSeconds / 60)} min driving on ${p.vehicles} vehicles` : '';
  $('wave-status').innerHTML = planning
    ? `Wave ${w.id} planning: ${p.iterations || 0} iterations${best}, ${(p.elapsedSeconds || 0).toFixed(1)} s of ${w.timeLimitSeconds} s`
    : `Wave ${w.id} ${stateBadge(w.status)}: ${w.routeIds.length} routes, ${w.parcelsPlanned ?? 0} parcels planned,
       ${w.parcelsUnserved ?? 0} left out${p.stopReason ? ` (search stopped: ${esc(p.stopReason)})` : ''}${w.note ? ` · ${esc(w.note)}` : ''}`;
  $('unserved').innerHTML = w.unserved && w.unserved.length
    ? `<h3>Parcels left out of wave ${w.id}</h3><table><thead><tr><th scope="col">Parcel</th><th scope="col">Order</th><th scope="col">Bank</th>
       <th scope="col">Why</th></tr></thead><tbody>${w.unserved.map(u => `<tr><td>${u.parcelId}</td><td>#${u.orderId}</td>
       <td>${esc(u.lockerBankId)}</td><td>${esc(u.reason)}</td></tr>`).join('')}</tbody></table>` : '';
  if (!planning) loadRoutes();
}

function vehicleRows() {
  $('vehicles').innerHTML = state.vehicles.map(v => {
    const comps = v.compartments.map(c => {
      const t = state.temps[`${v.id}/${c.zone}`];
      const ok = t ? inBand(c.zone, t.tempC) : true;
      return `<span class="zone-${c.zone}">${c.zone}</span> ${t ? `${fmtTemp(t.tempC)}${ok ? '' : ` ${badge('out of band', 'bad')}`}` : '—'}
        <span class="muted">(${bandText(c.zone)})</span>`;
    }).join('<br>');
    const last = Object.entries(state.temps).filter(([a]) => a.startsWith(`${v.id}/`)).map(([, t]) => t.ts).sort().pop();
    return `<tr data-vehicle="${v.id}"><td>${esc(v.id)}<br><span class="muted">${esc(v.name)}</span></td><td>${comps}</td>
      <td>${fmtTime(last)}</td></tr>`;
  }).join('');
}

async function init() {
  await header();
  $('wave-date').value = tomorrow();
  m = await createMap($('map'));
  const [stores, vehicles] = await Promise.all([api('stores'), api('vehicles')]);
  state.vehicles = vehicles;
  showStores(m, stores);
  $('wave-stores').innerHTML = stores.map(s => `<label class="check"><input type="checkbox" name="store" value="${s.id}" checked> ${esc(s.id)} ${esc(s.name)}</label>`).join('');
  await loadBanks();
  fit(m, [...stores.map(s => [s.location.lat, s.location.lon]), ...state.banks.map(b => [b.location.lat, b.location.lon])]);
  vehicleRows();
  await Promise.all([loadQueue(), loadRoutes()]);
  const waves = await api(`waves?date=${$('wave-date').value}`);
  if (waves.length) showWave(waves[waves.length - 1]);

  const refreshRoutes = debounce(loadRoutes, 400);
  const refreshQueue = debounce(loadQueue, 600);
  const refreshBanks = debounce(loadBanks, 800);
  live({
    wave: showWave,
    order: () => { refreshQueue(); refreshRoutes(); },
    command: () => { refreshRoutes(); refreshBanks(); },
    custody: () => { refreshRoutes(); refreshBanks(); },
    telemetry: t => {
      state.temps[t.assetId] = t;
      const vehicle = t.assetId.split('/')[0];
      if (t.lat != null && t.lon != null) moveVehicle(m, vehicle, t.lat, t.lon, `${vehicle} at ${fmtTime(t.ts)}`);
      vehicleRows();
    },
  }, { assets: vehicles.flatMap(v => v.compartments.map(c => `${v.id}/${c.zone}`)) });

  $('wave-date').addEventListener('change', () => { loadRoutes(); $('wave-progress').hidden = true; $('unserved').innerHTML = ''; });
  $('run-assignment').addEventListener('click', e => act(e.target, async () => {
    const run = await api('assignment-runs', { method: 'POST' });
    $('assignment-result').innerHTML = `<p>Assignment run ${run.id}: ${run.toLocker} orders to lockers, ${run.toStore} to stores,
      ${run.leftPlaced} still waiting.</p>${run.unplaced.length ? `<ul>${run.unplaced.slice(0, 10).map(u => `<li>#${u.orderId}: ${esc(u.reason)}</li>`).join('')}</ul>` : ''}`;
    loadQueue();
    loadBanks();
  }));
  $('plan-wave').addEventListener('click', e => act(e.target, async () => {
    const storeIds = [...document.querySelectorAll('input[name=store]:checked')].map(i => i.value);
    if (!storeIds.length) { toast('Choose at least one store', true); return; }
    const w = await api('waves', { method: 'POST', body: { deliveryDate: $('wave-date').value, storeIds,
      timeLimitSeconds: Number($('wave-limit').value) || 5 } });
    showWave(w);
  }));
  $('cancel-wave').addEventListener('click', e => act(e.target, async () => {
    showWave(await api(`waves/${state.waveId}/cancel`, { method: 'POST' }));
    loadRoutes();
  }));
  $('routes').addEventListener('click', e => {
    const approve = e.target.closest('[data-approve]');
    const start = e.target.closest('[data-start]');
    if (approve) act(approve, async () => { await api(`routes/${approve.dataset.approve}/approve`, { method: 'POST' }); toast(`Route ${approve.dataset.approve} approved: goods picked`); loadRoutes(); });
    if (start) act(start, async () => { await startRoute(start.dataset.start); toast(`Route ${start.dataset.start} started`); loadRoutes(); });
  });
}

init().catch(e => toast(e.message, true));
