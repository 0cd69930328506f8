// The app shell: a router over the views, the connection and sync status line, the service
// worker that serves the shell offline, and live achievement announcements.
import { preloadOperations, subscribe } from './api.js';
import { signedIn } from './auth.js';
import * as sync from './sync.js';
import './views/account.js';
import './views/catalogue.js';
import './views/logbook.js';
import './views/piece.js';
import './views/practice.js';
import './views/progress.js';
import './views/repertoire.js';
import './views/signin.js';

const ROUTES = [
  [/^\/$/, 'mb-practice'], [/^\/catalogue$/, 'mb-catalogue'], [/^\/piece\/[^/]+$/, 'mb-piece'],
  [/^\/logbook$/, 'mb-logbook'], [/^\/repertoire$/, 'mb-repertoire'], [/^\/progress$/, 'mb-progress'], [/^\/account$/, 'mb-account'],
];
const PUBLIC = new Set(['mb-catalogue', 'mb-piece']);

function route() {
  const main = document.querySelector('main');
  let view = ROUTES.find(([pattern]) => pattern.test(location.pathname))?.[1] ?? 'mb-practice';
  if (location.pathname === '/auth/verify' || (!signedIn() && !PUBLIC.has(view))) view = 'mb-signin';
  main.replaceChildren(document.createElement(view));
  for (const link of document.querySelectorAll('nav a')) {
    link.toggleAttribute('aria-current', link.getAttribute('href') === location.pathname);
  }
  document.querySelector('nav').hidden = !signedIn();
  main.focus({ preventScroll: true });
}

async function status() {
  const line = document.querySelector('#connection');
  const pending = signedIn() ? await sync.queued() : 0;
  line.textContent = sync.offline ? `Offline${pending ? ` · ${pending} waiting to sync` : ''}` : pending ? `Syncing ${pending}…` : '';
  line.className = sync.offline ? 'offline' : '';
}

function announce(text) {
  const toast = document.querySelector('#toast');
  toast.textContent = text;
  toast.hidden = false;
  setTimeout(() => { toast.hidden = true; }, 8000);
}

let stream = null;

/** Keeps an `achievementUnlocked` stream open while signed in, reconnecting after a pause. */
async function listen() {
  if (stream || !signedIn()) return;
  stream = new AbortController();
  const { signal } = stream;
  while (!signal.aborted && signedIn()) {
    try {
      await subscribe('AchievementUnlocked', {}, (data) => announce(`Achievement unlocked: ${data.achievementUnlocked.title}`), signal);
    } catch {
      // Offline, signed out or the stream was closed by the server: try again shortly.
    }
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
  stream = null;
}

document.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-link], nav a');
  if (!link || link.origin !== location.origin || event.metaKey || event.ctrlKey) return;
  event.preventDefault();
  history.pushState(null, '', link.getAttribute('href'));
  route();
});
window.addEventListener('popstate', route);
window.addEventListener('mirubato:navigate', route);
window.addEventListener('mirubato:auth', () => { status(); listen(); });
sync.onChange(status);
route();
// What the browser test reads as time to interactive: the first view is in place and wired.
performance.mark('mirubato:interactive');
status();
if (signedIn()) {
  sync.flush();
  listen();
}
setInterval(() => { if (signedIn()) sync.flush(); }, 30_000);
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').then(() => preloadOperations());
}
