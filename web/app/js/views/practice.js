// Practising: the session with its running timer (computed from the server's times, so it
// survives a reload and shows the same on every device), a stopwatch per activity that fills the
// log's minutes, and the log form: short by default (activity, piece, minutes), details on demand,
// and a recording of yourself to keep with the log.
// Coming from a plan item ("Practise this"), the form is filled from it and a session starts
// (or the open one is joined), and the log names the item.
// Logs go through the queue, so they work offline; sessions need the network, because their
// times are the server's.
import { OfflineError, request } from '../api.js';
import * as db from '../db.js';
import { ACTIVITIES, FOCUS_AREAS, clock, duration, html, label } from '../format.js';
import { nanoid } from '../ids.js';
import * as sync from '../sync.js';
import '../recorder.js';
import './metronome.js';

class PracticeView extends HTMLElement {
  async connectedCallback() {
    const params = new URLSearchParams(location.search);
    this.piece = params.get('piece')
      ? { id: params.get('piece'), title: params.get('title') ?? '', instrument: params.get('instrument') } : null;
    this.defaultInstrument = params.get('instrument') ?? (await sync.profile())?.primaryInstrument ?? 'PIANO';
    this.innerHTML = html`
      <section class="card" id="session-card" aria-labelledby="session-title">
        <h1 id="session-title">Practice session</h1>
        <div id="session"></div>
        <p role="status" id="session-status" aria-live="polite"></p>
      </section>
      <mb-metronome></mb-metronome>
      <section class="card" aria-labelledby="log-title">
        <h2 id="log-title">Log an activity</h2>
        <form id="log" class="log-form">
          <label for="activity">Activity</label>
          <select id="activity" required>${ACTIVITIES.map((a) => html`<option value="${a}">${label(a)}</option>`)}</select>
          <label for="work">Piece or exercise</label>
          <div class="piece-field">
            <input id="work" list="work-suggestions" autocomplete="off"
              placeholder="e.g. C major scale, or start typing a piece's title">
            <p id="linked" class="linked" hidden></p>
          </div>
          <datalist id="work-suggestions"></datalist>
          <label for="minutes">Minutes</label>
          <div class="minutes-row">
            <input id="minutes" type="number" min="1" max="1440" required value="15" inputmode="numeric">
            <button type="button" id="stopwatch" class="secondary" aria-describedby="stopwatch-time">Start timer</button>
            <span id="stopwatch-time" class="stopwatch" aria-live="off"></span>
          </div>
          <details id="details">
            <summary>More details: tempo, rating, focus, notes</summary>
            <label for="template">Template</label>
            <select id="template"><option value="">None</option></select>
            <div class="pair">
              <div><label for="tempo">Tempo played (BPM)</label><input id="tempo" type="number" min="1" max="400" inputmode="numeric"></div>
              <div><label for="target-tempo">Target tempo (BPM)</label><input id="target-tempo" type="number" min="1" max="400" inputmode="numeric"></div>
            </div>
            <div class="pair">
              <div><label for="rating">How it went (1–10)</label><input id="rating" type="number" min="1" max="10" inputmode="numeric"></div>
              <div><label for="accuracy">Accuracy (%)</label><input id="accuracy" type="number" min="0" max="100" step="0.1" inputmode="decimal"></div>
            </div>
            <fieldset><legend>Focus</legend>
              ${FOCUS_AREAS.map((f) => html`<label class="check"><input type="checkbox" name="focus" value="${f}"> ${label(f)}</label>`)}
            </fieldset>
            <label for="notes">Notes</label>
            <textarea id="notes" rows="2" maxlength="10000"></textarea>
          </details>
          <div class="field-group"><span class="label">Recording</span><mb-recorder id="recorder"></mb-recorder></div>
          <button type="submit">Save the log</button>
        </form>
        <p role="status" id="log-status" aria-live="polite"></p>
      </section>`;
    this.querySelector('#log').addEventListener('submit', (event) => this.saveLog(event));
    this.planItem = params.get('plan') ? (await sync.planItems()).find((item) => item.id === params.get('plan')) ?? null : null;
    this.querySelector('#template').addEventListener('change', () => this.applyTemplate());
    this.querySelector('#work').addEventListener('input', () => this.suggest());
    this.querySelector('#stopwatch').addEventListener('click', () => this.toggleStopwatch());
    if (this.piece) {
      // Practising a piece is repertoire work, at its suggested tempo.
      this.querySelector('#activity').value = 'REPERTOIRE';
      if (params.get('tempo')) this.querySelector('#target-tempo').value = params.get('tempo');
      this.link(this.piece);
    }
    this.onTempo = (event) => {
      this.querySelector('#details').open = true;
      this.querySelector('#tempo').value = String(event.detail);
      this.querySelector('#log-status').textContent = `Tempo ${event.detail} BPM put in the log.`;
    };
    window.addEventListener('mirubato:tempo', this.onTempo);
    this.watch = JSON.parse(sessionStorage.getItem('mirubato.stopwatch') ?? 'null');
    this.timer = setInterval(() => this.tick(), 1000);
    this.tick();
    if (this.planItem) this.fillFromPlan(this.planItem, Number(params.get('left')) || this.planItem.targetMinutes);
    await Promise.all([this.loadSession(), this.loadTemplates()]);
    // "Practise this" starts a session when none is open (the log joins an open one).
    if (this.planItem && !this.session && !sync.offline) {
      await this.sessionAction('StartSession', { input: { id: nanoid(), instrument: this.defaultInstrument, sheetMusicId: this.piece?.id ?? null } });
    }
  }

