// Tokens, cursors, ids and encrypted notes, byte for byte as the project makes and reads them
// (JWS.swift, AccessToken.swift, CursorCodec.swift, Nanoid.swift, FieldCipher.swift).
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const hmac = (key, data) => createHmac('sha256', key).update(data).digest();

export const sha256Hex = (text) => createHash('sha256').update(text).digest('hex');

// JSON text as the project's JSONWriter writes it: compact, object members sorted by name,
// `\u00XX` for control characters (JSON.stringify writes `\b` and `\f`), and U+2028/U+2029
// escaped. Whole doubles are written without a fraction, as JSON.stringify does too.
const escapes = /\\(?:["\\/nrt]|u[0-9a-f]{4})|\\[bf]|[\u2028\u2029]/g;
const quote = (text) => JSON.stringify(text).replace(escapes, (match) => {
  if (match === '\\b') return '\\u0008';
  if (match === '\\f') return '\\u000c';
  if (match.length === 1) return `\\u${match.charCodeAt(0).toString(16)}`;
  return match;
});

export function canonicalJSON(value) {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(canonicalJSON).join(',')}]`;
  return `{${Object.keys(value).sort().map((key) => `${quote(key)}:${canonicalJSON(value[key])}`).join(',')}}`;
}

// A 32-byte key from 64 hex digits or 43 base64url characters (Secrets.swift).
export function keyFromText(text) {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.length !== 32) throw new Error('MIRUBATO_DATA_KEY must be 32 bytes as 64 hex digits or 43 base64url characters');
  return bytes;
}

const decodePart = (part) => {
  if (!/^[A-Za-z0-9_-]*$/.test(part) || part.length % 4 === 1) return null;
  return Buffer.from(part, 'base64url');
};

const parseObject = (bytes) => {
  try {
    const value = JSON.parse(bytes.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
};

const ALLOWED_SKEW = 30;

// The claims of a valid HS256 access token at `now` (seconds), or null: signature, issuer,
// audience, expiry, issued-at and not-before, as AccessToken.verify checks them.
export function verifyAccessToken(token, key, now) {
  if (token.length > 4096) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [headerBytes, payloadBytes, signature] = parts.map(decodePart);
  if (!headerBytes || !payloadBytes || !signature) return null;
  const header = parseObject(headerBytes);
  if (!header || header.alg !== 'HS256' || header.crit !== undefined) return null;
  if (header.typ !== undefined && header.typ !== 'JWT') return null;
  const expected = hmac(key, `${parts[0]}.${parts[1]}`);
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return null;
  const claims = parseObject(payloadBytes);
  if (!claims || claims.iss !== 'mirubato') return null;
  const audience = Array.isArray(claims.aud) ? claims.aud.includes('mirubato-api') : claims.aud === 'mirubato-api';
  if (!audience) return null;
  const { sub, sid, iat, exp, nbf } = claims;
  if (typeof sub !== 'string' || !sub || typeof sid !== 'string' || !sid) return null;
  if (!Number.isInteger(iat) || !Number.isInteger(exp)) return null;
  if (!(now < exp + ALLOWED_SKEW) || iat > now + ALLOWED_SKEW) return null;
  if (Number.isInteger(nbf) && nbf > now + ALLOWED_SKEW) return null;
  return { userID: sub, sessionID: sid };
}

// Signed list cursors: base64url(JSON [list, ...sort key]) "." base64url(first 12 HMAC bytes).
export class CursorCodec {
  constructor(dataKey) {
    this.key = hmac(dataKey, 'mirubato list cursor v1');
  }

  make(list, values) {
    const payload = Buffer.from(canonicalJSON([list, ...values]), 'utf8');
    return `${payload.toString('base64url')}.${hmac(this.key, payload).subarray(0, 12).toString('base64url')}`;
  }

  sortKey(cursor, list, count) {
    if (cursor.length > 2048) return null;
    const parts = cursor.split('.');
    if (parts.length !== 2) return null;
    const payload = decodePart(parts[0]);
    const tag = decodePart(parts[1]);
    if (!payload || !tag) return null;
    const expected = hmac(this.key, payload).subarray(0, 12);
    if (tag.length !== expected.length || !timingSafeEqual(tag, expected)) return null;
    let items;
    try {
      items = JSON.parse(payload.toString('utf8'));
    } catch {
      return null;
    }
    if (!Array.isArray(items) || items.length !== count + 1 || items[0] !== list) return null;
    const values = items.slice(1);
    return values.every((value) => typeof value === 'string') ? values : null;
  }
}

const ALPHABET = '_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

// A 21-character nanoid (64 characters, so a byte masked to 6 bits is unbiased).
export function nanoid() {
  let id = '';
  for (const byte of randomBytes(21)) id += ALPHABET[byte & 63];
  return id;
}

// AES-256-GCM for notes at rest: "v1." + base64url(nonce ‖ ciphertext ‖ tag), the column name
// authenticated as associated data.
export function seal(key, plaintext, column) {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(column, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url')}`;
}

export function open(key, sealed, column) {
  const bytes = sealed.startsWith('v1.') ? decodePart(sealed.slice(3)) : null;
  if (!bytes || bytes.length < 28) throw new Error('undecryptable value');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
  decipher.setAAD(Buffer.from(column, 'utf8'));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString('utf8');
}
