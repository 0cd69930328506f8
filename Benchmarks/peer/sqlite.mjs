// The SQLite side of the peer: one connection per file and worker, opened the way the project's
// `Database` opens its files, and the KV file with its rate limits and cached values.
import { DatabaseSync } from 'node:sqlite';

// node:sqlite binds every JS number as a REAL; the project binds whole numbers as INTEGER. A
// REAL changes what `CAST(? AS TEXT)` gives and what TEXT columns store, so whole numbers go
// in as BigInt (bound as INTEGER) and `undefined` as NULL.
const bindable = (value) => (value === undefined ? null : Number.isInteger(value) ? BigInt(value) : value);

export class Database {
  constructor(path) {
    this.connection = new DatabaseSync(path);
    // The project's pragmas: foreign keys, NORMAL sync in WAL mode (durable across crashes,
    // may lose the last transactions on power loss), temp tables in memory, 5 s busy wait.
    this.connection.exec(`PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;
      PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL;`);
    this.statements = new Map();
    this.depth = 0;
  }

  // Prepared once per SQL text, like the project's statement cache; rows come as arrays read by
  // column index (the project's `Row`), so repeated column names do not collide.
  statement(sql) {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.connection.prepare(sql);
      statement.setReturnArrays(true);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  all(sql, parameters = []) {
    return this.statement(sql).all(...parameters.map(bindable));
  }

  first(sql, parameters = []) {
    return this.statement(sql).get(...parameters.map(bindable));
  }

  run(sql, parameters = []) {
    return Number(this.statement(sql).run(...parameters.map(bindable)).changes);
  }

  // BEGIN IMMEDIATE (the write lock up front), a savepoint when nested: as the project does.
  transaction(body) {
    const nested = this.depth > 0;
    const name = `nested_${this.depth}`;
    this.connection.exec(nested ? `SAVEPOINT ${name}` : 'BEGIN IMMEDIATE');
    this.depth += 1;
    try {
      const result = body();
      this.connection.exec(nested ? `RELEASE ${name}` : 'COMMIT');
      return result;
    } catch (error) {
      this.connection.exec(nested ? `ROLLBACK TO ${name}; RELEASE ${name}` : 'ROLLBACK');
      throw error;
    } finally {
      this.depth -= 1;
    }
  }
}

// The KV file (KVStore.swift): the same table, the same statements.
export class KVStore {
  constructor(path) {
    this.database = new Database(path);
    this.database.connection.exec(`
      CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS idx_kv_expires ON kv(expires_at) WHERE expires_at IS NOT NULL;`);
  }

  get(key, now) {
    const row = this.database.first('SELECT value FROM kv WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)', [key, now]);
    return row ? row[0] : null;
  }

  put(key, value, ttl, now) {
    this.database.transaction(() => {
      this.database.run(
        'INSERT INTO kv (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at',
        [key, value, ttl == null ? null : now + ttl * 1000]);
      this.database.run('DELETE FROM kv WHERE key IN (SELECT key FROM kv WHERE expires_at <= ? LIMIT 64)', [now]);
    });
  }

  // Adds `amount` to a counter that lives `ttl` seconds; answers [count, expiresAt].
  increment(key, ttl, amount, now) {
    return this.database.transaction(() => {
      const row = this.database.first(`
        INSERT INTO kv (key, value, expires_at) VALUES (?, CAST(? AS TEXT), ?)
        ON CONFLICT(key) DO UPDATE SET
          value = CASE WHEN kv.expires_at IS NOT NULL AND kv.expires_at <= ? THEN excluded.value
            ELSE CAST(CAST(kv.value AS INTEGER) + CAST(excluded.value AS INTEGER) AS TEXT) END,
          expires_at = CASE WHEN kv.expires_at IS NOT NULL AND kv.expires_at <= ? THEN excluded.expires_at ELSE kv.expires_at END
        RETURNING CAST(value AS INTEGER), expires_at`, [key, amount, now + ttl * 1000, now, now]);
      return row ? [row[0] ?? 1, row[1] ?? now] : [1, now + ttl * 1000];
    });
  }
}

// An error with a GraphQL `extensions.code`, like the project's APIError.
export class APIError extends Error {
  constructor(code, message, extensions = {}) {
    super(message);
    this.extensions = { ...extensions, code };
  }
}

// Fixed-window counters in the worker's memory, as a serving process of the project counts the
// request budget (RateCounters.swift): exact within the process, no write.
export class RateCounters {
  constructor() {
    this.windows = new Map();
  }

  increment(key, ttl, amount, now) {
    let window = this.windows.get(key);
    if (!window || window.expiresAt <= now) {
      window = { count: 0, expiresAt: now + ttl * 1000 };
      this.windows.set(key, window);
    }
    window.count += amount;
    return [window.count, window.expiresAt];
  }
}

// Fixed-window limits (RateLimiter.swift) in `counters`: the KV file or the worker's memory.
export function spend(counters, bucket, subject, budget, now, units = 1) {
  const [count, expiresAt] = counters.increment(`rl:${bucket}:${subject}`, budget.windowSeconds, units, now);
  if (count > budget.limit) {
    const retryAfter = Math.max(1, Math.floor((expiresAt - now + 999) / 1000));
    throw new APIError('RATE_LIMITED', `Too many requests; try again in ${retryAfter} seconds.`, { retryAfter });
  }
}

// A bounded least-recently-used map (the project's LRUCache): a Map keeps insertion order.
export class LRU {
  constructor(capacity) {
    this.capacity = capacity;
    this.entries = new Map();
  }

  get(key) {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key, value) {
    if (this.capacity <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value);
  }
}

// Read-through cache of computed values (KVCache.swift): the worker's memory, then the KV file
// (as JSON), then `compute`, whose value is written to both.
export function cachedValue(kv, memory, key, ttl, now, compute) {
  const kept = memory.get(key);
  if (kept && kept.expiresAt > now) return kept.value;
  const expiresAt = now + ttl * 1000;
  const text = kv.get(key, now);
  if (text != null) {
    try {
      const value = JSON.parse(text);
      memory.set(key, { value, expiresAt });
      return value;
    } catch {
      // An undecodable entry falls back to computing the value.
    }
  }
  const value = compute();
  kv.put(key, JSON.stringify(value), ttl, now);
  memory.set(key, { value, expiresAt });
  return value;
}
