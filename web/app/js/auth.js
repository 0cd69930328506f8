// The signed-in user's tokens. They live in localStorage so every tab shares one sign-in and a
// reload keeps it; the page loads no third-party script (its Content-Security-Policy allows only
// this origin), which is what keeps them from anyone else's code.
const KEY = 'mirubato.tokens';

/** The stored tokens: { accessToken, refreshToken, expiresAt, user } or null. */
export function tokens() {
  try { return JSON.parse(localStorage.getItem(KEY)); } catch { return null; }
}

/** Keeps a token pair from verifyMagicLink or refreshToken (with the user when known). */
export function saveTokens(pair, user) {
  const previous = tokens();
  localStorage.setItem(KEY, JSON.stringify({
    accessToken: pair.accessToken, refreshToken: pair.refreshToken,
    expiresAt: Date.now() + pair.expiresIn * 1000, user: user ?? previous?.user ?? null,
  }));
  window.dispatchEvent(new Event('mirubato:auth'));
}

/** Whether this device's user teaches: Teaching notes it, the header then links to the students. */
export const TEACHES_KEY = 'mirubato.teaches';

/** Forgets the sign-in (sign-out, deleted account, a refresh the server refused). */
export function clearTokens() {
  localStorage.removeItem(KEY);
  localStorage.removeItem(TEACHES_KEY);
  window.dispatchEvent(new Event('mirubato:auth'));
}

/** Whether someone is signed in on this device. */
export function signedIn() {
  return Boolean(tokens()?.refreshToken);
}
