// The GraphQL client. Each operation is a file of ../operations/ (checked against the schema by
// Tests/e2e/app_operations.py), sent with the shared fragments it uses. The access token is
// refreshed silently shortly before it expires, and once more if the server says it has.
import { clearTokens, saveTokens, tokens } from './auth.js';

/** No answer from the server: the device is offline or the server unreachable (502/503/504). */
export class OfflineError extends Error {}

/** The server answered with GraphQL errors; `code` is the first one's `extensions.code`. */
export class GraphQLError extends Error {
  constructor(errors) {
    super(errors[0]?.message ?? 'Request failed');
    this.errors = errors;
    this.extensions = errors[0]?.extensions ?? {};
    this.code = this.extensions.code;
  }
}

/** Every operation the app sends (Tests/e2e/app_operations.py checks this list against the files). */
export const OPERATIONS = [
  'AchievementUnlocked', 'Catalogue', 'Changes', 'CompleteSession', 'CreateLog', 'CreatePiece', 'DeleteAccount', 'DeleteLog',
  'ExportMyData', 'Logout', 'Me', 'PauseSession', 'Piece', 'PieceSuggestions', 'Progress', 'RandomPiece', 'RefreshToken',
  'RequestMagicLink', 'ResumeSession', 'Sessions', 'SetRepertoireStatus', 'StartSession', 'Templates', 'UpdateLog',
  'VerifyMagicLink',
];

const texts = new Map();
let fragments;

async function text(path) {
  const response = await fetch(path);
  if (!response.ok) throw new OfflineError(`${path}: ${response.status}`);
  return response.text();
}

/** The document of an operation: its file and, transitively, the fragments it spreads. */
export async function documentOf(name) {
  if (texts.has(name)) return texts.get(name);
  fragments ??= Object.fromEntries((await text('/operations/fragments.graphql'))
    .split(/\n(?=fragment )/).filter((block) => block.startsWith('fragment '))
    .map((block) => [block.match(/^fragment (\w+)/)[1], block]));
  const own = await text(`/operations/${name}.graphql`);
  const used = [];
  const pending = [...own.matchAll(/\.\.\.(\w+)/g)].map((m) => m[1]);
  while (pending.length) {
    const fragment = pending.pop();
    if (used.includes(fragment) || !fragments[fragment]) continue;
    used.push(fragment);
    pending.push(...[...fragments[fragment].matchAll(/\.\.\.(\w+)/g)].map((m) => m[1]));
  }
  const document = [own, ...used.sort().map((f) => fragments[f])].join('\n');
  texts.set(name, document);
  return document;
}

/** Loads every operation once, so the service worker holds them for offline use. */
export function preloadOperations() {
  return Promise.all(OPERATIONS.map((name) => documentOf(name).catch(() => null)));
}

let refreshing = null;

/** Exchanges the refresh token for a new pair; false when the server refused it (signed out). */
export function refresh() {
  refreshing ??= (async () => {
    const current = tokens();
    if (!current?.refreshToken) return false;
    try {
      const data = await send('RefreshToken', { refreshToken: current.refreshToken }, null);
      saveTokens(data.refreshToken);
      return true;
    } catch (error) {
      if (error instanceof GraphQLError) clearTokens();
      if (error instanceof OfflineError) throw error;
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

async function send(name, variables, token) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  // The browser knows it has no network: do not wait for a request to fail.
  if (!navigator.onLine) throw new OfflineError('The device is offline.');
  let response;
  try {
    response = await fetch('/graphql', {
      method: 'POST', headers, body: JSON.stringify({ query: await documentOf(name), variables, operationName: name }),
    });
  } catch {
    throw new OfflineError('The network is unreachable.');
  }
  if ([502, 503, 504].includes(response.status)) throw new OfflineError(`The server answered ${response.status}.`);
  const body = await response.json().catch(() => ({ errors: [{ message: `HTTP ${response.status}` }] }));
  if (body.errors?.length) throw new GraphQLError(body.errors);
  return body.data;
}

/** The stored tokens, refreshed first when the access token expires within 30 s. */
async function freshTokens() {
  const current = tokens();
  if (current?.refreshToken && current.expiresAt - Date.now() < 30_000) await refresh();
  return tokens();
}

/** Runs an operation as the signed-in user (or anonymously), refreshing the token when needed. */
export async function request(name, variables = {}) {
  const current = await freshTokens();
  try {
    return await send(name, variables, current?.accessToken);
  } catch (error) {
    if (!(error instanceof GraphQLError) || error.code !== 'UNAUTHENTICATED' || !current?.refreshToken) throw error;
    if (!(await refresh())) throw error;
    return send(name, variables, tokens()?.accessToken);
  }
}

/**
 * Runs a subscription over GraphQL-over-SSE (`POST /graphql/stream`), calling `onNext` with each
 * result's data until the stream ends or `signal` aborts; answers when it ends.
 */
export async function subscribe(name, variables, onNext, signal) {
  // The server ends a stream when its token expires; each new stream starts with a fresh one.
  const current = await freshTokens();
  const response = await fetch('/graphql/stream', {
    method: 'POST', signal,
    headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', Authorization: `Bearer ${current?.accessToken}` },
    body: JSON.stringify({ query: await documentOf(name), variables, operationName: name }),
  });
  if (!response.ok || !response.body) throw new OfflineError(`stream: ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const kind = event.match(/^event: (\w+)/m)?.[1];
      const data = event.match(/^data: (.*)$/m)?.[1];
      if (kind === 'complete') return;
      if (kind === 'next' && data) {
        const result = JSON.parse(data);
        if (result.errors?.length) throw new GraphQLError(result.errors);
        onNext(result.data);
      }
    }
  }
}
