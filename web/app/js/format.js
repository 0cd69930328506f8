// Text helpers shared by the views: escaping for the templates, durations, dates, API enum names.

/**
 * A template tag that escapes every interpolated value except markup it made itself, so
 * templates nest: it answers a `Safe` value, which becomes its text wherever a string is wanted
 * (`innerHTML`, `insertAdjacentHTML`, `join`).
 */
export function html(strings, ...values) {
  return new Safe(strings.reduce((out, string, index) => {
    const value = values[index - 1];
    const text = Array.isArray(value) ? value.map(part).join('') : part(value);
    return out + text + string;
  }));
}

class Safe {
  constructor(text) { this.text = text; }
  toString() { return this.text; }
}

function part(value) {
  return value instanceof Safe ? value.text : escape(value);
}

function escape(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** `1 h 05 min`, `12 min`, `45 s`. */
export function duration(seconds) {
  const s = Math.max(0, Math.round(seconds ?? 0));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** `12:03` or `1:02:03` for a running timer. */
export function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const parts = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  return (parts[0] ? `${parts[0]}:` : '') + parts.slice(1).map((p, i) => (i === 0 && !parts[0] ? String(p) : String(p).padStart(2, '0'))).join(':');
}

/** A date and time in the musician's locale. */
export function when(iso) {
  return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '';
}

/** `SLOW_PRACTICE` → `Slow practice`. */
export function label(name) {
  return name ? name.charAt(0) + name.slice(1).toLowerCase().replaceAll('_', ' ') : '';
}

/** The API's `ActivityType` values, in its order (Tests/e2e/app_operations.py holds them to the schema). */
export const ACTIVITIES = ['SIGHT_READING', 'SCALES', 'ARPEGGIOS', 'ETUDES', 'REPERTOIRE', 'MEMORIZATION', 'SLOW_PRACTICE',
  'MENTAL_PRACTICE', 'ENSEMBLE_READING', 'TRANSPOSITION', 'SCORE_REDUCTION', 'TECHNIQUE', 'WARM_UP'];

/** The API's `FocusArea` values, in its order (checked like `ACTIVITIES`). */
export const FOCUS_AREAS = ['ACCURACY', 'RHYTHM', 'DYNAMICS', 'ARTICULATION', 'MEMORIZATION', 'TEMPO', 'PHRASING', 'FINGERING',
  'TONE', 'PEDALING'];

/** The API's `RepertoireStatus` values, from first look to the stage (checked like `ACTIVITIES`). */
export const STATUSES = ['PLANNED', 'LEARNING', 'WORKING', 'POLISHED', 'PERFORMANCE_READY', 'DROPPED'];

/** The local day (`YYYY-MM-DD`, the device's time zone) of an ISO instant. */
export function localDay(iso) {
  return iso ? new Date(iso).toLocaleDateString('en-CA') : '';
}

/** `1 piece`, `2 pieces`. */
export function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

/** The practice page with the log form filled for a piece (its title, instrument and suggested tempo). */
export function practiceLink(piece) {
  const params = new URLSearchParams({ piece: piece.id, title: piece.title });
  if (piece.instrument) params.set('instrument', piece.instrument);
  if (piece.metadata?.suggestedTempo) params.set('tempo', String(piece.metadata.suggestedTempo));
  return `/practice?${params}`;
}

/** A local day `YYYY-MM-DD` as the musician reads it: `Sunday, 6 December` (with the year when not this one). */
export function dayName(day) {
  const date = new Date(`${day}T12:00:00`);
  const options = { weekday: 'long', day: 'numeric', month: 'long' };
  if (date.getFullYear() !== new Date().getFullYear()) options.year = 'numeric';
  return date.toLocaleDateString(undefined, options);
}

/** A date without its time: `6 Dec 2026`. */
export function shortDate(iso) {
  return iso ? new Date(iso.length === 10 ? `${iso}T12:00:00` : iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' }) : '';
}

/** The local time of an instant: `8:42 PM`. */
export function clockTime(iso) {
  return iso ? new Date(iso).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' }) : '';
}
