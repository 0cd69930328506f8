// The GraphQL client. Each operation is a file of ../operations/, bundled with the fragments it
// uses into operations.js (scripts/bundle_operations.py; Tests/e2e/app_operations.py checks both
// against the schema). The access token is refreshed silently shortly before it expires, and once
// more if the server says it has.
import { clearTokens, saveTokens, tokens } from './auth.js';
import { DOCUMENTS } from './operations.js';

/** No answer from the server: the device is offline or the server unreachable (502/504). */
export class OfflineError extends Error {}

/**
 * The server is there but asks to be tried again later: over the rate budget (429,
 * `RATE_LIMITED`) or briefly unavailable (503, `SERVICE_UNAVAILABLE`). `retryAfter` is in
 * seconds, from the `Retry-After` header or the error's `extensions.retryAfter`. A write that
 * meets it stays queued: nothing a musician wrote is dropped for it.
 */
export class RetryLaterError extends OfflineError {
  constructor(message, retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }
}

/**
 * The server answered with GraphQL errors; `code` is the first one's `extensions.code`, `data`
 * what it answered besides (a teacher's read of what a student does not share).
 */
export class GraphQLError extends Error {
  constructor(errors, data = null) {
    super(errors[0]?.message ?? 'Request failed');
    this.errors = errors;
    this.data = data;
    this.extensions = errors[0]?.extensions ?? {};
    this.code = this.extensions.code;
  }
}

/** The names of every operation the app sends. */
export const OPERATIONS = Object.keys(DOCUMENTS);

/** The document of an operation, with the fragments it spreads. */
export function documentOf(name) {
  const document = DOCUMENTS[name];
  if (!document) throw new Error(`No operation ${name}`);
  return document;
}

const RETRY_CODES = new Set(['RATE_LIMITED', 'SERVICE_UNAVAILABLE']);

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

/**
 * Sends one operation. With `file`, as a GraphQL multipart request: the file fills the `file`
 * variable, and the preflight header says it is not a cross-site form.
 */
