// The resident's page: my orders with state and deadline; for a ready order the code, the QR and
// the bank on the map, collect, extend once; a hold explained; freshness rating after pickup; the
// shelf life left of chilled and frozen goods.
import { act, api, esc, fmtTime, header, live, stateBadge, toast } from './app.js';
import { createMap, fit, showBanks } from './map.js';

const $ = id => document.getElementById(id);
let m;
let me;
let banks = [];
const pickups = new Map();
const pickupState = new Map(); // orderId -> what the doors last said, kept across re-renders

function sayPickup(orderId, text) {
  pickupState.set(Number(orderId), text);
  const line = document.querySelector(`[data-pickup-state="${orderId}"]`);
  if (line) line.textContent = text;
}

async function shelfLife(orderId) {
  try {
    const report = await api(`orders/${orderId}/cold-chain`);
    const rows = report.shelfLife.filter(s => s.leftDays != null);
    if (!rows.length) return '';
    return `<p class="muted">Shelf life left: ${rows.map(s => `${esc(s.productId)} ${s.leftDays.toFixed(1)} days
      (use by ${fmtTime(s.estimatedUseBy, true)})`).join(' · ')}</p>`;
  } catch (e) {
    return '';
  }
}

function holdReason(order) {
  const hold = [...order.history].reverse().find(h => h.to === 'ON_HOLD');
  return hold ? hold.reason : 'a quality check';
}

async function orderBlock(summary) {
  const o = await api(`orders/${summary.id}`);
  const parts = [`<div class="order" data-order="${o.id}"><h3>Order #${o.id} ${stateBadge(o.state)}</h3>
    <p>${o.lines.map(l => `${l.quantity} × ${esc(l.productId)}`).join(', ')}<br>
    <span class="muted">Pickup ${fmtTime(o.slotStart, true)}–${fmtTime(o.slotEnd)} at ${esc(o.lockerBankId || o.storeId || 'to be assigned')}</span></p>`];
  if (o.state === 'ON_HOLD') {
    parts.push(`<p role="note"><strong>On hold:</strong> ${esc(holdReason(o))}. Quality staff are checking the goods;
      you will be told when you can collect, or get a replacement. Questions: the store's counter.</p>`);
  }
  if (o.state === 'COLLECTED') {
    parts.push(`<form class="feedback" data-feedback="${o.id}"><fieldset><legend>How fresh was it?</legend>
      ${[1, 2, 3, 4, 5].map(n => `<label class="check"><input type="radio" name="rating-${o.id}" value="${n}" ${n === 5 ? 'checked' : ''}> ${n}</label>`).join('')}
      <label for="comment-${o.id}">Comment (optional)</label><input id="comment-${o.id}" maxlength="1000" size="30">
      <button type="submit">Send rating</button></fieldset></form>`);
  }
  if (['READY_FOR_PICKUP', 'IN_TRANSIT', 'COLLECTED', 'ON_HOLD'].includes(o.state)) parts.push(await shelfLife(o.id));
  parts.push('</div>');
  return parts.join('');
}

async function readyBlock(o) {
  if (me.role !== 'RESIDENT') {
    // staff opening the residents' page see the order, never its code
    pickups.set(o.id, { lockerBankId: o.lockerBankId });
    return `<div class="order" data-ready="${o.id}"><h3>Order #${o.id} at ${esc(o.lockerBankId)}</h3>
      <p class="muted">Ready for pickup; only the resident sees the code and the QR.</p></div>`;
  }
  const p = await api(`orders/${o.id}/pickup`);
  pickups.set(o.id, p);
  return `<div class="order" data-ready="${o.id}">
    <h3>Order #${o.id} at ${esc(p.lockerBankId)}</h3>
    <p>Your code <span class="code" data-code="${o.id}">${esc(p.code)}</span></p>
    <img class="qr" src="/api/v1/orders/${o.id}/pickup/qr.png" alt="QR code to scan at locker bank ${esc(p.lockerBankId)}">
    <p>Collect by <strong>${fmtTime(p.deadline, true)}</strong>${p.extended ? ' (extended)' : ''}. Type the code on the bank's keypad,
      scan the QR, or open it from here when you stand at the bank.</p>
    <p class="row"><button type="button" data-collect="${o.id}">Open my compartment now</button>
      ${p.extended ? '' : `<button type="button" class="secondary" data-extend="${o.id}">Extend by a day</button>`}</p>
    <p data-pickup-state="${o.id}" aria-live="polite">${esc(pickupState.get(o.id) || '')}</p></div>`;
}

async function load() {
  const orders = await api('orders?limit=100');
  const ready = orders.filter(o => o.state === 'READY_FOR_PICKUP');
  $('ready').hidden = !ready.length;
  $('ready-list').innerHTML = (await Promise.all(ready.map(readyBlock))).join('');
  const rest = orders.filter(o => o.state !== 'READY_FOR_PICKUP');
  $('orders').innerHTML = rest.length ? (await Promise.all(rest.map(orderBlock))).join('') : '<p class="muted">No other orders.</p>';
  if (ready.length) {
    if (!m) m = await createMap($('map'));
    showReadyBanks(ready);
  }
}

/** The banks of the ready orders on the map (a map failure leaves the codes usable). */
function showReadyBanks(ready) {
  try {
    const mine = new Set(ready.map(o => pickups.get(o.id).lockerBankId));
    const shown = banks.filter(b => mine.has(b.id));
    m.map.invalidateSize();
    showBanks(m, shown, shown[0] && shown[0].id);
    fit(m, shown.map(b => [b.location.lat, b.location.lon]));
  } catch (e) {
    console.warn('map', e);
  }
}

async function init() {
  me = await header();
  banks = await api('locker-banks');
  const reload = (() => { let t; return () => { clearTimeout(t); t = setTimeout(load, 300); }; })();
  live({
    order: reload,
    command: c => sayPickup(c.orderId, `Compartment ${c.compartment}: ${c.state === 'OPENED'
      ? 'open, take your goods and close the door' : c.state.toLowerCase()}`),
  });
  document.body.addEventListener('click', e => {
    const collect = e.target.closest('[data-collect]');
    const extend = e.target.closest('[data-extend]');
    if (collect) act(collect, async () => {
      const id = Number(collect.dataset.collect);
      const p = pickups.get(id);
      const started = await api('pickups', { method: 'POST', body: { lockerBankId: p.lockerBankId, code: p.code } });
      sayPickup(id, `Opening compartment ${started.compartments.join(', ')}…`);
    });
    if (extend) act(extend, async () => {
      const p = await api(`orders/${extend.dataset.extend}/extend`, { method: 'POST' });
      toast(`Extended: collect by ${fmtTime(p.deadline, true)}`);
      load();
    });
  });
  document.body.addEventListener('submit', e => {
    const form = e.target.closest('[data-feedback]');
    if (!form) return;
    e.preventDefault();
    const id = form.dataset.feedback;
    const rating = Number(form.querySelector(`input[name=rating-${id}]:checked`).value);
    act(form.querySelector('button'), async () => {
      await api(`orders/${id}/feedback`, { method: 'POST', body: { rating, comment: $(`comment-${id}`).value || null } });
      form.innerHTML = '<p>Thank you for the rating.</p>';
    });
  });
  await load();
}

init().catch(e => toast(e.message, true));
