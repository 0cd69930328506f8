// Draws a piece's stored opening measures (VexFlow-style: keys `c#/4`, durations `w h q 8 16`
// with `d` for dotted and `r` for rests, offsets in beats, staff 1 upper and 2 lower) as SVG,
// with the engraving basics: the key signature (and only the accidentals it does not imply),
// each measure's clef on the upper staff and the lower staff's clef from its range, stems up or
// down by the note farthest from the middle line, beams over each beat's eighths and sixteenths,
// rest glyphs, and spacing that gives every onset room. Each note carries `data-stem` and
// `data-step`, which Tests/e2e/notation_e2e.py compares with Verovio's engraving.
const SVG = 'http://www.w3.org/2000/svg';
const LINE = 10;              // distance between staff lines
const STAFF_GAP = 80;         // from the top line of one staff to the next
const STEM = 35;              // a stem's length: three and a half spaces
const LETTERS = 'cdefgab';
const CLEF_BOTTOM = { treble: 4 * 7 + 2, bass: 2 * 7 + 4 };   // diatonic step of the bottom line: E4, G2
const SHARP_ORDER = 'fcgdaeb';
const KEY_SHARPS = { C: 0, G: 1, D: 2, A: 3, E: 4, B: 5, 'F#': 6, 'C#': 7, F: -1, Bb: -2, Eb: -3, Ab: -4, Db: -5, Gb: -6, Cb: -7 };
const RELATIVE_MAJOR = { Am: 'C', Em: 'G', Bm: 'D', 'F#m': 'A', 'C#m': 'E', 'G#m': 'B', 'D#m': 'F#', 'A#m': 'C#', Dm: 'F', Gm: 'Bb', Cm: 'Eb',
  Fm: 'Ab', Bbm: 'Db', Ebm: 'Gb', Abm: 'Cb' };
// Staff positions (0 = bottom line, in half spaces) of the key signature's sharps and flats in the treble clef.
const SHARP_POSITIONS = [8, 5, 9, 6, 3, 7, 4];
const FLAT_POSITIONS = [4, 7, 3, 6, 2, 5, 1];

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

function isRest(note) {
  return note.isRest || note.duration.includes('r');
}

/** The key signature as sharps (positive) or flats (negative), and the accidental it gives each letter. */
export function keySignature(name) {
  const count = KEY_SHARPS[RELATIVE_MAJOR[name] ?? name] ?? 0;
  const letters = count >= 0 ? SHARP_ORDER.slice(0, count) : [...SHARP_ORDER].reverse().join('').slice(0, -count);
  return { count, accidentals: Object.fromEntries([...letters].map((letter) => [letter, count > 0 ? '#' : 'b'])) };
}

/** A pitch `c#/4` as its letter, accidental and diatonic step. */
function pitch(key) {
  const [name, octave] = key.split('/');
  return { letter: name[0], accidental: name.slice(1), step: Number(octave) * 7 + LETTERS.indexOf(name[0]) };
}

/** How long a beam group lasts: a dotted quarter in compound meters (6/8, 9/8, 12/8, 3/8), else a beat. */
function beamSpan(signature) {
  const [count, unit] = (signature || '4/4').split('/').map(Number);
  return unit === 8 && count % 3 === 0 ? 1.5 : 1;
}

/**
 * Renders `measures` into an <svg> with a text alternative naming what it shows; `octaveClef`
 * writes the guitar's treble clef with the 8 below (it sounds an octave lower).
 */