async function send(name, variables, token, file = null) {
  const headers = { Accept: 'application/graphql-response+json, application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  // The browser knows it has no network: do not wait for a request to fail.
  if (!navigator.onLine) throw new OfflineError('The device is offline.');
  let body;
  if (file) {
    headers['apollo-require-preflight'] = 'true';
    body = new FormData();
    body.append('operations', JSON.stringify({ query: documentOf(name), variables: { ...variables, file: null }, operationName: name }));
    body.append('map', JSON.stringify({ 0: ['variables.file'] }));
    body.append('0', file, file.name || `recording.${EXTENSIONS[file.type.split(';')[0]] ?? 'webm'}`);
  } else {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify({ query: documentOf(name), variables, operationName: name });
  }
  let response;
  try {
    response = await fetch('/graphql', { method: 'POST', headers, body });
  } catch {
    throw new OfflineError('The network is unreachable.');
  }
  if ([502, 504].includes(response.status)) throw new OfflineError(`The server answered ${response.status}.`);
  const answer = await response.json().catch(() => ({ errors: [{
    message: response.status === 413 ? 'The file is too large to upload.' : `HTTP ${response.status}`,
    extensions: { code: { 413: 'PAYLOAD_TOO_LARGE', 429: 'RATE_LIMITED', 503: 'SERVICE_UNAVAILABLE' }[response.status] } }] }));
  const retry = answer.errors?.find((error) => RETRY_CODES.has(error.extensions?.code));
  if (retry || [429, 503].includes(response.status)) {
    const seconds = Number(response.headers.get('Retry-After')) || Number(retry?.extensions?.retryAfter) || 5;
    throw new RetryLaterError(retry?.message ?? `The server answered ${response.status}.`, seconds);
  }
  if (answer.errors?.length) throw new GraphQLError(answer.errors, answer.data ?? null);
  return answer.data;
}

/** File extensions of the types MediaRecorder writes (the server reads the bytes, not the name). */
const EXTENSIONS = { 'audio/webm': 'webm', 'audio/ogg': 'ogg', 'audio/mp4': 'm4a', 'audio/wav': 'wav' };

/** The stored tokens, refreshed first when the access token expires within 30 s. */
async function freshTokens() {
  const current = tokens();
  if (current?.refreshToken && current.expiresAt - Date.now() < 30_000) await refresh();
  return tokens();
}

/**
 * Runs an operation as the signed-in user (or anonymously), refreshing the token when needed;
 * with `file`, uploaded as the operation's `file` variable.
 */
export async function request(name, variables = {}, file = null) {
  const current = await freshTokens();
  try {
    return await send(name, variables, current?.accessToken, file);
  } catch (error) {
    if (!(error instanceof GraphQLError) || error.code !== 'UNAUTHENTICATED' || !current?.refreshToken) throw error;
    if (!(await refresh())) throw error;
    return send(name, variables, tokens()?.accessToken, file);
  }
}

/** A file the API serves to the signed-in user (the data export's archive), as a Blob. */
export async function download(path) {
  if (!navigator.onLine) throw new OfflineError('The device is offline.');
  const current = await freshTokens();
  let response;
  try {
    response = await fetch(path, { headers: { Authorization: `Bearer ${current?.accessToken}` } });
  } catch {
    throw new OfflineError('The network is unreachable.');
  }
  if (!response.ok) throw new Error(`${(await response.text()).trim() || `HTTP ${response.status}`}`);
  return response.blob();
}

/** A recording's playback link on this origin (the server signs it for its public URL). */
export function playable(recording) {
  if (recording.localURL) return recording.localURL;
  const url = new URL(recording.url, location.origin);
  return url.pathname + url.search;
}

/**
 * Runs a read of another musician's practice: the parts they do not share come back as FORBIDDEN
 * errors beside the data, and the answer is the data with those parts null, plus which scopes
 * were refused. Any other error is thrown as usual.
 */
export async function requestShared(name, variables = {}) {
  try {
    return { data: await request(name, variables), withheld: [] };
  } catch (error) {
    if (!(error instanceof GraphQLError) || !error.data || error.errors.some((e) => e.extensions?.code !== 'FORBIDDEN')) throw error;
    return { data: error.data, withheld: [...new Set(error.errors.map((e) => e.extensions?.scope).filter(Boolean))] };
  }
}

/** Set once a WebSocket could not be opened at all in this page (a proxy without upgrades): SSE from then on. */
let socketsUnavailable = false;

/** A WebSocket that closed before it opened while the browser was online. */
class SocketUnavailable extends Error {}

/**
 * Runs a subscription, calling `onNext` with each result's data until the stream ends or
 * `signal` aborts; answers when it ends. Over GraphQL over WebSocket (`graphql-transport-ws` on
 * `/graphql`) where it can be opened, else over GraphQL over SSE (`POST /graphql/stream`).
 * `document.documentElement.dataset.live` names the transport of the latest stream.
 */
export async function subscribe(name, variables, onNext, signal) {
  // Offline, nothing is opened (a socket that cannot connect is an error in the console): the
  // caller tries again later.
  if (!navigator.onLine) throw new OfflineError('offline');
  // The server ends a stream when its token expires; each new stream starts with a fresh one.
  const current = await freshTokens();
  const body = { query: documentOf(name), variables, operationName: name };
  if (!socketsUnavailable && typeof WebSocket === 'function') {
    try {
      return await overSocket(body, current?.accessToken, onNext, signal);
    } catch (error) {
      if (!(error instanceof SocketUnavailable)) throw error;
      socketsUnavailable = true;
    }
  }
  return overEventStream(body, current?.accessToken, onNext, signal);
}

/** One operation on a socket of its own: connection_init with the token, then subscribe. */
function overSocket(body, token, onNext, signal) {
  return new Promise((resolve, reject) => {
    const url = new URL('/graphql', location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url, 'graphql-transport-ws');
    let opened = false;
    let settled = false;
    const settle = (outcome, value) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', abort);
      if (socket.readyState <= WebSocket.OPEN) socket.close(1000);
      outcome(value);
    };
    const abort = () => settle(resolve);
    if (signal?.aborted) return settle(resolve);
    signal?.addEventListener('abort', abort);
    const send = (message) => socket.send(JSON.stringify(message));
    socket.onopen = () => {
      opened = true;
      document.documentElement.dataset.live = 'websocket';
      send({ type: 'connection_init', payload: { Authorization: `Bearer ${token}` } });
    };
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.type === 'connection_ack') send({ id: '1', type: 'subscribe', payload: body });
      else if (message.type === 'ping') send({ type: 'pong' });
      else if (message.type === 'next' && message.payload.errors?.length) settle(reject, new GraphQLError(message.payload.errors));
      else if (message.type === 'next') onNext(message.payload.data);
      else if (message.type === 'error') settle(reject, new GraphQLError(message.payload));
      else if (message.type === 'complete') settle(resolve);
    };
    socket.onclose = (event) => {
      if (!opened && navigator.onLine) settle(reject, new SocketUnavailable());
      else settle(reject, new OfflineError(`socket closed: ${event.code} ${event.reason}`));
    };
  });
}

/** One operation over GraphQL over SSE (distinct connections). */
async function overEventStream(body, token, onNext, signal) {
  const response = await fetch('/graphql/stream', {
    method: 'POST', signal,
    headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (!response.ok || !response.body) throw new OfflineError(`stream: ${response.status}`);
  document.documentElement.dataset.live = 'sse';
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
