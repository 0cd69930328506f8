// Draws a piece's stored opening measures (VexFlow-style: keys `c#/4`, durations `w h q 8 16`
// with `d` for dotted and `r` for rests, offsets in beats, staff 1 upper and 2 lower) as SVG.
// A grand staff (treble over bass) when any note is on staff 2, else a treble staff.
const SVG = 'http://www.w3.org/2000/svg';
const LINE = 10;              // distance between staff lines
const STAFF_GAP = 70;         // from the top line of one staff to the next
const LETTERS = 'cdefgab';
// The diatonic number of each staff's bottom line: E4 in the treble clef, G2 in the bass clef.
const BOTTOM = { 1: 4 * 7 + 2, 2: 2 * 7 + 4 };

function element(name, attributes = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function beatsOf(signature) {
  const [count, unit] = (signature || '4/4').split('/').map(Number);
  return (count * 4) / (unit || 4);
}

/** The number of quarter beats a duration lasts (`hd` is three). */
function length(duration) {
  const base = { w: 4, h: 2, q: 1, 8: 0.5, 16: 0.25, 32: 0.125 }[duration.replace(/[dr]/g, '')] ?? 1;
  return duration.includes('d') ? base * 1.5 : base;
}

/** Renders `measures` into an <svg> with a text alternative naming what it shows. */
export function renderNotation(measures, title) {
  const grand = measures.some((m) => m.notes.some((n) => n.staff === 2));
  const staves = grand ? [1, 2] : [1];
  const widths = measures.map((m) => 40 + beatsOf(m.timeSignature) * 44);
  const width = 70 + widths.reduce((a, b) => a + b, 0);
  const height = 50 + staves.length * STAFF_GAP;
  const svg = element('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'notation' });
  svg.append(element('title', {}, `Opening ${measures.length} measures of ${title}`));
  const top = (staff) => 25 + (staff - 1) * STAFF_GAP;
  for (const staff of staves) {
    for (let line = 0; line < 5; line++) {
      svg.append(element('line', { x1: 10, x2: width - 10, y1: top(staff) + line * LINE, y2: top(staff) + line * LINE, class: 'staff-line' }));
    }
    svg.append(clef(staff, top(staff)));
  }
  const signature = measures[0]?.timeSignature ?? '4/4';
  for (const staff of staves) {
    const [count, unit] = signature.split('/');
    svg.append(element('text', { x: 44, y: top(staff) + 18, class: 'meter' }, count));
    svg.append(element('text', { x: 44, y: top(staff) + 38, class: 'meter' }, unit));
  }
  let x = 64;
  measures.forEach((measure, index) => {
    const beatWidth = (widths[index] - 40) / beatsOf(measure.timeSignature);
    for (const note of measure.notes) {
      const staff = note.staff === 2 && grand ? 2 : 1;
      const noteX = x + 20 + note.offset * beatWidth;
      drawNote(svg, note, noteX, top(staff), staff);
    }
    x += widths[index];
    const bottom = top(staves.at(-1)) + 4 * LINE;
    svg.append(element('line', { x1: x, x2: x, y1: top(1), y2: bottom, class: 'bar-line' }));
  });
  return svg;
}

/** A drawn clef (fonts with music symbols are not a given): the G clef curls round the G line, the F clef's dots frame the F line. */
function clef(staff, staffTop) {
  const group = element('g', { class: 'clef', 'aria-hidden': 'true' });
  if (staff === 1) {
    const x = 26, y = staffTop + 3 * LINE;
    group.append(element('path', { d: `M ${x} ${y + 8} C ${x - 9} ${y + 6} ${x - 9} ${y - 8} ${x + 1} ${y - 9} C ${x + 10} ${y - 10} ${x + 11} ${y + 3} ${x + 3} ${y + 4}
      C ${x - 2} ${y + 4} ${x - 3} ${y - 3} ${x + 1} ${y - 3} M ${x + 1} ${y - 9} L ${x + 6} ${y - 34} C ${x + 8} ${y - 44} ${x - 1} ${y - 44} ${x - 2} ${y - 36}
      C ${x - 3} ${y - 26} ${x + 9} ${y - 20} ${x + 5} ${y - 6} L ${x + 1} ${y + 18} C ${x} ${y + 24} ${x - 6} ${y + 23} ${x - 5} ${y + 19}` }));
  } else {
    const x = 20, y = staffTop + LINE;
    group.append(element('path', { d: `M ${x} ${y} C ${x} ${y - 8} ${x + 14} ${y - 9} ${x + 14} ${y + 2} C ${x + 14} ${y + 12} ${x + 4} ${y + 20} ${x - 2} ${y + 24}` }));
    group.append(element('circle', { cx: x + 20, cy: y - 4, r: 1.8 }), element('circle', { cx: x + 20, cy: y + 4, r: 1.8 }));
  }
  return group;
}

function drawNote(svg, note, x, staffTop, staff) {
  const duration = note.duration;
  if (note.isRest || duration.includes('r')) {
    svg.append(element('rect', { x: x - 4, y: staffTop + 14, width: 8, height: length(duration) >= 2 ? 5 : 12, class: 'rest' }));
    return;
  }
  const hollow = length(duration) >= 2;
  let stemTop = Infinity, stemBottom = -Infinity;
  for (const key of note.keys) {
    const [name, octave] = key.split('/');
    const step = Number(octave) * 7 + LETTERS.indexOf(name[0]);
    const y = staffTop + 4 * LINE - (step - BOTTOM[staff]) * (LINE / 2);
    // Ledger lines above and below the staff.
    for (let ledger = staffTop - LINE; ledger >= y - 1; ledger -= LINE) {
      svg.append(element('line', { x1: x - 9, x2: x + 9, y1: ledger, y2: ledger, class: 'staff-line' }));
    }
    for (let ledger = staffTop + 5 * LINE; ledger <= y + 1; ledger += LINE) {
      svg.append(element('line', { x1: x - 9, x2: x + 9, y1: ledger, y2: ledger, class: 'staff-line' }));
    }
    svg.append(element('ellipse', { cx: x, cy: y, rx: 6, ry: 4.2, transform: `rotate(-20 ${x} ${y})`, class: hollow ? 'head hollow' : 'head' }));
    const accidental = name.slice(1);
    if (accidental) svg.append(element('text', { x: x - 17, y: y + 4, class: 'accidental' }, accidental === '#' ? '♯' : '♭'));
    if (duration.includes('d')) svg.append(element('circle', { cx: x + 10, cy: y, r: 1.6, class: 'dot' }));
    stemTop = Math.min(stemTop, y);
    stemBottom = Math.max(stemBottom, y);
  }
  if (length(duration) < 4) {
    svg.append(element('line', { x1: x + 5.5, x2: x + 5.5, y1: stemBottom, y2: stemTop - 32, class: 'stem' }));
    const flags = { 8: 1, 16: 2, 32: 3 }[duration.replace(/[dr]/g, '')] ?? 0;
    for (let flag = 0; flag < flags; flag++) {
      const y = stemTop - 32 + flag * 7;
      svg.append(element('path', { d: `M ${x + 5.5} ${y} q 8 6 6 16`, class: 'flag' }));
    }
  }
}