export function renderNotation(measures, title, { octaveClef = false } = {}) {
  const grand = measures.some((m) => m.notes.some((n) => n.staff === 2));
  const staves = grand ? [1, 2] : [1];
  // The lower staff carries no clef of its own in the data: treble when its notes sit mostly at
  // or above middle C, else bass. The upper staff takes each measure's clef.
  const lowSteps = measures.flatMap((m) => m.notes.filter((n) => n.staff === 2 && !isRest(n)).flatMap((n) => n.keys.map((k) => pitch(k).step)));
  const lowerClef = lowSteps.length && lowSteps.filter((s) => s >= 28).length * 2 > lowSteps.length ? 'treble' : 'bass';
  const clefOf = (measure, staff) => (staff === 2 ? lowerClef : measure.clef === 'bass' ? 'bass' : 'treble');
  const key = keySignature(measures[0]?.keySignature ?? 'C');
  const top = (staff) => 30 + (staff - 1) * STAFF_GAP;
  const layouts = measures.map((measure) => layout(measure));
  const headerWidth = 50 + Math.abs(key.count) * 10 + 24;
  const width = 10 + headerWidth + layouts.reduce((sum, l) => sum + l.width, 0) + 10;
  const height = 60 + staves.length * STAFF_GAP - 10;
  const svg = element('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'notation', preserveAspectRatio: 'xMinYMid meet',
    'data-clefs': staves.map((s) => clefOf(measures[0], s)).join(' ') });
  svg.append(element('title', {}, `Opening ${measures.length} measures of ${title}`));
  for (const staff of staves) {
    for (let line = 0; line < 5; line++) {
      svg.append(element('line', { x1: 10, x2: width - 10, y1: top(staff) + line * LINE, y2: top(staff) + line * LINE, class: 'staff-line' }));
    }
    const clef = clefOf(measures[0], staff);
    svg.append(clefGlyph(clef, 14, top(staff)));
    if (octaveClef && clef === 'treble') svg.append(element('text', { x: 22, y: top(staff) + 66, class: 'clef-octave' }, '8'));
    drawKey(svg, key, clef, 50, top(staff));
    const [count, unit] = (measures[0]?.timeSignature ?? '4/4').split('/');
    const meterX = 50 + Math.abs(key.count) * 10 + 6;
    svg.append(element('text', { x: meterX, y: top(staff) + 18, class: 'meter' }, count));
    svg.append(element('text', { x: meterX, y: top(staff) + 38, class: 'meter' }, unit));
  }
  if (grand) {
    // A grand staff: one system line joins the staves, and a brace holds them.
    const systemBottom = top(2) + 4 * LINE;
    svg.append(element('line', { x1: 10, x2: 10, y1: top(1), y2: systemBottom, class: 'bar-line' }));
    const mid = (top(1) + systemBottom) / 2;
    svg.append(element('path', { class: 'brace', d: `M 8 ${top(1)} C 1 ${top(1) + 18} 7 ${mid - 18} 2 ${mid} C 7 ${mid + 18} 1 ${systemBottom - 18} 8 ${systemBottom}` }));
  }
  let x = 10 + headerWidth;
  measures.forEach((measure, index) => {
    const { positions, width: measureWidth } = layouts[index];
    for (const staff of staves) {
      const clef = clefOf(measure, staff);
      if (index > 0 && clef !== clefOf(measures[index - 1], staff)) svg.append(clefGlyph(clef, x + 2, top(staff), 0.7));
      const notes = measure.notes.filter((n) => (grand ? n.staff === staff || (staff === 1 && n.staff !== 2) : true))
        .sort((a, b) => a.offset - b.offset);
      drawStaffNotes(svg, notes, { x0: x, positions, staffTop: top(staff), bottom: CLEF_BOTTOM[clef], key, measure });
    }
    x += measureWidth;
    const bottom = top(staves.at(-1)) + 4 * LINE;
    svg.append(element('line', { x1: x, x2: x, y1: top(1), y2: bottom, class: 'bar-line' }));
  });
  return svg;
}

/** Where each onset of a measure stands: proportional to time, but never closer than a head and its accidental need. */
function layout(measure) {
  const onsets = [...new Set(measure.notes.map((n) => n.offset))].sort((a, b) => a - b);
  const withAccidental = new Set(measure.notes.filter((n) => n.keys.some((k) => pitch(k).accidental)).map((n) => n.offset));
  const positions = new Map();
  let x = 18;
  onsets.forEach((onset, i) => {
    if (i > 0) x += Math.max(20, (onset - onsets[i - 1]) * 44);
    if (withAccidental.has(onset)) x += 8;
    positions.set(onset, x);
  });
  const last = onsets.at(-1) ?? 0;
  return { positions, width: x + Math.max(24, (beatsOf(measure.timeSignature) - last) * 44) };
}

