// The courier's page: today's routes, the next stop with its address and parcels, "open
// compartments" at the bank with each command's state live, and reporting a broken compartment.
import { act, api, esc, fmtTime, header, live, stateBadge, toast, today, tomorrow } from './app.js';
import { startRoute } from './routes.js';

const $ = id => document.getElementById(id);
const banks = new Map();
const commands = new Map(); // commandId -> command, as the bank reports it

/** The state of the latest command for a compartment of a stop, as a badge. */
function commandState(stopKey, compartment) {
  const latest = [...commands.values()].filter(c => c.stopKey === stopKey && c.compartment === compartment).pop();
  if (!latest) return '';
  return `${stateBadge(latest.state)}${latest.failure ? ` <span class="muted">${esc(latest.failure)}</span>` : ''}`;
}

function stopBlock(r, s, next) {
  const bank = banks.get(s.lockerBankId) || {};
  const key = `${r.id}/${s.seq}`;
  const parcels = s.parcels.map(p => `<tr><td class="zone-${p.zone}">${p.zone}</td><td>${p.size}</td><td>${p.parcelId}</td>
      <td>#${p.orderId}</td><td><strong>${esc(p.compartment || '?')}</strong></td>
      <td data-cmd="${key}/${esc(p.compartment || '')}" aria-live="polite">${p.deliveredAt ? stateBadge('DELIVERED') : commandState(key, p.compartment)}</td>
      <td>${r.status === 'STARTED' && !p.deliveredAt && p.compartment ? `<button type="button" class="secondary small" data-problem="${key}/${p.compartment}"
        aria-label="Report compartment ${esc(p.compartment)} as broken or occupied">Report problem</button>` : ''}</td></tr>`).join('');
  return `<div class="order" data-stop="${key}">
    <h3>${next ? 'Next stop' : `Stop ${s.seq}`}: ${esc(s.lockerBankId)} ${stateBadge(s.status)}</h3>
    <p>${esc(bank.name || '')}<br>${esc(bank.address || '')}<br><span class="muted">ETA ${fmtTime(s.plannedArrival)},
      window ${fmtTime(s.windowStart)}–${fmtTime(s.windowEnd)}</span></p>
    <div class="table-wrap"><table class="stack" aria-label="Parcels of stop ${s.seq}"><thead><tr><th scope="col">Zone</th><th scope="col">Size</th><th scope="col">Parcel</th>
      <th scope="col">Order</th><th scope="col">Compartment</th><th scope="col">Door</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
      <tbody>${parcels}</tbody></table></div>
    ${r.status === 'STARTED' && s.status !== 'DELIVERED' ? `<button type="button" data-open="${key}">Open compartments</button>` : ''}
    </div>`;
}

function routeCard(r) {
  const pending = r.stops.filter(s => s.status !== 'DELIVERED');
  const next = pending[0];
  const rest = r.stops.filter(s => s !== next);
  return `<section class="card" data-route="${r.id}" style="margin-top:1rem" aria-labelledby="r${r.id}">
    <h2 id="r${r.id}">Route ${r.id} · ${esc(r.vehicleId)} from ${esc(r.storeId)} ${stateBadge(r.status)}</h2>
    <p class="muted">${r.deliveryDate} · departs ${fmtTime(r.departure)} · ${r.stops.length} stops · back ${fmtTime(r.returnAt)}</p>
    ${r.status === 'APPROVED' ? `<p><button type="button" data-start="${r.id}">Start route</button></p>` : ''}
    ${r.status === 'PLANNED' ? '<p class="muted">Waiting for the dispatcher to approve it (goods picked).</p>' : ''}
    ${next ? stopBlock(r, next, true) : '<p>Every stop is delivered.</p>'}
    ${rest.length ? `<details><summary>All stops</summary>${rest.map(s => stopBlock(r, s, false)).join('')}</details>` : ''}
  </section>`;
}

async function load() {
  let date = $('route-date').value;
  let routes = (await api(`routes?date=${date}`)).filter(r => r.status !== 'CANCELLED');
  let note = '';
  if (!routes.length && date === today()) {
    const later = (await api(`routes?date=${tomorrow()}`)).filter(r => r.status !== 'CANCELLED');
    if (later.length) { routes = later; note = `<p class="muted">Nothing today; these are tomorrow's (${tomorrow()}).</p>`; }
  }
  $('routes').innerHTML = routes.length ? note + routes.map(routeCard).join('') : '<p class="muted">No routes for this date.</p>';
}

async function init() {
  await header();
  $('route-date').value = today();
  (await api('locker-banks')).forEach(b => banks.set(b.id, b));
  await load();
  const reload = (() => { let t; return () => { clearTimeout(t); t = setTimeout(load, 400); }; })();
  live({
    command: c => {
      const known = commands.get(c.commandId);
      if (known) {
        known.state = c.state;
        const cell = document.querySelector(`[data-cmd="${known.stopKey}/${c.compartment}"]`);
        if (cell) cell.innerHTML = commandState(known.stopKey, c.compartment);
      }
      if (c.state === 'CLOSED' || c.state === 'FAILED') reload();
    },
    custody: reload,
  });
  $('reload').addEventListener('click', load);
  $('routes').addEventListener('click', e => {
    const start = e.target.closest('[data-start]');
    const open = e.target.closest('[data-open]');
    const problem = e.target.closest('[data-problem]');
    if (start) act(start, async () => { await startRoute(start.dataset.start); toast(`Route ${start.dataset.start} started`); load(); });
    if (open) act(open, async () => {
      const [id, seq] = open.dataset.open.split('/');
      const opening = await api(`routes/${id}/stops/${seq}/open`, { method: 'POST' });
      opening.commands.forEach(c => {
        commands.set(c.commandId, { ...c, stopKey: open.dataset.open });
        const cell = document.querySelector(`[data-cmd="${open.dataset.open}/${c.compartment}"]`);
        if (cell) cell.innerHTML = commandState(open.dataset.open, c.compartment);
      });
      const skipped = opening.skipped.map(s => `parcel ${s.parcelId}: ${s.reason}`).join('; ');
      toast(`${opening.commands.length} compartments opening at ${opening.lockerBankId}${skipped ? `; skipped ${skipped}` : ''}`);
    });
    if (problem) {
      const [id, seq, code] = problem.dataset.problem.split('/');
      const kind = prompt(`What is wrong with compartment ${code}? Type BROKEN or OCCUPIED.`, 'BROKEN');
      if (!kind) return;
      act(problem, async () => {
        await api(`routes/${id}/stops/${seq}/compartments/${code}/problem`, { method: 'POST', body: { problem: kind.trim().toUpperCase() } });
        toast(`Compartment ${code} reported ${kind.trim().toUpperCase()}; its parcel moves to another one`);
        load();
      });
    }
  });
}

init().catch(e => toast(e.message, true));