  /** The log form as the plan item asks: its piece or exercise, the minutes left, activity, tempo, focus, and its notes shown. */
  fillFromPlan(item, minutes) {
    const form = this.querySelector('#log');
    form.insertAdjacentHTML('afterbegin', html`<div class="linked plan-note" id="plan-note"><p>For your plan: <strong>${item.title}</strong>,
      ${minutes < item.targetMinutes ? `${minutes} of ${item.targetMinutes} min left` : `${item.targetMinutes} min`}${item.targetTempo ? ` · ♩ = ${item.targetTempo}` : ''}</p>
      ${item.notes ? html`<p class="notes">${item.notes}</p>` : ''}</div>`);
    if (item.instrument) this.defaultInstrument = item.instrument;
    if (!item.sheetMusic) this.querySelector('#work').value = item.exercise ?? '';
    this.querySelector('#minutes').value = String(minutes);
    if (item.activityType) this.querySelector('#activity').value = item.activityType;
    else if (!item.sheetMusic) this.querySelector('#activity').value = 'TECHNIQUE';
    if (item.targetTempo) this.querySelector('#target-tempo').value = String(item.targetTempo);
    for (const box of this.querySelectorAll('input[name=focus]')) box.checked = item.focusAreas.includes(box.value);
  }

  disconnectedCallback() {
    clearInterval(this.timer);
    window.removeEventListener('mirubato:tempo', this.onTempo);
  }

  async loadSession() {
    const { value, error } = await sync.readThrough('session', async () => {
      const sessions = (await request('Sessions')).myPracticeSessions.edges.map((edge) => edge.node);
      return sessions.find((s) => s.status === 'IN_PROGRESS' || s.status === 'PAUSED') ?? null;
    });
    this.session = value;
    this.sessionStatus(!error ? '' : error instanceof OfflineError
      ? 'Offline: sessions start, pause and finish with the network (their times are the server’s). Logs still save.' : error.message);
    this.renderSession();
  }

  async loadTemplates() {
    this.templates = (await sync.readThrough('templates', async () => (await request('Templates')).myPracticeTemplates)).value ?? [];
    this.querySelector('#template').insertAdjacentHTML('beforeend', this.templates.map((t) => html`<option value="${t.id}">${t.name}</option>`).join(''));
  }

  /** Shows the linked piece, with a way to unlink it; typing never unlinks it silently. */
  link(piece) {
    this.piece = piece;
    const work = this.querySelector('#work');
    const linked = this.querySelector('#linked');
    work.hidden = Boolean(piece);
    linked.hidden = !piece;
    if (!piece) {
      work.value = '';
      work.focus();
      return;
    }
    linked.innerHTML = html`<span>♪ <strong>${piece.title}</strong></span>
      <button type="button" class="link-button" id="unlink" aria-label="Not ${piece.title}: type another piece">Change</button>`;
    linked.querySelector('#unlink').addEventListener('click', () => this.link(null));
  }