function drawKey(svg, key, clef, x, staffTop) {
  const places = key.count >= 0 ? SHARP_POSITIONS : FLAT_POSITIONS;
  for (let i = 0; i < Math.abs(key.count); i++) {
    const position = places[i] - (clef === 'bass' ? 2 : 0);
    const y = staffTop + 4 * LINE - position * (LINE / 2);
    svg.append(element('text', { x: x + i * 10, y: y + 6, class: 'accidental key' }, key.count > 0 ? '♯' : '♭'));
  }
}

/** A drawn clef (fonts with music symbols are not a given): the G clef curls round the G line, the F clef's dots frame the F line. */
function clefGlyph(clef, left, staffTop, scale = 1) {
  const group = element('g', { class: `clef ${clef}`, 'aria-hidden': 'true', transform: `translate(${left} ${staffTop}) scale(${scale})` });
  if (clef === 'treble') {
    const x = 12, y = 3 * LINE;
    group.append(element('path', { d: `M ${x} ${y + 8} C ${x - 9} ${y + 6} ${x - 9} ${y - 8} ${x + 1} ${y - 9} C ${x + 10} ${y - 10} ${x + 11} ${y + 3} ${x + 3} ${y + 4}
      C ${x - 2} ${y + 4} ${x - 3} ${y - 3} ${x + 1} ${y - 3} M ${x + 1} ${y - 9} L ${x + 6} ${y - 34} C ${x + 8} ${y - 44} ${x - 1} ${y - 44} ${x - 2} ${y - 36}
      C ${x - 3} ${y - 26} ${x + 9} ${y - 20} ${x + 5} ${y - 6} L ${x + 1} ${y + 18} C ${x} ${y + 24} ${x - 6} ${y + 23} ${x - 5} ${y + 19}` }));
  } else {
    const x = 6, y = LINE;
    group.append(element('path', { d: `M ${x} ${y} C ${x} ${y - 8} ${x + 14} ${y - 9} ${x + 14} ${y + 2} C ${x + 14} ${y + 12} ${x + 4} ${y + 20} ${x - 2} ${y + 24}` }));
    group.append(element('circle', { cx: x + 20, cy: y - 4, r: 1.8 }), element('circle', { cx: x + 20, cy: y + 4, r: 1.8 }));
  }
  return group;
}

