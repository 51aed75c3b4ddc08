// Shared by every page: the API client (session cookie + CSRF header), the live-event stream,
// formatting in the site's time zone, and the page header.

/** The CSRF token the server put in the XSRF-TOKEN cookie. */
function csrfToken() {
  const m = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : '';
}

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

let leaving = false; // the page is going away (signing out, say): an answer arriving now redirects nothing
window.addEventListener('beforeunload', () => { leaving = true; });

/** Calls the REST API as the signed-in user; throws ApiError with the problem details. */
export async function api(path, { method = 'GET', body, raw = false } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (method !== 'GET') headers['X-XSRF-TOKEN'] = csrfToken();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path.startsWith('/') ? path : `/api/v1/${path}`, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 401) {
    if (!leaving) location.href = '/login';
    throw new ApiError(401, { detail: 'Signed out' });
  }
  if (raw) return res;
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

let me = null;
/** Who is signed in, the site's time zone and the map's tile source. */
export async function session() {
  if (!me) me = await api('me');
  return me;
}

export function fmtTime(iso, withDate = false) {
  if (!iso) return '—';
  const opts = { hour: '2-digit', minute: '2-digit', timeZone: me ? me.timeZone : undefined };
  if (withDate) Object.assign(opts, { day: 'numeric', month: 'short' });
  return new Intl.DateTimeFormat(undefined, opts).format(new Date(iso));
}

export function fmtTemp(c) {
  return c == null ? '—' : `${Number(c).toFixed(1)} °C`;
}

/** The default bands of the contract's temperature zones: keep within, and where alerts start. */
export const BANDS = {
  FROZEN: { keep: [null, -18], alert: [null, -15] },
  CHILLED: { keep: [0, 4], alert: [-0.5, 5] },
  COOL: { keep: [10, 15], alert: [8, 18] },
  AMBIENT: { keep: [10, 25], alert: [10, 25] },
};

export function bandText(zone) {
  const b = BANDS[zone];
  if (!b) return '';
  const [lo, hi] = b.keep;
  return lo == null ? `≤ ${hi} °C` : `${lo} … ${hi} °C`;
}

export function inBand(zone, c) {
  const b = BANDS[zone];
  if (!b || c == null) return true;
  const [lo, hi] = b.alert;
  return (lo == null || c >= lo) && (hi == null || c <= hi);
}

export function tomorrow() {
  const d = new Date(Date.now() + 86400000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: me ? me.timeZone : undefined }).format(d);
}

export function today() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: me ? me.timeZone : undefined }).format(new Date());
}

export function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

export function badge(text, kind = '') {
  return `<span class="badge ${kind}">${esc(text)}</span>`;
}

export function stateBadge(state) {
  const kind = { COLLECTED: 'ok', READY_FOR_PICKUP: 'ok', DELIVERED: 'ok', OPENED: 'ok', CLOSED: 'ok', RESOLVED: 'ok',
    ON_HOLD: 'bad', DISCARDED: 'bad', FAILED: 'bad', EXPIRED: 'bad', CANCELLED: 'bad', OPEN: 'bad',
    ACKNOWLEDGED: 'warn', IN_TRANSIT: 'warn', SENT: 'warn', PLANNING: 'warn', STARTED: 'warn' }[state] || '';
  return badge(state, kind);
}

let toastTimer;
/** A short message at the corner of the screen (read out by screen readers). */
export function toast(message, error = false) {
  let t = document.getElementById('toast');
  if (!t) {
    t = document.createElement('div');
    t.id = 'toast';
    t.setAttribute('role', error ? 'alert' : 'status');
    document.body.appendChild(t);
  }
  t.className = `toast${error ? ' error' : ''}`;
  t.textContent = message;
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.hidden = true; }, error ? 9000 : 4000);
}

/** Runs an action for a button: disables it meanwhile and shows a failure as a toast. */
export async function act(button, fn) {
  button.disabled = true;
  try {
    return await fn();
  } catch (e) {
    toast(e.message, true);
    return undefined;
  } finally {
    button.disabled = false;
  }
}

/**
 * Listens to the live stream. `handlers` maps event names to functions of the parsed data.
 * The browser reconnects by itself and sends Last-Event-ID, so nothing is missed.
 */
export function live(handlers, { assets = [] } = {}) {
  const url = `/api/v1/live${assets.length ? `?assets=${encodeURIComponent(assets.join(','))}` : ''}`;
  const source = new EventSource(url, { withCredentials: true });
  const state = document.getElementById('live-state');
  const show = (s, text) => { if (state) { state.dataset.state = s; state.textContent = text; } };
  source.onopen = () => show('open', 'live');
  source.onerror = () => show(source.readyState === EventSource.CLOSED ? 'lost' : 'connecting', 'reconnecting…');
  for (const [name, fn] of Object.entries(handlers)) {
    source.addEventListener(name, ev => {
      try { fn(JSON.parse(ev.data), ev); } catch (e) { console.error(name, e); }
    });
  }
  return source;
}

/** Fills the header: who is signed in and, for an admin, links to every page. */
export async function header() {
  const user = await session();
  const who = document.getElementById('who');
  if (who) who.textContent = `${user.username} (${user.role.toLowerCase()})`;
  const nav = document.getElementById('nav');
  if (nav && user.role === 'ADMIN') {
    nav.innerHTML = ['dispatcher', 'courier', 'resident', 'quality']
      .map(p => `<a href="/${p}">${p[0].toUpperCase()}${p.slice(1)}</a>`).join('');
  }
  return user;
}
