// Small SVG charts drawn here rather than with a library: a bar chart of practice time per day,
// a line of a trend, and the streak calendar. Each has a text alternative with its figures.
const SVG = 'http://www.w3.org/2000/svg';

function element(name, attributes = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Bars of `points` ({ label, value }), labelled `title`, values shown with `format`. */
export function barChart(points, title, format = String) {
  const width = 320, height = 140, max = Math.max(1, ...points.map((p) => p.value));
  const svg = element('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart' });
  svg.append(element('title', {}, `${title}: ${points.map((p) => `${p.label} ${format(p.value)}`).join(', ') || 'nothing yet'}`));
  const step = width / Math.max(points.length, 1);
  points.forEach((point, index) => {
    const barHeight = (point.value / max) * (height - 30);
    svg.append(element('rect', { x: index * step + 2, y: height - 18 - barHeight, width: Math.max(step - 4, 2), height: barHeight, class: 'bar' }));
    if (points.length <= 14) svg.append(element('text', { x: index * step + step / 2, y: height - 4, class: 'axis' }, point.label));
  });
  return svg;
}

/** A line through `points` ({ label, value }) from `min` to `max`. */
export function lineChart(points, title, min = 0, max = 100) {
  const width = 320, height = 120;
  const svg = element('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart' });
  svg.append(element('title', {}, `${title}: ${points.map((p) => `${p.label} ${Math.round(p.value)}`).join(', ') || 'nothing yet'}`));
  if (points.length) {
    const x = (i) => (points.length === 1 ? width / 2 : 8 + (i * (width - 16)) / (points.length - 1));
    const y = (v) => height - 10 - ((v - min) / Math.max(max - min, 1)) * (height - 20);
    svg.append(element('polyline', { points: points.map((p, i) => `${x(i)},${y(p.value)}`).join(' '), class: 'trend' }));
    points.forEach((p, i) => svg.append(element('circle', { cx: x(i), cy: y(p.value), r: 3, class: 'trend-point' })));
  }
  return svg;
}

/** The last `weeks` weeks, a square per day, filled on days in `practised` (YYYY-MM-DD). */
export function streakCalendar(practised, today, weeks = 8) {
  const days = new Set(practised);
  const size = 14, gap = 3;
  const svg = element('svg', { viewBox: `0 0 ${weeks * (size + gap)} ${7 * (size + gap)}`, role: 'img', class: 'calendar' });
  svg.append(element('title', {}, `Practice days in the last ${weeks} weeks: ${days.size}`));
  const end = new Date(`${today}T00:00:00Z`);
  const start = new Date(end);
  start.setUTCDate(end.getUTCDate() - (weeks * 7 - 1));
  for (let i = 0; i < weeks * 7; i++) {
    const day = new Date(start);
    day.setUTCDate(start.getUTCDate() + i);
    const text = day.toISOString().slice(0, 10);
    const square = element('rect', { x: Math.floor(i / 7) * (size + gap), y: (i % 7) * (size + gap), width: size, height: size, rx: 2,
      class: days.has(text) ? 'day practised' : 'day' });
    square.append(element('title', {}, `${text}${days.has(text) ? ': practised' : ''}`));
    svg.append(square);
  }
  return svg;
}
