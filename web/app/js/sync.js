// Keeps the device's copy current: writes go through a persistent queue (sent at once when the
// network is there, replayed in order with their client ids and `expectedUpdatedAt` when it
// returns), and other devices' changes arrive through the change feed (`changes(since:)`).
import { GraphQLError, OfflineError, RetryLaterError, request } from './api.js';
import * as db from './db.js';

const listeners = new Set();
let flushing = null;

/**
 * Renders a view of the local copy now and on every change, and pulls the feed once; answers
 * the function that stops (for `disconnectedCallback`).
 */
export function follow(render) {
  const stop = onChange(render);
  render();
  pull({ ifOlderThan: FEED_INTERVAL });
  return stop;
}

/** How fresh the feed must be for a view that opens: switching views does not re-pull it. */
const FEED_INTERVAL = 5_000;
let pulledAt = 0;

/** Calls `listener` whenever the local copy, the queue or the connection state changes. */
export function onChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed() {
  for (const listener of listeners) listener();
}

/** Whether the last attempt to reach the server failed. */
export let offline = !navigator.onLine;

/** When the server asked to be tried again (ms since the epoch), or 0: the queue waits till then. */
export let busyUntil = 0;
let retryTimer = null;

/** Waits as the server asked, then sends the queue again. */
function retryLater(seconds) {
  busyUntil = Date.now() + seconds * 1000;
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => { busyUntil = 0; flush(); }, seconds * 1000);
  changed();
}

function setOffline(value) {
  if (offline !== value) {
    offline = value;
    changed();
  }
}

/** The logs of the local copy with the queued writes applied on top, newest first. */
export async function logs() {
  const byId = new Map();
  for (const record of await db.all('records')) {
    if (record.entity === 'PRACTICE_LOG') byId.set(record.id, { ...record.practiceLog, pending: false });
  }
  for (const item of await db.all('queue')) {
    const { id, input, logId } = item.variables;
    if (item.operation === 'CreateLog') byId.set(input.id, { recordings: [], ...item.optimistic, pending: true });
    if (item.operation === 'UpdateLog' && byId.has(id)) byId.set(id, { ...byId.get(id), ...item.optimistic, pending: true });
    if (item.operation === 'DeleteLog') byId.delete(id);
    // A recording waiting to upload plays from the device meanwhile.
    if (item.operation === 'UploadRecording' && byId.has(logId)) {
      const log = byId.get(logId);
      byId.set(logId, { ...log, recordings: [...(log.recordings ?? []), { ...item.optimistic, id: `queued:${item.seq}`, localURL: localURL(item), pending: true }] });
    }
    if (item.operation === 'DeleteRecording') {
      for (const [key, log] of byId) {
        if (log.recordings?.some((r) => r.id === id)) byId.set(key, { ...log, recordings: log.recordings.filter((r) => r.id !== id) });
      }
    }
  }
  return [...byId.values()].sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? ''));
}

const localURLs = new Map();

/** A queued recording's object URL, one per queued item (a view re-renders often). */
function localURL(item) {
  if (!localURLs.has(item.seq)) localURLs.set(item.seq, URL.createObjectURL(item.file));
  return localURLs.get(item.seq);
}

/** The repertoire of the local copy with queued status moves applied, most recently moved first. */
export async function repertoire() {
  const byPiece = new Map();
  for (const record of await db.all('records')) {
    if (record.entity === 'REPERTOIRE_ITEM') byPiece.set(record.id, { ...record.repertoireItem, pending: false });
  }
  for (const item of await db.all('queue')) {
    if (item.operation !== 'SetRepertoireStatus') continue;
    const { sheetMusicId, status } = item.variables.input;
    byPiece.set(sheetMusicId, { ...byPiece.get(sheetMusicId), ...item.optimistic, status, pending: true });
  }
  return [...byPiece.values()].sort((a, b) => (b.statusChangedAt ?? '').localeCompare(a.statusChangedAt ?? ''));
}

/**
 * The plan of the local copy with queued plan writes applied (created, changed, skipped,
 * reordered, deleted), in plan order; each item says whether a write of it waits to sync.
 */
