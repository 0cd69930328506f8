// Settings: the profile (name, primary instrument, time zone, daily goal, notation size,
// reminders with a test-send), the way to Teaching, the private calendar feed (copy, new URL, off), then the data
// (export to a zip archive with the recordings, import one back, or an older JSON export),
// sign-out and account deletion.
import { OfflineError, download, request } from '../api.js';
import { clearTokens, tokens } from '../auth.js';
import * as db from '../db.js';
import { html, label, plural } from '../format.js';
import * as sync from '../sync.js';
import './templates.js';

const ZONES = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

class AccountView extends HTMLElement {
  async connectedCallback() {
    const user = tokens()?.user;
    this.innerHTML = html`
      <section class="card" aria-labelledby="settings-title">
        <h1 id="settings-title">Settings</h1>
        <p class="meta">Signed in as <strong>${user?.email ?? ''}</strong>.</p>
        <form id="profile">
          <label for="name">Name</label>
          <input id="name" maxlength="100" autocomplete="name" placeholder="How the app greets you">
          <label for="instrument">Main instrument</label>
          <select id="instrument">${['PIANO', 'GUITAR'].map((i) => html`<option value="${i}">${label(i)}</option>`)}</select>
          <p class="hint">Today, Practice and Progress open on it; the other is a tap away.</p>
          <label for="zone">Time zone</label>
          <select id="zone">${ZONES.map((zone) => html`<option value="${zone}">${zone.replaceAll('_', ' ')}</option>`)}</select>
          <p class="hint">Days, streaks and goals are counted in it. This device is in ${Intl.DateTimeFormat().resolvedOptions().timeZone}.</p>
          <label for="goal">Daily goal, minutes</label>
          <input id="goal" type="number" min="1" max="1440" required inputmode="numeric">
          <label for="notation">Notation size</label>
          <select id="notation">${['SMALL', 'MEDIUM', 'LARGE'].map((s) => html`<option value="${s}">${label(s)}</option>`)}</select>
          <fieldset><legend>Reminders</legend>
            <label class="check"><input id="reminders" type="checkbox"> Remind me to practise</label>
            <label for="reminder-time">At</label>
            <input id="reminder-time" type="time">
            <p class="hint">An e-mail at this time on days you have not practised yet, with the day's plan and your streak.
              Every reminder has a link that turns them off.</p>
            <button type="button" id="test-reminder" class="secondary">Send a test reminder</button>
          </fieldset>
          <button type="submit">Save the settings</button>
        </form>
        <p role="status" id="profile-status" aria-live="polite"></p>
      </section>
      <section class="card" aria-labelledby="teaching-title">
        <h2 id="teaching-title">Teachers and students</h2>
        <p>Share your practice with a teacher, choosing what they see; or, as a teacher, follow your students and assign them practice.</p>
        <a class="button secondary" href="/teaching" data-link>Open Teaching</a>
      </section>
      <section class="card" aria-labelledby="calendar-title">
        <h2 id="calendar-title">Calendar</h2>
        <p>Your plan for the next 8 weeks and what you practised, in Google Calendar, Apple Calendar or Thunderbird:
          subscribe to a private address (in Google Calendar: Other calendars, From URL).</p>
        <div id="calendar"></div>
        <p role="status" id="calendar-status" aria-live="polite"></p>
      </section>
      <mb-templates></mb-templates>
      <section class="card" aria-labelledby="data-title">
        <h2 id="data-title">Your data</h2>
        <p>Everything you stored, your recordings included, as one zip file; importing it into this or another account adds what is missing.</p>
        <div class="actions">
          <button id="export" type="button" class="secondary">Export my data</button>
          <label class="button secondary file-button" for="import-file">Import a file</label>
          <input id="import-file" type="file" accept="application/zip,.zip,application/json,.json" class="visually-hidden">
        </div>
        <p role="status" id="status" aria-live="polite"></p>
        <button id="signout" type="button">Sign out</button>
      </section>
      <section class="card danger">
        <h2>Delete the account</h2>
        <p>Removes every session, log, piece and setting for good.</p>
        <label class="check"><input id="confirm" type="checkbox"> I understand this cannot be undone</label>
        <button id="delete" type="button" class="danger" disabled>Delete my account</button>
      </section>`;
    this.querySelector('#profile').addEventListener('submit', (event) => this.save(event));
    this.querySelector('#export').addEventListener('click', () => this.export());
    this.querySelector('#import-file').addEventListener('change', (event) => this.import(event.target.files[0]));
    this.querySelector('#signout').addEventListener('click', () => this.signOut('Logout'));
    this.querySelector('#confirm').addEventListener('change', (e) => { this.querySelector('#delete').disabled = !e.target.checked; });
    this.querySelector('#delete').addEventListener('click', () => this.signOut('DeleteAccount'));
    this.querySelector('#test-reminder').addEventListener('click', () => this.testReminder());
    this.querySelector('#reminders').addEventListener('change', (e) => { this.querySelector('#reminder-time').required = e.target.checked; });
    this.loadCalendar();
    const { value: me, error } = await sync.readThrough('profile', async () => (await request('Me')).me);
    if (me) this.fill(me);
    if (error) this.profileStatus(error instanceof OfflineError ? 'Offline: your settings as last seen; saving needs the network.' : error.message);
  }

