// The app shell: a router over the views, the bottom tab bar, the connection and sync status
// line, the service worker that serves the shell offline, live achievement announcements, and
// the device's time zone kept in step with the profile.
import { request, subscribe } from './api.js';
import { TEACHES_KEY, signedIn } from './auth.js';
import * as sync from './sync.js';

const ROUTES = [
  [/^\/$/, 'mb-today'], [/^\/practice$/, 'mb-practice'], [/^\/catalogue$/, 'mb-catalogue'], [/^\/piece\/[^/]+$/, 'mb-piece'],
  [/^\/logbook$/, 'mb-logbook'], [/^\/repertoire$/, 'mb-repertoire'], [/^\/progress$/, 'mb-progress'],
  [/^\/(settings|account)$/, 'mb-account'], [/^\/plan$/, 'mb-plan'], [/^\/teaching$/, 'mb-teaching'], [/^\/students\/[^/]+$/, 'mb-student'],
];
/**
 * Each view's module, loaded when its route is first shown: a first visit fetches the shell and
 * the one view it opens on (index.html preloads those of Today and sign-in), not every view.
 */
const MODULES = {
  'mb-today': './views/today.js', 'mb-practice': './views/practice.js', 'mb-catalogue': './views/catalogue.js', 'mb-piece': './views/piece.js',
  'mb-logbook': './views/logbook.js', 'mb-repertoire': './views/repertoire.js', 'mb-progress': './views/progress.js',
  'mb-account': './views/account.js', 'mb-signin': './views/signin.js', 'mb-plan': './views/plan.js',
  'mb-teaching': './views/teaching.js', 'mb-student': './views/student.js',
};
const PUBLIC = new Set(['mb-catalogue', 'mb-piece']);
/** Which tab a page belongs to, for pages the tab bar does not name. */
const TAB_OF = { '/catalogue': '/repertoire', '/piece': '/repertoire', '/plan': '/', '/students': '/teaching' };

async function route() {
  const main = document.querySelector('main');
  let view = ROUTES.find(([pattern]) => pattern.test(location.pathname))?.[1] ?? 'mb-today';
  if (location.pathname === '/auth/verify' || (!signedIn() && !PUBLIC.has(view))) view = 'mb-signin';
  const path = location.pathname;
  await import(MODULES[view]);
  // A later navigation won while this view's module loaded.
  if (location.pathname !== path) return;
  main.replaceChildren(document.createElement(view));
  const tab = TAB_OF[location.pathname.replace(/^(\/piece|\/students)\/.*$/, '$1')] ?? location.pathname;
  for (const link of document.querySelectorAll('nav a, #settings-link, #students-link')) {
    if (link.getAttribute('href') === tab || (link.id === 'settings-link' && view === 'mb-account')) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.querySelector('nav').hidden = !signedIn();
  document.querySelector('#settings-link').hidden = !signedIn();
  // A teacher's students are a tap away from every page (Teaching notes that there are some).
  document.querySelector('#students-link').hidden = !signedIn() || localStorage.getItem(TEACHES_KEY) !== '1';
  document.body.classList.toggle('with-tabs', signedIn());
  main.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

async function status() {
  const line = document.querySelector('#connection');
  const pending = signedIn() ? await sync.queued() : 0;
  const busy = sync.busyUntil > Date.now();
  line.textContent = sync.offline ? `Offline${pending ? ` · ${pending} waiting to sync` : ''}`
    : busy && pending ? `${pending} waiting · the server is busy, retrying in ${Math.ceil((sync.busyUntil - Date.now()) / 1000)} s`
      : pending ? `Syncing ${pending}…` : '';
  line.className = sync.offline || (busy && pending) ? 'offline' : '';
}

function announce(text) {
  const toast = document.querySelector('#toast');
  toast.textContent = text;
  toast.hidden = false;
  clearTimeout(announce.timer);
  announce.timer = setTimeout(() => { toast.hidden = true; }, 8000);
}

let stream = null;

/**
 * Keeps an `achievementUnlocked` stream open while signed in and the page is shown, reconnecting
 * after a pause. A page put in the back/forward cache closes its stream (`pagehide`), so hidden
 * pages never hold the browser's few connections to the host.
 */
async function listen() {
  if (stream || !signedIn() || document.visibilityState === 'hidden') return;
  const controller = new AbortController();
  stream = controller;
  const { signal } = controller;
  while (!signal.aborted && signedIn()) {
    try {
      await subscribe('AchievementUnlocked', {}, (data) => announce(`Achievement unlocked: ${data.achievementUnlocked.title}`), signal);
    } catch {
      // Offline, signed out or the stream was closed by the server: try again shortly.
    }
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
  if (stream === controller) stream = null;
}

function stopListening() {
  stream?.abort();
  stream = null;
}

/**
 * The profile's time zone follows the device's: set at the first sign-in (the profile starts as
 * UTC), offered on Today when the device moves (`mirubato:timezone`).
 */
async function checkTimeZone() {
  if (!signedIn() || !navigator.onLine) return;
  const device = Intl.DateTimeFormat().resolvedOptions().timeZone;
  try {
    const { me } = await request('Me');
    if (!me || me.preferences.timeZone === device) return;
    if (me.preferences.timeZone === 'UTC' && !localStorage.getItem('mirubato.timezone-set')) {
      await request('UpdateUser', { input: { preferences: { timeZone: device } } });
      localStorage.setItem('mirubato.timezone-set', device);
    } else {
      window.dispatchEvent(new CustomEvent('mirubato:timezone', { detail: { device, profile: me.preferences.timeZone } }));
      sessionStorage.setItem('mirubato.timezone-offer', JSON.stringify({ device, profile: me.preferences.timeZone }));
    }
  } catch {
    // Offline or busy: the next start checks again.
  }
}

document.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-link], nav a');
  if (!link || link.origin !== location.origin || event.metaKey || event.ctrlKey) return;
  event.preventDefault();
  if (link.getAttribute('href') !== location.pathname + location.search) history.pushState(null, '', link.getAttribute('href'));
  route();
});
window.addEventListener('popstate', route);
window.addEventListener('mirubato:navigate', route);
window.addEventListener('mirubato:auth', () => { status(); if (signedIn()) { listen(); checkTimeZone(); } else stopListening(); });
window.addEventListener('mirubato:announce', (event) => announce(event.detail));
document.querySelector('#toast').addEventListener('click', (event) => { event.currentTarget.hidden = true; });
window.addEventListener('pagehide', stopListening);
window.addEventListener('pageshow', (event) => { if (event.persisted) { listen(); sync.flush(); } });
document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') listen(); });
sync.onChange(status);
// What the browser test reads as time to interactive: the first view is in place and wired.
route().then(() => performance.mark('mirubato:interactive'));
status();
if (signedIn()) {
  sync.flush();
  listen();
  checkTimeZone();
}
setInterval(() => { if (signedIn()) sync.flush(); }, 15_000);
setInterval(() => { if (sync.busyUntil > Date.now()) status(); }, 1000);
if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js');
