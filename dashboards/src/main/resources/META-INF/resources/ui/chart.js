// Temperature charts (uPlot, loaded by the page as a classic script): readings over time with the
// zone's keep-within band drawn behind them.
import { BANDS } from './app.js';

/** Draws readings [{ts, tempC}] for a zone into `element`; returns the chart (with .append()). */
export function temperatureChart(element, zone, readings, { from, to } = {}) {
  element.innerHTML = '';
  const xs = readings.map(r => new Date(r.ts).getTime() / 1000);
  const ys = readings.map(r => r.tempC);
  const band = BANDS[zone] || { keep: [null, null], alert: [null, null] };
  const drawBand = u => {
    const { ctx } = u;
    const [lo, hi] = band.keep;
    const top = u.valToPos(hi != null ? hi : u.scales.y.max, 'y', true);
    const bottom = u.valToPos(lo != null ? lo : u.scales.y.min, 'y', true);
    ctx.save();
    ctx.fillStyle = 'rgba(27,110,58,0.12)';
    ctx.fillRect(u.bbox.left, Math.min(top, bottom), u.bbox.width, Math.abs(bottom - top));
    ctx.strokeStyle = 'rgba(161,35,27,0.8)';
    ctx.setLineDash([6, 4]);
    for (const limit of band.alert) {
      if (limit == null) continue;
      const y = u.valToPos(limit, 'y', true);
      ctx.beginPath(); ctx.moveTo(u.bbox.left, y); ctx.lineTo(u.bbox.left + u.bbox.width, y); ctx.stroke();
    }
    ctx.restore();
  };
  const limits = [...band.keep, ...band.alert].filter(v => v != null);
  const opts = {
    width: Math.max(280, element.clientWidth || 480),
    height: 240,
    scales: {
      x: { time: true, range: (u, min, max) => [from ? from / 1000 : min, to ? to / 1000 : max] },
      y: { range: (u, min, max) => [Math.min(min ?? 0, ...limits) - 1, Math.max(max ?? 0, ...limits) + 1] },
    },
    series: [{}, { label: `${zone} °C`, stroke: '#0b5f85', width: 2 }],
    axes: [{}, { label: '°C' }],
    hooks: { drawAxes: [drawBand] },
  };
  const chart = new uPlot(opts, [xs, ys], element);
  chart.points = readings.length;
  chart.append = reading => {
    const x = new Date(reading.ts).getTime() / 1000;
    if (xs.length && x <= xs[xs.length - 1]) return; // already drawn
    xs.push(x);
    ys.push(reading.tempC);
    chart.points = xs.length;
    chart.setData([xs, ys]);
  };
  element.dataset.points = String(readings.length);
  return chart;
}