/** The notes of one staff in one measure: rests, heads, accidentals, stems, flags and beams. */
function drawStaffNotes(svg, notes, context) {
  const { x0, positions, staffTop, bottom, key, measure } = context;
  const middle = bottom + 4;
  const shown = new Map();   // accidentals shown so far in the measure, by step: they last to the bar line
  const y = (step) => staffTop + 4 * LINE - (step - bottom) * (LINE / 2);
  const chords = [];
  for (const note of notes) {
    const x = x0 + positions.get(note.offset);
    if (isRest(note)) {
      drawRest(svg, note.duration, x, staffTop, length(note.duration) >= beatsOf(measure.timeSignature));
      continue;
    }
    const pitches = note.keys.map(pitch);
    const steps = pitches.map((p) => p.step);
    const high = Math.max(...steps), low = Math.min(...steps);
    // The note farthest from the middle line decides: above it, the stem goes down.
    const direction = high - middle > middle - low ? 'down' : high - middle < middle - low ? 'up' : 'down';
    chords.push({ note, x, high, low, direction, duration: note.duration.replace(/[dr]/g, '') });
    const group = element('g', { class: 'note', 'data-step': steps.join(','), 'data-offset': String(note.offset) });
    for (const p of pitches) {
      const headY = y(p.step);
      for (let ledger = staffTop - LINE; ledger >= headY - 1; ledger -= LINE) group.append(element('line', { x1: x - 9, x2: x + 9, y1: ledger, y2: ledger, class: 'staff-line' }));
      for (let ledger = staffTop + 5 * LINE; ledger <= headY + 1; ledger += LINE) group.append(element('line', { x1: x - 9, x2: x + 9, y1: ledger, y2: ledger, class: 'staff-line' }));
      group.append(element('ellipse', { cx: x, cy: headY, rx: 6, ry: 4.2, transform: `rotate(-20 ${x} ${headY})`, class: length(note.duration) >= 2 ? 'head hollow' : 'head' }));
      // The accidental the key and the measure so far do not already give.
      const expected = shown.get(p.step) ?? key.accidentals[p.letter] ?? '';
      if (p.accidental !== expected) {
        group.append(element('text', { x: x - 19, y: headY + 6, class: 'accidental' }, { '#': '♯', b: '♭', '': '♮' }[p.accidental] ?? ''));
        shown.set(p.step, p.accidental);
      }
      if (note.duration.includes('d')) group.append(element('circle', { cx: x + 10, cy: headY - ((p.step - bottom) % 2 === 0 ? LINE / 2 : 0), r: 1.6, class: 'dot' }));
    }
    chords.at(-1).group = group;
    svg.append(group);
  }
  // Eighths and shorter within one beat (a dotted quarter in compound meters) share a beam.
  const span = beamSpan(measure.timeSignature);
  const groups = [];
  for (const chord of chords) {
    const beamable = ['8', '16', '32'].includes(chord.duration);
    const previous = groups.at(-1);
    if (beamable && previous?.beamable && Math.floor(previous.chords[0].note.offset / span + 1e-9) === Math.floor(chord.note.offset / span + 1e-9)
        && previous.chords.at(-1).note.offset + length(previous.chords.at(-1).note.duration) >= chord.note.offset - 1e-9) {
      previous.chords.push(chord);
    } else {
      groups.push({ beamable, chords: [chord] });
    }
  }
  for (const group of groups) {
    if (group.chords.length > 1) drawBeamed(svg, group.chords, y, middle);
    else drawStem(svg, group.chords[0], y);
  }
}

/** A lone note's stem and flags. */
function drawStem(svg, chord, y) {
  if (chord.duration === 'w') return;
  chord.group.dataset.stem = chord.direction;
  const up = chord.direction === 'up';
  const x = up ? chord.x + 5.5 : chord.x - 5.5;
  const from = up ? y(chord.low) : y(chord.high);
  const to = up ? y(chord.high) - STEM : y(chord.low) + STEM;
  chord.group.append(element('line', { x1: x, x2: x, y1: from, y2: to, class: 'stem' }));
  const flags = { 8: 1, 16: 2, 32: 3 }[chord.duration] ?? 0;
  for (let flag = 0; flag < flags; flag++) {
    const start = to + (up ? flag * 7 : -flag * 7);
    chord.group.append(element('path', { d: up ? `M ${x} ${start} q 8 6 6 16` : `M ${x} ${start} q 8 -6 6 -16`, class: 'flag' }));
  }
}

