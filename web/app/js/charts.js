// Small SVG charts drawn here rather than with a library (one module, no dependency to ship or
// keep): bars of practice time with a labelled value axis, a trend line with its axis, the
// practice calendar as a heatmap with month and weekday labels, and the daily-goal ring. Each
// has a text alternative with its figures, and says so when there is nothing to draw.
const SVG = 'http://www.w3.org/2000/svg';

function element(name, attributes = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A "nothing yet" chart: the same box, with the reason in it. */
function empty(svg, width, height, text) {
  svg.append(element('text', { x: width / 2, y: height / 2, class: 'empty-chart' }, text));
  return svg;
}

/** A round step above `max` for an axis: 1, 2 or 5 times a power of ten. */
function niceCeiling(max) {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= max);
}

/** Value gridlines and labels at the bottom, middle and top of an axis from `min` to `max`. */
function valueAxis(svg, { left, right, top, bottom }, min, max, format) {
  for (const fraction of [0, 0.5, 1]) {
    const y = bottom - fraction * (bottom - top);
    svg.append(element('line', { x1: left, x2: right, y1: y, y2: y, class: 'grid' }));
    svg.append(element('text', { x: left - 4, y: y + 3, class: 'axis value' }, format(min + fraction * (max - min))));
  }
}

/** Bars of `points` ({ label, value }) titled `title`, values shown with `format`. */
export function barChart(points, title, format = String) {
  const width = 340, height = 160, left = 36, right = width - 6, top = 10, bottom = height - 22;
  const svg = element('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart' });
  const total = points.reduce((sum, p) => sum + p.value, 0);
  svg.append(element('title', {}, `${title}: ${points.filter((p) => p.value > 0).map((p) => `${p.label} ${format(p.value)}`).join(', ') || 'nothing yet'}`));
  if (!points.length || total === 0) return empty(svg, width, height, 'Nothing logged in this period yet');
  const ceiling = niceCeiling(Math.max(...points.map((p) => p.value)));
  valueAxis(svg, { left, right, top, bottom }, 0, ceiling, (v) => format(v).replace(/ min$/, ''));
  // A bar is never wider than 28 px, so one day is a bar, not the whole chart.
  const step = (right - left) / points.length;
  const barWidth = Math.min(28, Math.max(step - 4, 2));
  points.forEach((point, index) => {
    const barHeight = (point.value / ceiling) * (bottom - top);
    const x = left + index * step + (step - barWidth) / 2;
    const bar = element('rect', { x, y: bottom - barHeight, width: barWidth, height: Math.max(barHeight, point.value > 0 ? 1 : 0), class: 'bar' });
    bar.append(element('title', {}, `${point.label}: ${format(point.value)}`));
    svg.append(bar);
    svg.append(element('text', { x: left + index * step + step / 2, y: height - 6, class: 'axis' }, point.label));
  });
  svg.append(element('line', { x1: left, x2: right, y1: bottom, y2: bottom, class: 'baseline' }));
  return svg;
}

/** A line through `points` ({ label, value }) on an axis from `min` to `max`, values as `format`. */
export function lineChart(points, title, min = 0, max = 100, format = (v) => String(Math.round(v))) {
  const width = 340, height = 140, left = 36, right = width - 10, top = 10, bottom = height - 22;
  const svg = element('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart' });
  svg.append(element('title', {}, `${title}: ${points.map((p) => `${p.label} ${format(p.value)}`).join(', ') || 'nothing yet'}`));
  if (!points.length) return empty(svg, width, height, 'No data yet');
  valueAxis(svg, { left, right, top, bottom }, min, max, format);
  const x = (i) => (points.length === 1 ? (left + right) / 2 : left + 6 + (i * (right - left - 12)) / (points.length - 1));
  const y = (v) => bottom - ((Math.min(max, Math.max(min, v)) - min) / Math.max(max - min, 1)) * (bottom - top);
  if (points.length > 1) svg.append(element('polyline', { points: points.map((p, i) => `${x(i)},${y(p.value)}`).join(' '), class: 'trend' }));
  points.forEach((p, i) => {
    const dot = element('circle', { cx: x(i), cy: y(p.value), r: 3.5, class: 'trend-point' });
    dot.append(element('title', {}, `${p.label}: ${format(p.value)}`));
    svg.append(dot);
  });
  svg.append(element('text', { x: x(0), y: height - 6, class: 'axis' }, points[0].label));
  if (points.length > 1) svg.append(element('text', { x: x(points.length - 1), y: height - 6, class: 'axis end' }, points[points.length - 1].label));
  return svg;
}