  fill(me) {
    this.querySelector('#name').value = me.displayName ?? '';
    this.querySelector('#instrument').value = me.primaryInstrument;
    const zone = this.querySelector('#zone');
    if (![...zone.options].some((o) => o.value === me.preferences.timeZone)) zone.add(new Option(me.preferences.timeZone, me.preferences.timeZone));
    zone.value = me.preferences.timeZone;
    this.querySelector('#goal').value = me.preferences.dailyGoalMinutes;
    this.querySelector('#notation').value = me.preferences.notationSize;
    this.querySelector('#reminders').checked = me.preferences.practiceReminders;
    this.querySelector('#reminder-time').value = me.preferences.reminderTime ?? '';
    this.querySelector('#reminder-time').required = me.preferences.practiceReminders;
  }

  async testReminder() {
    try {
      const { sendTestReminder } = await request('SendTestReminder');
      this.profileStatus(sendTestReminder.message);
    } catch (error) {
      this.profileStatus(error instanceof OfflineError ? 'Offline: a test reminder needs the network.' : error.message);
    }
  }

  async loadCalendar() {
    try {
      this.renderCalendar((await request('CalendarFeed')).myCalendarFeed);
    } catch (error) {
      this.calendarStatus(error instanceof OfflineError ? 'Offline: the calendar address shows with the network.' : error.message);
    }
  }

  /** Off: one button. On: the address to copy, a new address (the old one stops), and off. */
  renderCalendar(feed) {
    const box = this.querySelector('#calendar');
    if (!feed) {
      box.innerHTML = html`<button type="button" id="calendar-on">Get a calendar address</button>`;
      box.querySelector('#calendar-on').addEventListener('click', () => this.calendarAction('EnableCalendarFeed', 'Your calendar address is ready: copy it into your calendar app.'));
      return;
    }
    box.innerHTML = html`
      <label for="calendar-url">Your private address</label>
      <div class="search-row"><input id="calendar-url" readonly value="${feed.url}"><button type="button" id="calendar-copy">Copy</button></div>
      <p class="hint">Anyone with this address can see your plan: keep it to yourself. A new address stops the old one.</p>
      <div class="actions">
        <button type="button" class="secondary" id="calendar-new">Make a new address</button>
        <button type="button" class="secondary destructive" id="calendar-off">Turn off</button>
      </div>`;
    box.querySelector('#calendar-copy').addEventListener('click', async () => {
      const field = box.querySelector('#calendar-url');
      field.select();
      try {
        await navigator.clipboard.writeText(field.value);
        this.calendarStatus('Copied.');
      } catch {
        this.calendarStatus('Selected: copy it with your keyboard or the menu.');
      }
    });
    box.querySelector('#calendar-new').addEventListener('click', () => this.calendarAction('EnableCalendarFeed', 'A new address: the old one no longer works. Update your calendar app.'));
    box.querySelector('#calendar-off').addEventListener('click', () => this.calendarAction('RevokeCalendarFeed', 'The calendar address is off.'));
  }

