// The resolvers the benchmark's operations need, over the project's tables with the project's
// SQL: `me`, `listSheetMusic`, `myPracticeSessions` with `PracticeSession.logs`, `myProgress`
// and `createPracticeLog`. Rows become plain objects shaped like the schema's types, so
// graphql-js's default resolvers read most fields; the rest are attached below.
import { APIError, cachedValue } from './sqlite.mjs';
import { canonicalJSON, nanoid, open, seal, sha256Hex } from './crypto.mjs';
import { iso, levelFor, localDay, logCreated, overview, dayText } from './progress.mjs';

const upper = (value) => (value == null ? null : value.toUpperCase());
const lower = (value) => (value == null ? null : value.toLowerCase());

// The signed-in user's id, or why there is none (Viewer.userID()).
function userID(viewer) {
  if (viewer.kind === 'user') return viewer.userID;
  throw viewer.kind === 'anonymous' ? new APIError('UNAUTHENTICATED', 'Sign in to see this.') : viewer.error;
}

// A relay page of a list (Database+Paging.swift): the count, one row more than the page to tell
// whether items follow, the sort key selected after the mapped columns; every item's cursor is
// signed whether or not it is asked for, as the project's services do.
function page(db, { columns, table, condition, parameters, order, descending, start, limit, map }) {
  const [total] = db.first(`SELECT count(*) FROM ${table} WHERE ${condition}`, parameters);
  const keys = order.join(', ');
  const orderBy = order.map((column) => (descending ? `${column} DESC` : column)).join(', ');
  const placeholders = order.map(() => '?').join(', ');
  let rows;
  let hasPreviousPage;
  if (start.after) {
    rows = db.all(`SELECT ${columns}, ${keys} FROM ${table} WHERE (${condition}) AND (${keys}) ${descending ? '<' : '>'} (${placeholders})
      ORDER BY ${orderBy} LIMIT ?`, [...parameters, ...start.after, limit + 1]);
    hasPreviousPage = Boolean(db.first(`SELECT 1 FROM ${table} WHERE (${condition}) AND (${keys}) ${descending ? '>=' : '<='} (${placeholders})
      LIMIT 1`, [...parameters, ...start.after]));
  } else {
    rows = db.all(`SELECT ${columns}, ${keys} FROM ${table} WHERE ${condition} ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
      [...parameters, limit + 1, start.offset]);
    hasPreviousPage = start.offset > 0 && total > 0;
  }
  const hasNextPage = rows.length > limit;
  if (hasNextPage) rows.pop();
  return { items: rows.map(map), totalCount: total, hasNextPage, hasPreviousPage,
    sortKeys: rows.map((row) => row.slice(row.length - order.length).map((value) => (value == null ? '' : String(value)))) };
}

function connection(result, list, cursors) {
  const signed = result.sortKeys.map((key) => cursors.make(list, key));
  return {
    totalCount: result.totalCount,
    edges: result.items.map((node, index) => ({ node, cursor: signed[index] })),
    pageInfo: { hasNextPage: result.hasNextPage, hasPreviousPage: result.hasPreviousPage,
      startCursor: signed[0] ?? null, endCursor: signed[signed.length - 1] ?? null },
  };
}

// Size and start of a page (PageRequest.resolved).
function pageStart(args, list, keyCount, cursors) {
  const limit = args.limit ?? 20;
  if (limit < 1 || limit > 100) throw new APIError('BAD_USER_INPUT', 'limit must be between 1 and 100.', { field: 'limit' });
  if (args.after != null) {
    const key = cursors.sortKey(args.after, list, keyCount);
    if (!key) throw new APIError('BAD_USER_INPUT', 'after is not a cursor from this list.', { field: 'after' });
    return [limit, { after: key }];
  }
  const offset = args.offset ?? 0;
  if (offset < 0) throw new APIError('BAD_USER_INPUT', 'offset must not be negative.', { field: 'offset' });
  return [limit, { offset }];
}

const USER_COLUMNS = 'id, email, display_name, avatar_url, primary_instrument, skill_level, preferences, created_at, updated_at, last_login_at';

function user(row) {
  let stored = {};
  try {
    stored = JSON.parse(row[6] ?? '{}') ?? {};
  } catch {
    // Unreadable preferences fall back to the defaults.
  }
  const pick = (value, allowed, fallback) => (allowed.includes(value) ? value : fallback);
  return {
    id: row[0], email: row[1], displayName: row[2], avatarUrl: row[3], primaryInstrument: upper(row[4] ?? 'piano'),
    skillLevel: upper(row[5]), createdAt: row[7], updatedAt: row[8], lastLoginAt: row[9],
    timeZone: typeof stored.timeZone === 'string' ? stored.timeZone : 'UTC',
    preferences: {
      theme: upper(pick(stored.theme, ['light', 'dark', 'system'], 'system')),
      notationSize: upper(pick(stored.notationSize, ['small', 'medium', 'large'], 'medium')),
      practiceReminders: stored.practiceReminders === true,
      reminderTime: typeof stored.reminderTime === 'string' ? stored.reminderTime : null,
      dailyGoalMinutes: Number.isInteger(stored.dailyGoalMinutes) ? stored.dailyGoalMinutes : 30,
      timeZone: typeof stored.timeZone === 'string' ? stored.timeZone : 'UTC',
      customSettings: stored.customSettings && typeof stored.customSettings === 'object' ? stored.customSettings : null,
    },
  };
}

export const findUser = (db, id) => {
  const row = db.first(`SELECT ${USER_COLUMNS} FROM users WHERE id = ? AND is_active`, [id]);
  return row ? user(row) : null;
};

const SHEET_COLUMNS = `id, title, composer, opus, catalog_number, instrument, difficulty_level, grade_level,
  duration_seconds, time_signature, key_signature, tempo_marking, suggested_tempo, style_period,
  tags, source_type, source_attribution, license_type, notation_data, audio_reference_url,
  created_at, updated_at`;

function piece(row) {
  let tags = [];
  try {
    tags = (JSON.parse(row[14] ?? '[]') ?? []).filter((tag) => typeof tag === 'string');
  } catch {
    // Unreadable tags read as none.
  }
  const level = row[6] ?? 1;
  return {
    id: row[0] ?? '', title: row[1] ?? '', composer: row[2] ?? 'Anonymous',
    instrument: row[5] === 'guitar' ? 'GUITAR' : 'PIANO', // "both" lists piano first
    difficulty: level <= 3 ? 'BEGINNER' : level <= 7 ? 'INTERMEDIATE' : 'ADVANCED',
    metadata: {
      opus: row[3], catalogNumber: row[4], difficultyLevel: level, gradeLevel: row[7], durationSeconds: row[8],
      timeSignature: row[9], keySignature: row[10], tempoMarking: row[11], suggestedTempo: row[12], stylePeriod: upper(row[13]),
      tags, sourceType: upper(row[15] ?? 'public_domain'), sourceAttribution: row[16], licenseType: row[17], audioReferenceUrl: row[19],
    },
    createdAt: row[20], updatedAt: row[21],
  };
}

// The catalogue's WHERE clause for a filter (SheetMusicStore.whereClause); free-text filters
// (composer, search) need the project's text folding and are not part of the benchmark.
function sheetFilter(filter = {}) {
  if (filter.composer != null || filter.search != null) {
    throw new APIError('NOT_IMPLEMENTED', 'The benchmark peer does not fold text: composer and search filters are not supported.');
  }
  let minimum = filter.minDifficultyLevel ?? null;
  let maximum = filter.maxDifficultyLevel ?? null;
  const group = { BEGINNER: [1, 3], INTERMEDIATE: [4, 7], ADVANCED: [8, 10] }[filter.difficulty];
  if (group) {
    minimum = Math.max(minimum ?? group[0], group[0]);
    maximum = Math.min(maximum ?? group[1], group[1]);
  }
  const conditions = ['is_active', 'user_id IS NULL'];
  const parameters = [];
  const require = (condition, value) => {
    if (value == null) return;
    conditions.push(condition);
    parameters.push(value);
  };
  require("instrument IN (?, 'both')", lower(filter.instrument));
  require('difficulty_level >= ?', minimum);
  require('difficulty_level <= ?', maximum);
  require('style_period = ?', lower(filter.stylePeriod));
  require('grade_level = ? COLLATE NOCASE', filter.gradeLevel);
  require('source_type = ?', lower(filter.sourceType));
  for (const tag of filter.tags ?? []) require('EXISTS (SELECT 1 FROM json_each(sheet_music.tags) WHERE value = ?)', tag.toLowerCase());
  return { condition: conditions.join(' AND '), parameters };
}

const SESSION_COLUMNS = `id, user_id, instrument, sheet_music_id, session_type, status, start_time, paused_at, end_time,
  paused_seconds, duration_seconds, notes_attempted, notes_correct, accuracy_percentage, total_exercises,
  completed_exercises, notes, session_date, last_activity_at, created_at, updated_at, create_hash`;

const session = (dataKey) => (row) => ({
  id: row[0], userId: row[1], instrument: upper(row[2] ?? 'piano'), sheetMusicId: row[3],
  sessionType: row[4] === 'guided' ? 'GUIDED_PRACTICE' : upper(row[4] ?? 'free_practice'), status: upper(row[5] ?? 'completed'),
  startedAt: row[6], pausedAt: row[7], completedAt: row[8], pausedDuration: row[9] ?? 0, durationSeconds: row[10],
  notesAttempted: row[11] ?? 0, notesCorrect: row[12] ?? 0, accuracy: row[13], totalExercises: row[14] ?? 0,
  completedExercises: row[15] ?? 0, notes: row[16] == null ? null : open(dataKey, row[16], 'practice_sessions.notes'),
  updatedAt: row[20],
});

const LOG_COLUMNS = `id, user_id, session_id, sheet_music_id, activity_type, instrument, start_time, end_time, duration_seconds,
  composer, work_title, opus_number, movement_section, tempo_practiced, target_tempo, focus_areas, self_rating,
  accuracy_percentage, notes_played, notes_correct, practice_notes, audio_recording_url, created_at, updated_at,
  create_hash, local_day`;

const practiceLog = (dataKey) => (row) => {
  let focusAreas = [];
  try {
    focusAreas = (JSON.parse(row[15] ?? '[]') ?? []).filter((area) => typeof area === 'string').map(upper);
  } catch {
    // Unreadable focus areas read as none.
  }
  return {
    id: row[0], sessionId: row[2], sheetMusicId: row[3], activityType: upper(row[4] ?? 'repertoire'), instrument: upper(row[5] ?? 'piano'),
    startedAt: row[6], endedAt: row[7], durationSeconds: row[8], composer: row[9], workTitle: row[10], opusNumber: row[11],
    movementSection: row[12], tempoPracticed: row[13], targetTempo: row[14], focusAreas, selfRating: row[16], accuracy: row[17],
    notesPlayed: row[18], notesCorrect: row[19],
    practiceNotes: row[20] == null ? null : open(dataKey, row[20], 'practice_logs.practice_notes'),
    audioRecordingUrl: row[21], createdAt: row[22], updatedAt: row[23],
  };
};

// A per-request batch loader (KeyedLoader.swift): keys primed by a list, all loaded in one
// statement when the first item asks.
export function keyedLoader(load) {
  const cache = new Map();
  const pending = new Set();
  return {
    prime(keys) {
      for (const key of keys) if (!cache.has(key)) pending.add(key);
    },
    value(key) {
      if (!cache.has(key)) {
        pending.add(key);
        const batch = [...pending].sort();
        pending.clear();
        const found = load(batch);
        for (const id of batch) cache.set(id, found.get(id));
      }
      return cache.get(key);
    },
  };
}

// The logs of sessions, oldest first, grouped by session, for one user (LogStore.logs(sessionIDs:)).
export function sessionLogsLoader(db, dataKey, viewer) {
  return keyedLoader((ids) => {
    const found = new Map(ids.map((id) => [id, []]));
    const rows = db.all(`SELECT ${LOG_COLUMNS} FROM practice_logs
      WHERE +user_id = ? AND session_id IN (SELECT value FROM json_each(?)) ORDER BY start_time, id`,
    [userID(viewer), JSON.stringify([...new Set(ids)])]);
    for (const row of rows) found.get(row[2])?.push(practiceLog(dataKey)(row));
    return found;
  });
}

const FOCUS_AREAS = ['accuracy', 'rhythm', 'dynamics', 'articulation', 'memorization', 'tempo', 'phrasing', 'fingering', 'tone', 'pedaling'];
const RANGES = [['durationSeconds', 0, 86_400], ['tempoPracticed', 1, 400], ['targetTempo', 1, 400], ['selfRating', 1, 10]];
const invalid = (field, message) => new APIError('BAD_USER_INPUT', message, { field });

// Records a standalone log with its derived data in one transaction (LogService.create). Logs
// in a session, from a template, of a catalogue piece or with a client id need more of the
// project's rules than the benchmark uses; the peer refuses them.
function createPracticeLog(context, input) {
  const { db, dataKey } = context.services;
  const owner = userID(context.viewer);
  for (const field of ['id', 'sessionId', 'templateId', 'sheetMusicId']) {
    if (input[field] != null) throw new APIError('NOT_IMPLEMENTED', `The benchmark peer does not take input.${field}.`);
  }
  const requestHash = sha256Hex(canonicalJSON(input));
  return db.transaction(() => {
    const now = Date.now();
    if (input.activityType == null) throw invalid('input.activityType', 'activityType is required (directly or from the template).');
    const account = findUser(db, owner);
    const duration = input.durationSeconds ?? 0;
    const start = input.startedAt != null ? Date.parse(input.startedAt) : now - duration * 1000;
    // An end the client did not give follows from the start and the duration.
    let end = duration > 0 ? start + duration * 1000 : null;
    if (input.endedAt !== undefined) end = input.endedAt === null ? null : Date.parse(input.endedAt);
    const log = {
      id: nanoid(), userID: owner, activityType: lower(input.activityType),
      instrument: lower(input.instrument) ?? lower(account?.primaryInstrument) ?? 'piano', startedAt: start, endedAt: end,
      durationSeconds: input.durationSeconds ?? null, composer: input.composer ?? null, workTitle: input.workTitle ?? null,
      opusNumber: input.opusNumber ?? null, movementSection: input.movementSection ?? null, tempoPracticed: input.tempoPracticed ?? null,
      targetTempo: input.targetTempo ?? null, focusAreas: (input.focusAreas ?? []).map(lower), selfRating: input.selfRating ?? null,
      accuracy: input.accuracy ?? null, notesPlayed: input.notesPlayed ?? null, notesCorrect: input.notesCorrect ?? null,
      practiceNotes: input.notes ?? null, audioRecordingUrl: input.audioRecordingUrl ?? null,
    };
    const unknownArea = log.focusAreas.find((area) => !FOCUS_AREAS.includes(area));
    if (unknownArea !== undefined) throw invalid('input.focusAreas', `"${unknownArea.slice(0, 40)}" is not a focus area.`);
    if (input.durationSeconds === null) throw invalid('input.durationSeconds', 'durationSeconds cannot be removed.');
    // Counted notes give the accuracy when the client did not state one.
    const counted = log.notesPlayed > 0 && log.notesCorrect != null && log.notesCorrect >= 0 && log.notesCorrect <= log.notesPlayed;
    if (input.accuracy === undefined && counted) {
      log.accuracy = Math.round((log.notesCorrect / log.notesPlayed) * 10_000) / 100;
    }
    for (const [field, low, high] of RANGES) {
      if (log[field] != null && (log[field] < low || log[field] > high)) {
        throw invalid(`input.${field}`, `${field} must be between ${low} and ${high}.`);
      }
    }
    if (log.accuracy != null && !(log.accuracy >= 0 && log.accuracy <= 100)) throw invalid('input.accuracy', 'accuracy must be between 0 and 100.');
    if (log.endedAt != null && !(log.endedAt > log.startedAt)) throw invalid('input.endedAt', 'endedAt must be after startedAt.');
    if (log.startedAt > now + 300_000) throw invalid('input.startedAt', 'startedAt must not be in the future.');
    log.localDay = dayText(localDay(log.startedAt, account?.timeZone ?? 'UTC'));
    db.run(`INSERT INTO practice_logs (${LOG_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      log.id, owner, null, null, log.activityType, log.instrument, iso(log.startedAt), log.endedAt == null ? null : iso(log.endedAt),
      log.durationSeconds, log.composer, log.workTitle, log.opusNumber, log.movementSection, log.tempoPracticed, log.targetTempo,
      JSON.stringify(log.focusAreas), log.selfRating, log.accuracy, log.notesPlayed, log.notesCorrect,
      log.practiceNotes == null ? null : seal(dataKey, log.practiceNotes, 'practice_logs.practice_notes'), log.audioRecordingUrl,
      iso(now), iso(now), requestHash, log.localDay]);
    logCreated(db, log, now, (id) => findUser(db, id));
    return { ...log, activityType: upper(log.activityType), instrument: upper(log.instrument), focusAreas: log.focusAreas.map(upper),
      startedAt: iso(log.startedAt),
      endedAt: log.endedAt == null ? null : iso(log.endedAt), createdAt: iso(now), updatedAt: iso(now) };
  });
}