/**
 * The last `weeks` weeks ending `today` (YYYY-MM-DD), a square per day shaded by the minutes in
 * `minutesByDay` (a Map of YYYY-MM-DD to minutes), weeks as columns from Monday, with month and
 * weekday labels.
 */
export function heatmap(minutesByDay, today, weeks = 12) {
  const size = 14, gap = 3, left = 26, top = 16;
  const end = new Date(`${today}T12:00:00Z`);
  // The last column is this week (Monday first); the first, `weeks - 1` weeks before.
  const start = new Date(end);
  start.setUTCDate(end.getUTCDate() - ((end.getUTCDay() + 6) % 7) - (weeks - 1) * 7);
  const svg = element('svg', { viewBox: `0 0 ${left + weeks * (size + gap)} ${top + 7 * (size + gap)}`, role: 'img', class: 'calendar' });
  const practised = [...minutesByDay.entries()].filter(([day, minutes]) => minutes > 0 && day >= start.toISOString().slice(0, 10));
  svg.append(element('title', {}, `Practice in the last ${weeks} weeks: ${practised.length} days, ${practised.map(([d, m]) => `${d} ${Math.round(m)} min`).join(', ') || 'none yet'}`));
  ['Mon', '', 'Wed', '', 'Fri', '', 'Sun'].forEach((name, row) => {
    if (name) svg.append(element('text', { x: 0, y: top + row * (size + gap) + size - 3, class: 'axis weekday' }, name));
  });
  let lastMonth = -1, lastLabel = null;
  for (let i = 0; i < weeks * 7; i++) {
    const day = new Date(start);
    day.setUTCDate(start.getUTCDate() + i);
    if (day > end) break;
    const column = Math.floor(i / 7), row = i % 7;
    // A month is named over the first week that holds its first day (or over the first column).
    const weekEnd = new Date(day);
    weekEnd.setUTCDate(day.getUTCDate() + 6);
    if (row === 0 && (lastMonth === -1 || weekEnd.getUTCMonth() !== lastMonth)) {
      lastMonth = weekEnd.getUTCMonth();
      // A name takes two columns: the first column's month, when the next begins one column
      // later, gives way to it (only its last days are in view).
      if (lastLabel && column - lastLabel.column < 2) lastLabel.label.remove();
      const label = element('text', { x: left + column * (size + gap), y: 10, class: 'axis month' },
        weekEnd.toLocaleDateString(undefined, { month: 'short', timeZone: 'UTC' }));
      svg.append(label);
      lastLabel = { column, label };
    }
    const text = day.toISOString().slice(0, 10);
    const minutes = minutesByDay.get(text) ?? 0;
    const shade = minutes <= 0 ? 0 : minutes < 15 ? 1 : minutes < 30 ? 2 : minutes < 60 ? 3 : 4;
    const square = element('rect', { x: left + column * (size + gap), y: top + row * (size + gap), width: size, height: size, rx: 2,
      class: `day shade-${shade}` });
    square.append(element('title', {}, `${text}: ${minutes ? `${Math.round(minutes)} min` : 'no practice'}`));
    svg.append(square);
  }
  return svg;
}

/** The daily-goal ring: `value` of `goal`, described by `text`. */
export function ring(value, goal, text) {
  const size = 120, stroke = 12, radius = (size - stroke) / 2, circumference = 2 * Math.PI * radius;
  const fraction = goal > 0 ? Math.min(1, value / goal) : 0;
  const svg = element('svg', { viewBox: `0 0 ${size} ${size}`, role: 'img', class: 'ring' });
  svg.append(element('title', {}, text));
  svg.append(element('circle', { cx: size / 2, cy: size / 2, r: radius, class: 'ring-track', 'stroke-width': stroke }));
  // Nothing practised draws no arc at all (a round cap would leave a dot).
  if (fraction > 0) {
    svg.append(element('circle', { cx: size / 2, cy: size / 2, r: radius, class: `ring-value${fraction >= 1 ? ' done' : ''}`, 'stroke-width': stroke,
      'stroke-dasharray': `${fraction * circumference} ${circumference}`, transform: `rotate(-90 ${size / 2} ${size / 2})` }));
  }
  svg.append(element('text', { x: size / 2, y: size / 2 + 2, class: 'ring-number' }, String(value)));
  svg.append(element('text', { x: size / 2, y: size / 2 + 20, class: 'ring-unit' }, `of ${goal} min`));
  return svg;
}