  async calendarAction(operation, done) {
    try {
      const data = await request(operation);
      this.renderCalendar(data.enableCalendarFeed ?? null);
      this.calendarStatus(done);
    } catch (error) {
      this.calendarStatus(error instanceof OfflineError ? 'Offline: try again with the network.' : error.message);
    }
  }

  calendarStatus(text) {
    this.querySelector('#calendar-status').textContent = text;
  }

  async save(event) {
    event.preventDefault();
    const value = (id) => this.querySelector(`#${id}`).value.trim();
    const input = {
      displayName: value('name') || null, primaryInstrument: value('instrument'),
      preferences: {
        timeZone: value('zone'), dailyGoalMinutes: Number(value('goal')), notationSize: value('notation'),
        practiceReminders: this.querySelector('#reminders').checked, reminderTime: value('reminder-time') || null,
      },
    };
    try {
      const { updateUser } = await request('UpdateUser', { input });
      await sync.keepProfile(updateUser);
      await db.remove('values', 'today');
      sessionStorage.removeItem('mirubato.timezone-offer');
      this.fill(updateUser);
      this.profileStatus('Saved.');
    } catch (error) {
      this.profileStatus(error instanceof OfflineError ? 'Not saved: settings need the network.' : `Not saved: ${error.message}`);
    }
  }

  async export() {
    try {
      const archive = await download('/export.zip');
      const link = document.createElement('a');
      link.href = URL.createObjectURL(archive);
      link.download = `mirubato-export-${new Date().toISOString().slice(0, 10)}.zip`;
      link.click();
      URL.revokeObjectURL(link.href);
      const logs = (await sync.logs()).filter((log) => !log.pending);
      const takes = logs.reduce((sum, log) => sum + (log.recordings?.length ?? 0), 0);
      this.status(`Exported ${plural(logs.length, 'log', 'logs')} and ${plural(takes, 'recording', 'recordings')}, with everything else you stored, to ${link.download}.`);
    } catch (error) {
      this.status(`The export needs the network: ${error.message}`);
    }
  }

  /** Reads back an export: the zip archive (with recordings), or the JSON document alone. */
  async import(file) {
    if (!file) return;
    try {
      if (/\.zip$/i.test(file.name) || file.type === 'application/zip') {
        const { importMyArchive } = await request('ImportMyArchive', {}, file);
        this.status(`Imported ${plural(importMyArchive.imported, 'record', 'records')}; ${importMyArchive.skipped} already here.`);
        await sync.pull();
        return;
      }
    } catch (error) {
      this.status(`Nothing imported: ${error.message}`);
      return;
    }
    let document;
    try {
      document = JSON.parse(await file.text());
    } catch {
      this.status(`${file.name} is not a Mirubato export (neither its zip nor JSON).`);
      return;
    }
    try {
      const { importMyData } = await request('ImportMyData', { document });
      this.status(`Imported ${plural(importMyData.imported, 'record', 'records')}; ${importMyData.skipped} already here.`);
      await sync.pull();
    } catch (error) {
      this.status(`Nothing imported: ${error.message}`);
    }
  }

  async signOut(operation) {
    try {
      await request(operation);
    } catch (error) {
      if (operation === 'DeleteAccount') {
        this.status(`Not deleted: ${error.message}`);
        return;
      }
      // Signing out offline still forgets the tokens here; the session ends when they expire.
    }
    await db.clear();
    clearTokens();
    history.replaceState(null, '', '/');
    window.dispatchEvent(new Event('mirubato:navigate'));
  }

  status(text) {
    this.querySelector('#status').textContent = text;
  }

  profileStatus(text) {
    this.querySelector('#profile-status').textContent = text;
  }
}

customElements.define('mb-account', AccountView);
