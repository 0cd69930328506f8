// The service worker: the app shell (pages, scripts, styles, operations) from its cache first,
// refreshed from the network when it answers, so the app opens offline. The API (/graphql) is
// never served from here: its reads are the views' to cache and its writes the queue's; nor are
// recordings (their links are signed, and players ask for byte ranges a cache cannot answer).
const CACHE = 'mirubato-shell-v14';
const SHELL = ['/', '/app.css', '/manifest.webmanifest', '/js/main.js', '/js/api.js', '/js/auth.js', '/js/db.js', '/js/ids.js',
  '/js/operations.js', '/js/sync.js', '/js/format.js', '/js/notation.js', '/js/charts.js', '/js/views/account.js', '/js/views/catalogue.js',
  '/js/views/logbook.js', '/js/views/piece.js', '/js/views/practice.js', '/js/views/progress.js', '/js/views/repertoire.js', '/js/views/signin.js',
  '/js/views/today.js', '/js/metronome.js', '/js/views/metronome.js', '/js/views/templates.js', '/js/plan.js', '/js/views/plan.js',
  '/js/views/teaching.js', '/js/views/student.js', '/js/recorder.js', '/js/players.js'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin || url.pathname.startsWith('/graphql')
    || url.pathname.startsWith('/recordings/')) return;
  // Every route of the app is the same page.
  const key = event.request.mode === 'navigate' ? '/' : url.pathname;
  event.respondWith(caches.open(CACHE).then(async (cache) => {
    const cached = await cache.match(key);
    const fresh = fetch(event.request).then((response) => {
      if (response.ok) cache.put(key, response.clone());
      return response;
    });
    if (cached) {
      fresh.catch(() => null);
      return cached;
    }
    return fresh;
  }));
});