/** Stems to one beam (a second beam where sixteenths follow each other), all in one direction. */
function drawBeamed(svg, chords, y, middle) {
  // The note farthest from the middle line decides for the whole group (Gould's rule, and
  // Verovio's); on a tie, the majority of the notes.
  const above = Math.max(...chords.map((c) => c.high - middle));
  const below = Math.max(...chords.map((c) => middle - c.low));
  const balance = chords.reduce((sum, c) => sum + (c.high - middle) + (c.low - middle), 0);
  const up = above !== below ? below > above : balance < 0;
  const stemX = (c) => (up ? c.x + 5.5 : c.x - 5.5);
  const natural = (c) => (up ? y(c.high) - STEM : y(c.low) + STEM);
  const first = chords[0], last = chords.at(-1);
  // A gentle slope following the first and last notes, then moved so that no stem is shorter than 2.5 spaces.
  let slope = (natural(last) - natural(first)) / Math.max(1, stemX(last) - stemX(first));
  slope = Math.max(-0.2, Math.min(0.2, slope));
  let start = natural(first);
  for (const c of chords) {
    const beamY = start + slope * (stemX(c) - stemX(first));
    const limit = up ? y(c.high) - 25 : y(c.low) + 25;
    if (up && beamY > limit) start -= beamY - limit;
    if (!up && beamY < limit) start += limit - beamY;
  }
  const beamAt = (x) => start + slope * (x - stemX(first));
  const beam = element('g', { class: 'beam', 'data-notes': String(chords.length) });
  for (const c of chords) {
    c.group.dataset.stem = up ? 'up' : 'down';
    c.group.append(element('line', { x1: stemX(c), x2: stemX(c), y1: up ? y(c.low) : y(c.high), y2: beamAt(stemX(c)), class: 'stem' }));
  }
  const bar = (x1, x2, level) => {
    const shift = (up ? 1 : -1) * level * 7;
    beam.append(element('polygon', { class: 'beam-line', points: `${x1},${beamAt(x1) + shift} ${x2},${beamAt(x2) + shift} ${x2},${beamAt(x2) + shift + (up ? 4 : -4)} ${x1},${beamAt(x1) + shift + (up ? 4 : -4)}` }));
  };
  bar(stemX(first), stemX(last), 0);
  // Second (and third) beams: between neighbours that both have them; a lone one gets a stub.
  for (const [level, kinds] of [[1, ['16', '32']], [2, ['32']]]) {
    chords.forEach((c, i) => {
      if (!kinds.includes(c.duration)) return;
      const next = chords[i + 1], previous = chords[i - 1];
      if (next && kinds.includes(next.duration)) bar(stemX(c), stemX(next), level);
      else if (!(previous && kinds.includes(previous.duration))) {
        const toward = next ? 8 : -8;
        bar(Math.min(stemX(c), stemX(c) + toward), Math.max(stemX(c), stemX(c) + toward), level);
      }
    });
  }
  svg.append(beam);
}

/** Rest glyphs: a whole (or whole-measure) rest hangs from the fourth line, a half sits on the middle one. */
function drawRest(svg, duration, x, staffTop, wholeMeasure) {
  const kind = wholeMeasure ? 'w' : duration.replace(/[dr]/g, '');
  const mid = staffTop + 2 * LINE;
  const group = element('g', { class: `rest rest-${kind}` });
  if (kind === 'w') group.append(element('rect', { x: x - 6, y: staffTop + LINE, width: 12, height: 5 }));
  else if (kind === 'h') group.append(element('rect', { x: x - 6, y: mid - 5, width: 12, height: 5 }));
  else if (kind === 'q') {
    group.append(element('path', { class: 'rest-stroke', d: `M ${x - 2} ${mid - 14} L ${x + 4} ${mid - 6} L ${x - 2} ${mid} L ${x + 4} ${mid + 6} C ${x - 3} ${mid + 4} ${x - 4} ${mid + 10} ${x + 1} ${mid + 13}` }));
  } else {
    const hooks = { 8: 1, 16: 2, 32: 3 }[kind] ?? 1;
    for (let i = 0; i < hooks; i++) {
      const hy = mid - 6 + i * 8;
      group.append(element('circle', { cx: x - 3, cy: hy, r: 2.4 }));
      group.append(element('path', { class: 'rest-stroke', d: `M ${x - 3} ${hy + 1} Q ${x + 1} ${hy + 2} ${x + 4} ${hy - 3}` }));
    }
    group.append(element('line', { class: 'rest-stroke', x1: x + 4, y1: mid - 9, x2: x - 1, y2: mid + 4 + (hooks - 1) * 8 }));
  }
  // A whole-measure rest is a whole rest, whatever the meter: no dot.
  if (duration.includes('d') && !wholeMeasure) group.append(element('circle', { cx: x + 9, cy: mid - 5, r: 1.6 }));
  svg.append(group);
}