// Sessions left open past the limit are closed before a list is read; the project looks at the
// open sessions first and takes the write lock only when one is stale, and so does the peer
// (closing one is not part of the benchmark: its sessions are all completed, so the peer only looks).
function closeStale(db, owner) {
  for (const instrument of ['piano', 'guitar']) {
    db.first(`SELECT ${SESSION_COLUMNS} FROM practice_sessions WHERE user_id = ? AND instrument = ? AND status IN ('in_progress', 'paused')`,
      [owner, instrument]);
  }
}

export const rootValue = {
  me(_, context) {
    if (context.viewer.kind === 'anonymous') return null;
    return findUser(context.services.db, userID(context.viewer));
  },

  listSheetMusic(args, context) {
    const { db, kv, memory, cursors } = context.services;
    const filter = sheetFilter(args.filter ?? {});
    const [limit, start] = pageStart(args, 'sheetMusic', 4, cursors);
    const place = start.after ? `k${sha256Hex(canonicalJSON(start.after)).slice(0, 22)}` : `o${start.offset}`;
    const [revision] = db.first('SELECT revision FROM catalogue_revision') ?? [0];
    const key = `sheet:${revision}:list:${sha256Hex(canonicalJSON(filter)).slice(0, 22)}:${limit}:${place}`;
    const result = cachedValue(kv, memory, key, 3600, context.now, () => page(db, {
      columns: SHEET_COLUMNS, table: 'sheet_music', ...filter, order: ['title_key', 'title', "coalesce(composer, '')", 'id'], descending: false,
      start, limit, map: piece,
    }));
    return connection(result, 'sheetMusic', cursors);
  },

  myPracticeSessions(args, context) {
    const { db, dataKey, cursors } = context.services;
    const owner = userID(context.viewer);
    const [limit, start] = pageStart(args, 'practiceSessions', 2, cursors);
    closeStale(db, owner);
    let condition = 'user_id = ?';
    const parameters = [owner];
    if (args.instrument != null) { condition += ' AND instrument = ?'; parameters.push(lower(args.instrument)); }
    if (args.from != null) { condition += ' AND start_time >= ?'; parameters.push(args.from); }
    if (args.to != null) { condition += ' AND start_time < ?'; parameters.push(args.to); }
    const result = page(db, { columns: SESSION_COLUMNS, table: 'practice_sessions', condition, parameters, order: ['start_time', 'id'],
      descending: true, start, limit, map: session(dataKey) });
    context.sessionLogs.prime(result.items.map((item) => item.id));
    return connection(result, 'practiceSessions', cursors);
  },

  myProgress(args, context) {
    const { db, kv, memory } = context.services;
    const owner = userID(context.viewer);
    const account = findUser(db, owner);
    if (!account) throw new APIError('NOT_FOUND', 'The account no longer exists.');
    const instrument = lower(args.instrument ?? account.primaryInstrument);
    const today = localDay(context.now, account.timeZone);
    const [revision] = db.first('SELECT revision FROM progress_revisions WHERE user_id = ?', [owner]) ?? [0];
    return cachedValue(kv, memory, `progress:${owner}:${instrument}:${dayText(today)}:${revision}`, 300, context.now,
      () => overview(db, owner, instrument, today));
  },

  createPracticeLog(args, context) {
    return createPracticeLog(context, args.input);
  },
};

// Fields whose value is not a property of the object their parent resolved to.
export const fieldResolvers = {
  PracticeSession: { logs: (parent, _, context) => context.sessionLogs.value(parent.id) ?? [] },
  ProgressOverview: { level: (parent) => levelFor(parent.experiencePoints) },
};