export async function planItems() {
  const byId = new Map();
  for (const record of await db.all('records')) {
    if (record.entity === 'PLAN_ITEM') byId.set(record.id, { ...record.planItem, pending: false });
  }
  for (const { operation, variables, optimistic } of await db.all('queue')) {
    const current = byId.get(variables.id);
    if (operation === 'CreatePlanItem') byId.set(variables.input.id, { ...optimistic, pending: true });
    if (operation === 'UpdatePlanItem' && current) byId.set(variables.id, { ...current, ...optimistic, pending: true });
    if (operation === 'DeletePlanItem') byId.delete(variables.id);
    if (operation === 'DeclinePlanItem' && current) {
      byId.set(variables.id, { ...current, declinedAt: variables.declined ? new Date().toISOString() : null, pending: true });
    }
    if (operation === 'SkipPlanItem' && current) {
      const others = current.skippedDates.filter((day) => day !== variables.date);
      byId.set(variables.id, { ...current, skippedDates: variables.skipped ? [...others, variables.date].sort() : others, pending: true });
    }
    if (operation === 'ReorderPlanItems') {
      variables.ids.forEach((id, position) => { if (byId.has(id)) byId.set(id, { ...byId.get(id), position }); });
    }
  }
  return [...byId.values()].sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1));
}

/**
 * The comments on the musician's logs and sessions by log or session id, oldest first, with the
 * replies still queued at the end of their threads.
 */
export async function comments() {
  const all = [];
  for (const record of await db.all('records')) if (record.entity === 'COMMENT' && record.comment) all.push({ ...record.comment, pending: false });
  for (const { operation, optimistic } of await db.all('queue')) if (operation === 'AddComment') all.push({ ...optimistic, pending: true });
  const bySubject = new Map();
  for (const comment of all.sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? ''))) {
    const key = comment.logId ?? comment.sessionId;
    bySubject.set(key, [...(bySubject.get(key) ?? []), comment]);
  }
  return bySubject;
}

/**
 * Reads through the device's copy: `load()`'s answer, kept under `key` (when `keep` says so);
 * when it fails, the answer kept last time (undefined if none) and the error, for the view to
 * say why. Every read a view shows offline goes through here.
 */
export async function readThrough(key, load, keep = () => true) {
  try {
    const value = await load();
    if (keep(value)) await db.put('values', value, key);
    return { value, error: null };
  } catch (error) {
    return { value: await db.get('values', key), error };
  }
}

/** Writes queued now (and not yet answered), for the status line. */
export async function queued() {
  return (await db.all('queue')).length;
}

/** Conflicts the server answered to queued updates: { seq, variables, current }. */
export function conflicts() {
  return db.all('conflicts');
}

/**
 * Queues a write with what it should look like until the server answers, then tries to send.
 * A `file` (a recording's Blob) is kept in the queue with it, on the device, until it is sent.
 */
export async function submit(operation, variables, optimistic = null, file = null) {
  await db.put('queue', { operation, variables, optimistic, file, queuedAt: new Date().toISOString() });
  changed();
  return flush();
}

/**
 * Sends the queue in order. A write the network did not carry stays for the next attempt, and
 * one the server asked to retry (rate limit, brief unavailability) stays until its `Retry-After`;
 * a stale update becomes a conflict to show (never lost); another refusal is kept as a conflict
 * too, with the server's message, so the musician sees what did not go through.
 */
export function flush() {
  if (Date.now() < busyUntil) return Promise.resolve();
  flushing ??= (async () => {
    let sent = false;
    try {
      for (const item of await db.all('queue')) {
        try {
          const data = await request(item.operation, item.variables, item.file ?? null);
          setOffline(false);
          await applyAnswer(item, data);
          sent = true;
        } catch (error) {
          if (error instanceof RetryLaterError) {
            setOffline(false);
            retryLater(error.retryAfter);
            return;
          }
          if (error instanceof OfflineError) {
            setOffline(true);
            return;
          }
          if (!(error instanceof GraphQLError)) throw error;
          await db.put('conflicts', { seq: item.seq, operation: item.operation, variables: item.variables,
            optimistic: item.optimistic, code: error.code, message: error.message, current: error.extensions.current ?? null });
        }
        await db.remove('queue', item.seq);
        changed();
      }
    } finally {
      flushing = null;
    }
    // After a write, other devices' changes (and this one's answer) are due at once.
    await pull(sent ? {} : { ifOlderThan: FEED_INTERVAL });
  })();
  return flushing;
}