  /**
   * Autocomplete for the piece (the catalogue and the musician's own pieces): picking a
   * suggestion links the log to that piece; free text stays the log's work title only.
   */
  async suggest() {
    const text = this.querySelector('#work').value.trim();
    const picked = this.suggestions?.find((p) => `${p.title} — ${p.composer}` === text);
    if (picked) {
      this.link({ id: picked.id, title: picked.title, instrument: picked.instrument });
      if (picked.metadata?.suggestedTempo && !this.querySelector('#target-tempo').value) {
        this.querySelector('#target-tempo').value = picked.metadata.suggestedTempo;
      }
      if (this.querySelector('#activity').value === 'SIGHT_READING') this.querySelector('#activity').value = 'REPERTOIRE';
      return;
    }
    clearTimeout(this.pending);
    this.pending = setTimeout(async () => {
      if (text.length < 2) return;
      // The API takes at most 10 words and 100 characters: a long title's first words find it.
      const prefix = text.split(/\s+/).slice(0, 10).join(' ').slice(0, 100);
      try {
        this.suggestions = (await request('PieceSuggestions', { prefix })).pieceSuggestions;
      } catch {
        return;  // offline: the musician types the title, as without suggestions
      }
      this.querySelector('#work-suggestions').innerHTML = this.suggestions
        .map((p) => html`<option value="${p.title} — ${p.composer}"></option>`).join('');
    }, 200);
  }

  applyTemplate() {
    const template = this.templates.find((t) => t.id === this.querySelector('#template').value);
    if (!template) return;
    this.querySelector('#activity').value = template.activityType;
    if (template.workTitle && !this.piece) this.querySelector('#work').value = template.workTitle;
    if (template.tempo) this.querySelector('#tempo').value = template.tempo;
    for (const box of this.querySelectorAll('input[name=focus]')) box.checked = template.focusAreas.includes(box.value);
  }

  /** The activity stopwatch: its start survives a reload (this tab), and stopping fills the minutes. */
  toggleStopwatch() {
    if (this.watch) {
      const seconds = (Date.now() - this.watch.startedAt) / 1000;
      this.querySelector('#minutes').value = String(Math.max(1, Math.round(seconds / 60)));
      this.watch = { ...this.watch, stoppedAt: Date.now() };
      this.stoppedWatch = this.watch;
      this.watch = null;
    } else {
      this.watch = { startedAt: Date.now() };
      this.stoppedWatch = null;
    }
    sessionStorage.setItem('mirubato.stopwatch', JSON.stringify(this.watch));
    this.tick();
  }

  renderSession() {
    const s = this.session;
    const box = this.querySelector('#session');
    if (!s) {
      box.innerHTML = html`
        <label for="session-instrument">Instrument</label>
        <select id="session-instrument">${['PIANO', 'GUITAR'].map((i) => html`<option value="${i}" ${i === this.defaultInstrument ? 'selected' : ''}>${label(i)}</option>`)}</select>
        <button type="button" id="start">Start a session</button>`;
      box.querySelector('#start').addEventListener('click', () => this.sessionAction('StartSession', {
        input: { id: nanoid(), instrument: box.querySelector('#session-instrument').value, sheetMusicId: this.piece?.id ?? null } }));
      return;
    }
    box.innerHTML = html`
      <p class="timer" aria-live="off"><span id="timer">0:00</span> <span class="tag">${s.status === 'PAUSED' ? 'Paused' : 'Running'}</span></p>
      <p>${label(s.instrument)}${s.sheetMusic ? ` · ${s.sheetMusic.title}` : ''} · ${s.totalExercises} logged</p>
      <div class="actions">
        ${s.status === 'PAUSED' ? html`<button type="button" id="resume">Resume</button>` : html`<button type="button" id="pause" class="secondary">Pause</button>`}
        <button type="button" id="complete">Finish the session</button>
      </div>`;
    box.querySelector('#pause')?.addEventListener('click', () => this.sessionAction('PauseSession', { id: s.id }));
    box.querySelector('#resume')?.addEventListener('click', () => this.sessionAction('ResumeSession', { id: s.id }));
    box.querySelector('#complete').addEventListener('click', () => this.sessionAction('CompleteSession', { input: { sessionId: s.id } }));
    this.tick();
  }

