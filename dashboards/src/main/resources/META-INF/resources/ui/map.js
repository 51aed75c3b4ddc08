// The map: roads from the routing graph (no tile server needed) or a configured tile layer,
// stores, locker banks, vehicles and routes. Leaflet is loaded by the page as a classic script.
import { api, esc, session } from './app.js';

const COLOURS = ['#0b5f85', '#a1231b', '#1b6e3a', '#8a5300', '#5b2a86', '#00707a', '#7a1f5c', '#3a4a00'];

/** Decodes a Google encoded polyline (precision 5) into [lat, lon] pairs. */
export function decodePolyline(str) {
  const points = [];
  let index = 0, lat = 0, lon = 0;
  while (index < str.length) {
    for (const which of [0, 1]) {
      let result = 0, shift = 0, b;
      do { b = str.charCodeAt(index++) - 63; result |= (b & 0x1f) << shift; shift += 5; } while (b >= 0x20);
      const delta = (result & 1) ? ~(result >> 1) : (result >> 1);
      if (which === 0) lat += delta; else lon += delta;
    }
    points.push([lat / 1e5, lon / 1e5]);
  }
  return points;
}

export async function createMap(element) {
  const me = await session();
  const map = L.map(element, { preferCanvas: true, zoomSnap: 0.5, maxZoom: 19, minZoom: 3 });
  if (me.tileUrl) {
    L.tileLayer(me.tileUrl, { attribution: me.tileAttribution || '', maxZoom: 19 }).addTo(map);
  } else {
    addRoadLayer(map);
  }
  const layers = {
    stores: L.layerGroup().addTo(map),
    banks: L.layerGroup().addTo(map),
    routes: L.layerGroup().addTo(map),
    vehicles: L.layerGroup().addTo(map),
  };
  L.control.layers(null, { Stores: layers.stores, 'Locker banks': layers.banks, Routes: layers.routes, Vehicles: layers.vehicles },
    { collapsed: true }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);
  return { map, layers, vehicles: new Map() };
}

/** Roads drawn from the server's routing graph for the part of the map in view. */
function addRoadLayer(map) {
  const roads = L.geoJSON(null, { style: { color: '#9aa8b2', weight: 1.5, opacity: 0.9 }, interactive: false }).addTo(map);
  let timer, lastBox = '';
  const load = async () => {
    if (map.getZoom() < 12) { roads.clearLayers(); lastBox = ''; return; }
    const b = map.getBounds().pad(0.2);
    const box = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(v => v.toFixed(4)).join(',');
    if (box === lastBox) return;
    lastBox = box;
    try {
      const data = await api(`map/roads?bbox=${box}`);
      roads.clearLayers();
      roads.addData(data);
      map.getContainer().dataset.roads = String(data.features[0].geometry.coordinates.length);
    } catch (e) { console.warn('roads', e); }
  };
  map.on('moveend', () => { clearTimeout(timer); timer = setTimeout(load, 250); });
}

export function showStores(m, stores) {
  m.layers.stores.clearLayers();
  for (const s of stores) {
    const icon = L.divIcon({ className: 'store-icon', html: esc(s.id.replace('ST-', 'S')), iconSize: [24, 20] });
    L.marker([s.location.lat, s.location.lon], { icon, title: `${s.id} ${s.name}`, keyboard: true })
      .bindPopup(`<strong>${esc(s.id)}</strong> ${esc(s.name)}<br>${esc(s.address)}`).addTo(m.layers.stores);
  }
}

/** Banks as circles, their free compartments per zone in the popup. */
export function showBanks(m, banks, highlight) {
  m.layers.banks.clearLayers();
  m.map.getContainer().dataset.banks = String(banks.length);
  for (const b of banks) {
    const free = {};
    for (const c of b.compartments) {
      free[c.zone] = free[c.zone] || { free: 0, all: 0 };
      free[c.zone].all++;
      if (c.status === 'FREE') free[c.zone].free++;
    }
    const rows = Object.entries(free).map(([z, f]) => `<span class="zone-${z}">${z}</span> ${f.free}/${f.all} free`).join('<br>');
    L.circleMarker([b.location.lat, b.location.lon], {
      radius: highlight === b.id ? 11 : 7, color: b.online ? '#1b6e3a' : '#a1231b', weight: 2,
      fillColor: highlight === b.id ? '#f0a500' : '#fff', fillOpacity: 1,
    }).bindTooltip(`${b.id}${b.online ? '' : ' (offline)'}`)
      .bindPopup(`<strong>${esc(b.id)}</strong> ${esc(b.name)}<br>${esc(b.address)}<br>${rows}`)
      .addTo(m.layers.banks);
  }
}

export function showRoutes(m, routes) {
  m.layers.routes.clearLayers();
  const svg = m.svg || (m.svg = L.svg()); // routes as SVG paths: each one an element, with its class
  routes.forEach((r, i) => {
    if (!r.polyline) return;
    const line = L.polyline(decodePolyline(r.polyline), { color: COLOURS[i % COLOURS.length], weight: 4, opacity: 0.85, renderer: svg,
      className: 'route-line' });
    line.bindTooltip(`Route ${r.id}: ${r.vehicleId}, ${r.stops.length} stops`).addTo(m.layers.routes);
  });
  return routes.map((r, i) => COLOURS[i % COLOURS.length]);
}

/** Moves (or places) a vehicle's marker at its last reported position. */
export function moveVehicle(m, vehicleId, lat, lon, text) {
  let marker = m.vehicles.get(vehicleId);
  if (!marker) {
    const icon = L.divIcon({ className: 'vehicle-icon', html: esc(vehicleId.replace('VH-', 'V')), iconSize: [22, 22] });
    marker = L.marker([lat, lon], { icon, title: vehicleId, keyboard: true }).addTo(m.layers.vehicles);
    m.vehicles.set(vehicleId, marker);
  }
  marker.setLatLng([lat, lon]);
  marker.bindTooltip(text || vehicleId);
}

export function fit(m, points, singleZoom = 16) {
  if (points.length === 1) m.map.setView(points[0], singleZoom);
  else if (points.length) m.map.fitBounds(L.latLngBounds(points).pad(0.1), { maxZoom: 17 });
  else m.map.setView([46, 9], 14);
}