async function applyAnswer(item, data) {
  const log = data?.createPracticeLog ?? data?.updatePracticeLog;
  if (log) await db.put('records', { entity: 'PRACTICE_LOG', id: log.id, practiceLog: log }, `PRACTICE_LOG:${log.id}`);
  if (data?.deletePracticeLog) await db.remove('records', `PRACTICE_LOG:${item.variables.id}`);
  if (data?.uploadRecording || data?.deleteRecording) {
    const logId = data.uploadRecording?.logId ?? item.optimistic?.logId;
    const record = await db.get('records', `PRACTICE_LOG:${logId}`);
    if (record) {
      const others = (record.practiceLog.recordings ?? []).filter((r) => r.id !== (data.uploadRecording?.id ?? item.variables.id));
      const recordings = data.uploadRecording ? [...others, data.uploadRecording] : others;
      await db.put('records', { ...record, practiceLog: { ...record.practiceLog, recordings } }, `PRACTICE_LOG:${logId}`);
    }
    if (localURLs.has(item.seq)) URL.revokeObjectURL(localURLs.get(item.seq));
    localURLs.delete(item.seq);
  }
  if (data?.addComment) await db.put('records', { entity: 'COMMENT', id: data.addComment.id, comment: data.addComment }, `COMMENT:${data.addComment.id}`);
  for (const planItem of [data?.createPlanItem, data?.updatePlanItem, data?.skipPlanItem, data?.declinePlanItem, ...(data?.reorderPlanItems ?? [])]) {
    if (planItem) await db.put('records', { entity: 'PLAN_ITEM', id: planItem.id, planItem }, `PLAN_ITEM:${planItem.id}`);
  }
  if (data?.deletePlanItem) await db.remove('records', `PLAN_ITEM:${item.variables.id}`);
  const entry = data?.setRepertoireStatus;
  if (entry) await db.put('records', { entity: 'REPERTOIRE_ITEM', id: entry.sheetMusic.id, repertoireItem: entry }, `REPERTOIRE_ITEM:${entry.sheetMusic.id}`);
}

/**
 * Applies the change feed from the saved cursor until nothing more waits; with `ifOlderThan`
 * (ms), only when the last pull is older than that.
 */
export async function pull({ ifOlderThan = 0 } = {}) {
  if (Date.now() - pulledAt < ifOlderThan || Date.now() < busyUntil) return;
  pulledAt = Date.now();
  try {
    for (;;) {
      const since = (await db.get('values', 'cursor')) ?? null;
      let feed;
      try {
        feed = (await request('Changes', { since })).changes;
      } catch (error) {
        if (error instanceof GraphQLError && error.code === 'SYNC_CURSOR_EXPIRED') {
          // Tombstones older than the cursor are gone: start again from a full sync.
          await db.clear(['records']);
          await db.remove('values', 'cursor');
          continue;
        }
        throw error;
      }
      for (const change of feed.changes) {
        const key = `${change.entity}:${change.id}`;
        if (change.deleted) await db.remove('records', key);
        else await db.put('records', change, key);
      }
      await db.put('values', feed.cursor, 'cursor');
      setOffline(false);
      if (feed.changes.length) changed();
      if (!feed.hasMore) return;
    }
  } catch (error) {
    if (error instanceof RetryLaterError) retryLater(error.retryAfter);
    else if (error instanceof OfflineError) setOffline(true);
    else if (!(error instanceof GraphQLError && error.code === 'UNAUTHENTICATED')) throw error;
  }
}

/** Resolves a conflict: `keep` re-sends the musician's change on top of the current record. */
export async function resolve(conflict, keep) {
  await db.remove('conflicts', conflict.seq);
  if (keep && conflict.operation === 'UpdateLog' && conflict.current) {
    const input = { ...conflict.variables.input, expectedUpdatedAt: conflict.current.updatedAt };
    return submit('UpdateLog', { id: conflict.variables.id, input }, conflict.optimistic);
  }
  changed();
  return flush();
}

window.addEventListener('online', () => flush());
window.addEventListener('offline', () => setOffline(true));

/** The musician's profile as last seen (Settings and Today keep it), or null before the first answer. */
export async function profile() {
  return (await db.get('values', 'profile')) ?? (await db.get('values', 'today'))?.me ?? null;
}

/** Keeps the profile as the server answered it. */
export function keepProfile(user) {
  return db.put('values', user, 'profile');
}
