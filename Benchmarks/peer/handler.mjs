// One worker's request path, step for step the project's (HTTPGateway.handle, Endpoint.respond):
// JSON body, credentials (JWT signature and claims, then the session row), the request budget
// counted in the worker's memory, the prepared document from the worker's cache, the query cost
// (a second spend when it is 200 or more), execution, the answer with `extensions.cost`, response headers
// and one JSON log line on standard error.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { buildSchema, execute, getOperationAST, parse, validate, GraphQLError } from './graphql.mjs';
import { APIError, Database, KVStore, LRU, RateCounters, spend } from './sqlite.mjs';
import { CursorCodec, keyFromText, nanoid, verifyAccessToken } from './crypto.mjs';
import { cost } from './cost.mjs';
import { fieldResolvers, rootValue, sessionLogsLoader } from './resolvers.mjs';

const MAX_BODY_BYTES = 1 << 20;
const MAX_COST = 10_000;
const MAX_CACHED_QUERY = 32 * 1024;

// The schema from the project's own SDL file, with the resolvers that are not plain properties.
export function loadSchema(path) {
  const schema = buildSchema(readFileSync(path, 'utf8'));
  for (const [type, fields] of Object.entries(fieldResolvers)) {
    for (const [name, resolve] of Object.entries(fields)) schema.getType(type).getFields()[name].resolve = resolve;
  }
  return schema;
}

const budget = (text, fallback) => {
  const match = /^(\d+)\/(\d+)$/.exec(text ?? '');
  return match ? { limit: Number(match[1]), windowSeconds: Number(match[2]) } : fallback;
};

export function makeHandler(config) {
  const schema = loadSchema(config.schemaPath);
  const db = new Database(config.databasePath);
  const kv = new KVStore(config.kvPath);
  const counters = new RateCounters();
  const services = { db, kv, memory: new LRU(config.valueCacheSize), dataKey: keyFromText(config.dataKey),
    cursors: new CursorCodec(keyFromText(config.dataKey)) };
  const jwtKey = Buffer.from(config.jwtSecret, 'utf8');
  const requests = budget(config.rateRequests, { limit: 600, windowSeconds: 60 });
  const documents = new LRU(config.documentCacheSize);
  const metrics = new Map();

  // Who the request is from: a live session's user, anonymous, or rejected credentials.
  function viewerFrom(headers, now) {
    let token;
    if (headers.authorization !== undefined) {
      const [scheme, value] = splitOnce(headers.authorization, ' ');
      if (value === undefined || scheme.toLowerCase() !== 'bearer') {
        return rejected('Authorization must be `Bearer <access token>`.');
      }
      token = value.replace(/^[ \t]+|[ \t]+$/g, '');
    } else {
      token = cookie(headers.cookie, 'mirubato_session');
      if (token === undefined) return { kind: 'anonymous' };
    }
    const claims = verifyAccessToken(token, jwtKey, Math.floor(now / 1000));
    if (!claims) return rejected('The access token is invalid or expired.');
    const live = db.first('SELECT 1 FROM auth_sessions WHERE id = ? AND user_id = ? AND revoked_at IS NULL', [claims.sessionID, claims.userID]);
    if (!live) return rejected('This session has ended; sign in again.');
    return { kind: 'user', userID: claims.userID, sessionID: claims.sessionID };
  }

  // Parse and validate once per query text; the outcome (document or errors) is kept.
  function prepared(query, operationName) {
    const key = `${operationName ?? ''}\u0000${query}`;
    const cacheable = query.length <= MAX_CACHED_QUERY;
    const hit = cacheable ? documents.get(key) : undefined;
    if (hit) return hit;
    let outcome;
    try {
      const document = parse(query);
      const errors = validate(schema, document);
      outcome = errors.length > 0 ? { errors, code: 'GRAPHQL_VALIDATION_FAILED' }
        : { document, operation: getOperationAST(document, operationName) };
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      outcome = { errors: [error], code: 'GRAPHQL_PARSE_FAILED' };
    }
    if (cacheable) documents.set(key, outcome);
    return outcome;
  }

  // The answer to a request body: { body, status, requestID, operation, userID, errorCodes }.
  function respond(text, headers, clientAddress) {
    const requestID = validRequestID(headers['x-request-id']) ?? nanoid();
    let request;
    try {
      request = JSON.parse(text);
    } catch (error) {
      return requestError(new APIError('BAD_REQUEST', `The request is not valid JSON: ${error.message}.`), requestID, 400);
    }
    if (request === null || typeof request !== 'object' || Array.isArray(request)) {
      return requestError(new APIError('BAD_REQUEST', 'The benchmark peer takes one JSON request object.'), requestID, 400);
    }
    const now = Date.now();
    let viewer;
    try {
      viewer = viewerFrom(headers, now);
      spend(counters, 'requests', subject(viewer, clientAddress), requests, now);
      if (typeof request.query !== 'string' || request.query === '') throw new APIError('BAD_REQUEST', 'The request has no query.');
    } catch (error) {
      return requestError(error, requestID);
    }
    const operationName = typeof request.operationName === 'string' ? request.operationName : undefined;
    const ready = prepared(request.query, operationName);
    if (ready.errors) return graphQLErrors(ready.errors, ready.code, requestID);
    const variables = request.variables && typeof request.variables === 'object' ? request.variables : {};
    const requested = ready.operation ? cost(schema, ready.document, ready.operation, variables) : 0;
    try {
      if (requested > MAX_COST) {
        throw new APIError('QUERY_TOO_COMPLEX', `The query would cost ${requested}, more than ${MAX_COST}.`,
          { cost: { requested, limit: MAX_COST } });
      }
      if (requested >= 200) spend(counters, 'requests', subject(viewer, clientAddress), requests, now, Math.floor(requested / 100));
    } catch (error) {
      return requestError(error, requestID);
    }
    const context = { services, viewer, now, sessionLogs: sessionLogsLoader(db, services.dataKey, viewer) };
    const result = execute({ schema, document: ready.document, rootValue, contextValue: context, variableValues: variables, operationName });
    const errors = (result.errors ?? []).map(formatError);
    let body = '{';
    if (errors.length > 0) body += `"errors":${JSON.stringify(errors)},`;
    body += `"data":${JSON.stringify(result.data ?? null)},"extensions":{"cost":{"requested":${requested},"limit":${MAX_COST}}}}`;
    return { body, status: 200, requestID, operation: ready.operation, userID: viewer.kind === 'user' ? viewer.userID : null,
      errorCodes: errors.map((error) => error.extensions.code) };
  }

  return async function handle(request, response) {
    const started = process.hrtime.bigint();
    const traceID = randomBytes(16).toString('hex');
    const spanID = randomBytes(8).toString('hex');
    const path = request.url.split('?')[0];
    let answer;
    if (path === '/healthz') {
      kv.get('readiness-probe', Date.now());
      answer = { status: 200, body: '{"status":"ok"}' };
    } else if (path !== '/graphql') {
      answer = { status: 404, body: 'Not found.' };
    } else if (request.method !== 'POST') {
      answer = { status: 405, body: 'Use POST.' };
    } else if (!/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '')) {
      answer = { status: 415, body: 'Send the request as application/json.' };
    } else {
      const text = await readBody(request);
      answer = text === null ? { status: 413, body: `The request is larger than ${MAX_BODY_BYTES} bytes.` }
        : respond(text, request.headers, request.headers['x-real-ip'] ?? request.socket.remoteAddress);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const headers = {
      'Content-Type': answer.requestID ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
      'Cache-Control': answer.requestID ? 'private, no-store' : 'no-store',
      traceresponse: `00-${traceID}-${spanID}-01`, 'X-Content-Type-Options': 'nosniff',
      'Server-Timing': `app;dur=${Math.round(seconds * 1e6) / 1000}`,
    };
    if (answer.requestID) headers['X-Request-ID'] = answer.requestID;
    response.writeHead(answer.status, headers);
    response.end(answer.body);
    const name = answer.operation?.name?.value ?? null;
    if (path === '/graphql') metrics.set(name, (metrics.get(name) ?? 0) + 1);
    // One log line per request, members sorted as the project's JSONWriter writes them.
    process.stderr.write(`${JSON.stringify({
      durationMs: Math.round(seconds * 1e6) / 1000, errorCodes: answer.errorCodes ?? [], method: request.method, operationName: name,
      operationType: answer.operation?.operation ?? null, path, requestId: answer.requestID ?? null, spanId: spanID,
      status: answer.status, time: new Date().toISOString(), traceId: traceID, userId: answer.userID ?? null,
    })}\n`);
  };
}

