// Client ids for creates (the API's nanoids: 21 characters of A–Z, a–z, 0–9, _ and -), so a
// create replayed after a lost answer is recognised instead of made twice.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** A new random nanoid. */
export function nanoid() {
  const bytes = crypto.getRandomValues(new Uint8Array(21));
  return Array.from(bytes, (byte) => ALPHABET[byte & 63]).join('');
}
