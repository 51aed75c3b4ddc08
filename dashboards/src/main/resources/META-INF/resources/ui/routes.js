// Starting a route, shared by the dispatcher's and the courier's pages: a route for a later day
// starts early only when the user confirms it (the server answers 409 route-not-due otherwise).
import { api } from './app.js';

export async function startRoute(id) {
  try {
    return await api(`routes/${id}/start`, { method: 'POST' });
  } catch (e) {
    if (e.status === 409 && String(e.problem.type || '').endsWith('/route-not-due')
        && confirm(`${e.message}\n\nStart it now anyway (the vehicle leaves early)?`)) {
      return api(`routes/${id}/start?early=true`, { method: 'POST' });
    }
    throw e;
  }
}