function subject(viewer, clientAddress) {
  return viewer.kind === 'user' ? `user:${viewer.userID}` : `client:${clientAddress}`;
}

function rejected(message) {
  return { kind: 'rejected', error: new APIError('UNAUTHENTICATED', message) };
}

function splitOnce(text, separator) {
  const index = text.indexOf(separator);
  return index < 0 ? [text] : [text.slice(0, index), text.slice(index + 1)];
}

function cookie(header, name) {
  for (const pair of (header ?? '').split(';')) {
    const [key, value] = splitOnce(pair, '=');
    if (value !== undefined && key.trim() === name) return value.trim();
  }
  return undefined;
}

function validRequestID(given) {
  return typeof given === 'string' && given.length >= 1 && given.length <= 128 && /^[\x21\x23-\x5b\x5d-\x7e]+$/.test(given) ? given : null;
}

function formatError(error) {
  const code = error.originalError?.extensions?.code ?? error.extensions?.code;
  if (!code && error.originalError) {
    process.stderr.write(`${JSON.stringify({ error: String(error.originalError), event: 'internal_error', level: 'error' })}\n`);
    return { message: 'Internal server error.', locations: error.locations, path: error.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  return { message: error.message, locations: error.locations, path: error.path, extensions: { ...error.extensions, code: code ?? 'INTERNAL_SERVER_ERROR' } };
}

function requestError(error, requestID, status = 200) {
  const extensions = error instanceof APIError ? error.extensions : { code: 'INTERNAL_SERVER_ERROR' };
  const message = error instanceof APIError ? error.message : 'Internal server error.';
  if (!(error instanceof APIError)) process.stderr.write(`${JSON.stringify({ error: String(error), event: 'internal_error', level: 'error' })}\n`);
  return { body: JSON.stringify({ errors: [{ message, extensions }] }), status: extensions.code === 'RATE_LIMITED' ? 429 : status,
    requestID, errorCodes: [extensions.code] };
}

function graphQLErrors(errors, code, requestID) {
  const body = JSON.stringify({ errors: errors.map((error) => ({ message: error.message, locations: error.locations, extensions: { code } })) });
  return { body, status: 200, requestID, errorCodes: errors.map(() => code) };
}

// The body as text, or null past the size limit.
function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    request.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