  /** Seconds practised so far: from the server's start, less its pauses, frozen while paused. */
  tick() {
    const watch = this.querySelector('#stopwatch-time');
    if (watch) {
      this.querySelector('#stopwatch').textContent = this.watch ? 'Stop and fill the minutes' : 'Start timer';
      watch.textContent = this.watch ? clock((Date.now() - this.watch.startedAt) / 1000) : '';
    }
    const s = this.session;
    const timer = this.querySelector('#timer');
    if (!s || !timer) return;
    const end = s.status === 'PAUSED' && s.pausedAt ? Date.parse(s.pausedAt) : Date.now();
    timer.textContent = clock((end - Date.parse(s.startedAt)) / 1000 - (s.pausedDuration ?? 0));
  }

  async sessionAction(operation, variables) {
    try {
      const data = await request(operation, variables);
      const session = Object.values(data)[0];
      this.session = session.status === 'IN_PROGRESS' || session.status === 'PAUSED' ? session : null;
      await db.put('values', this.session, 'session');
      this.sessionStatus(session.status === 'COMPLETED' ? await this.summary(session) : '');
      this.renderSession();
    } catch (error) {
      this.sessionStatus(error instanceof OfflineError ? 'Offline: try again when the network is back.' : error.message);
    }
  }

  /** What a finished session held: its time and its activities. */
  async summary(session) {
    const logs = (await sync.logs()).filter((log) => log.session?.id === session.id || log.sessionId === session.id);
    const byActivity = new Map();
    for (const log of logs) byActivity.set(log.activityType, (byActivity.get(log.activityType) ?? 0) + (log.durationSeconds ?? 0));
    const parts = [...byActivity].map(([activity, seconds]) => `${label(activity)} ${duration(seconds)}`);
    return `Session finished: ${duration(session.durationSeconds)}, ${session.totalExercises} ${session.totalExercises === 1 ? 'activity' : 'activities'}`
      + `${parts.length ? ` (${parts.join(', ')})` : ''}. Well played!`;
  }

  async saveLog(event) {
    event.preventDefault();
    const value = (id) => this.querySelector(`#${id}`).value.trim();
    const number = (id) => (value(id) === '' ? null : Number(value(id)));
    const seconds = Math.round(number('minutes') * 60);
    // A timed activity started when its stopwatch did; otherwise it just ended. Inside a session
    // it never starts before the session did.
    let start = this.stoppedWatch?.startedAt ?? Date.now() - seconds * 1000;
    if (this.session) start = Math.max(start, Date.parse(this.session.startedAt));
    const input = {
      id: nanoid(), activityType: value('activity'), durationSeconds: seconds,
      startedAt: new Date(start).toISOString(),
      sessionId: this.session?.id ?? null, sheetMusicId: this.piece?.id ?? null,
      workTitle: this.piece ? null : value('work') || null, tempoPracticed: number('tempo'), targetTempo: number('target-tempo'),
      selfRating: number('rating'), accuracy: number('accuracy'),
      focusAreas: [...this.querySelectorAll('input[name=focus]:checked')].map((box) => box.value.toLowerCase()),
      notes: value('notes') || null, planItemId: this.planItem?.id ?? null,
    };
    // A log outside a session is on its piece's instrument (a guitar piece is guitar practice),
    // else the musician's.
    const pieceInstrument = ['PIANO', 'GUITAR'].includes(this.piece?.instrument) ? this.piece.instrument : null;
    if (!input.sessionId) input.instrument = pieceInstrument ?? this.defaultInstrument;
    const optimistic = { ...input, practiceNotes: input.notes, sheetMusic: this.piece, updatedAt: null,
      planItem: this.planItem ? { id: this.planItem.id } : null };
    await sync.submit('CreateLog', { input }, optimistic);
    // The take goes after its log, through the same queue: offline it waits on the device.
    const recorder = this.querySelector('#recorder');
    // The queue holds the take before the recorder lets go of its kept copy; one still being
    // recorded is stopped and goes with this log.
    await recorder.finish();
    if (recorder.take) {
      await sync.submit('UploadRecording', { logId: input.id }, { logId: input.id, durationSeconds: recorder.seconds, format: null }, recorder.take);
      recorder.reset();
    }
    this.stoppedWatch = null;
    const pending = await sync.queued();
    this.querySelector('#log-status').textContent = pending ? 'Saved on this device; it will be sent when the network is back.' : 'Logged.';
    this.querySelector('#notes').value = '';
    if (this.session && !pending) await this.loadSession();
  }

  sessionStatus(text) {
    this.querySelector('#session-status').textContent = text;
  }
}

customElements.define('mb-practice', PracticeView);
