// The device's own copy of the account in IndexedDB: records from the change feed, the queue of
// writes not yet sent, conflicts to show, and small saved values (the feed cursor, last answers).
const NAME = 'mirubato';
const STORES = ['records', 'queue', 'conflicts', 'values'];
let opening = null;

function open() {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(NAME, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore('records');
      db.createObjectStore('queue', { keyPath: 'seq', autoIncrement: true });
      db.createObjectStore('conflicts', { keyPath: 'seq' });
      db.createObjectStore('values');
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opening;
}

function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function store(name, mode = 'readonly') {
  return (await open()).transaction(name, mode).objectStore(name);
}

/** The value under `key` in `name`, or undefined. */
export async function get(name, key) { return done((await store(name)).get(key)); }
/** Every value of `name`, in key order. */
export async function all(name) { return done((await store(name)).getAll()); }
/** Writes `value` (under `key` for stores without a key path); answers the key. */
export async function put(name, value, key) {
  const target = await store(name, 'readwrite');
  return done(key === undefined ? target.put(value) : target.put(value, key));
}
/** Removes `key` from `name`. */
export async function remove(name, key) { return done((await store(name, 'readwrite')).delete(key)); }
/** Empties every store (sign-out, a deleted account, a full resync). */
export async function clear(names = STORES) {
  for (const name of names) await done((await store(name, 'readwrite')).clear());
}
