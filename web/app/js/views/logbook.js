// The logbook: the device's copy of the logs (kept current by the change feed) with the queued
// writes on top, marked as waiting; edit and delete; and conflicts the server answered to an
// edit another device had overtaken, shown with both versions until the musician picks one.
// A teacher's comments show under the log they are on, with a reply box (queued like any write).
import { player, wirePlayers } from '../players.js';
import { ACTIVITIES, clock, clockTime, dayName, duration, html, label, localDay, when } from '../format.js';
import { nanoid } from '../ids.js';
import * as sync from '../sync.js';

class LogbookView extends HTMLElement {
  connectedCallback() {
    this.innerHTML = html`
      <section class="card" aria-labelledby="conflicts-title" id="conflicts-card" hidden>
        <h2 id="conflicts-title">Needs your attention</h2>
        <ul id="conflicts" class="conflicts"></ul>
      </section>
      <section class="card">
        <h1>Logbook</h1>
        <ul id="logs" class="logs"></ul>
      </section>`;
    this.stop = sync.follow(() => this.render());
  }

  disconnectedCallback() {
    this.stop?.();
  }

  async render() {
    // An open edit form is not replaced under the musician's fingers: the list renders when it closes.
    if (this.querySelector('form.edit')) {
      this.deferred = true;
      return;
    }
    // Nor is a recording that is playing: the list renders when it stops.
    if ([...this.querySelectorAll('audio')].some((audio) => !audio.paused)) {
      this.deferred = true;
      return;
    }
    // A reply being typed is not wiped by a sync either.
    if (this.querySelector('form.reply textarea')?.value) {
      this.deferred = true;
      return;
    }
    const [logs, conflicts, comments] = await Promise.all([sync.logs(), sync.conflicts(), sync.comments()]);
    this.querySelector('#conflicts-card').hidden = conflicts.length === 0;
    this.querySelector('#conflicts').innerHTML = conflicts.map((c) => html`
      <li data-seq="${c.seq}">
        <p>${c.code === 'CONFLICT' ? 'This log changed on another device before your edit arrived.' : `Not saved: ${c.message}`}</p>
        ${c.current ? html`<p>Now: ${duration(c.current.durationSeconds)}, rating ${c.current.selfRating ?? '–'}, “${c.current.practiceNotes ?? ''}”.
          Yours: ${duration(c.variables.input?.durationSeconds ?? c.current.durationSeconds)}, rating ${c.variables.input?.selfRating ?? c.current.selfRating ?? '–'}.</p>` : ''}
        <div class="actions">
          ${c.current ? html`<button type="button" data-keep="mine">Keep my change</button>` : ''}
          <button type="button" data-keep="theirs" class="secondary">${c.current ? 'Keep theirs' : 'Dismiss'}</button>
        </div>
      </li>`).join('');
    for (const button of this.querySelectorAll('#conflicts button')) {
      const conflict = conflicts.find((c) => String(c.seq) === button.closest('li').dataset.seq);
      button.addEventListener('click', () => sync.resolve(conflict, button.dataset.keep === 'mine'));
    }
    const list = this.querySelector('#logs');
    // Days as headings with their total, newest first; each log under its day by its time.
    const totals = new Map();
    for (const log of logs) totals.set(localDay(log.startedAt), (totals.get(localDay(log.startedAt)) ?? 0) + (log.durationSeconds ?? 0));
    list.innerHTML = logs.length ? logs.map((log, index) => html`
      ${index === 0 || localDay(logs[index - 1].startedAt) !== localDay(log.startedAt) ? html`<li class="day">
        <h2>${dayName(localDay(log.startedAt))}</h2><span class="meta">${duration(totals.get(localDay(log.startedAt)))}</span></li>` : ''}
      <li data-id="${log.id}">
        <div><strong>${log.workTitle ?? log.sheetMusic?.title ?? label(log.activityType)}</strong>
          ${log.workTitle ?? log.sheetMusic?.title ? html`<span class="tag">${label(log.activityType)}</span>` : ''}
          ${log.pending ? html`<span class="tag pending">Waiting to sync</span>` : ''}</div>
        <div class="meta">${clockTime(log.startedAt)} · ${log.instrument ? `${label(log.instrument)} · ` : ''}${duration(log.durationSeconds)}${log.selfRating ? ` · rated ${log.selfRating}/10` : ''}${log.tempoPracticed ? ` · ♩\u00a0=\u00a0${log.tempoPracticed}` : ''}</div>
        ${log.practiceNotes ? html`<p class="notes">${log.practiceNotes}</p>` : ''}
        ${this.recordings(log)}
        ${this.thread(comments.get(log.id) ?? [], log)}
        <div class="actions">
          <button type="button" class="secondary" data-action="edit" aria-label="Edit the log of ${when(log.startedAt)}">Edit</button>
          <button type="button" class="secondary destructive" data-action="delete" aria-label="Delete the log of ${when(log.startedAt)}">Delete</button>
          <label class="button secondary file-button" for="attach-${log.id}">Add a recording</label>
          <input id="attach-${log.id}" type="file" accept="audio/*,.m4a,.ogg,.opus,.webm,.wav" class="visually-hidden" data-attach="${log.id}"
            aria-label="Add a recording to the log of ${when(log.startedAt)}">
        </div>
      </li>`).join('') : html`<li>No logs yet.</li>`;
    for (const form of list.querySelectorAll('form.reply')) form.addEventListener('submit', (event) => this.reply(event, form));
    wirePlayers(list);
    for (const audio of list.querySelectorAll('audio')) {
      audio.addEventListener('pause', () => { if (this.deferred) { this.deferred = false; this.render(); } });
    }
    for (const button of list.querySelectorAll('button[data-recording]')) {
      button.addEventListener('click', () => {
        if (window.confirm('Delete this recording? It cannot be brought back.')) sync.submit('DeleteRecording', { id: button.dataset.recording }, { logId: button.dataset.log });
      });
    }
    // A recording made elsewhere (a phone's voice memos) goes with a log through the same queue.
    for (const input of list.querySelectorAll('input[data-attach]')) {
      input.addEventListener('change', () => {
        const file = input.files[0];
        if (file) sync.submit('UploadRecording', { logId: input.dataset.attach }, { logId: input.dataset.attach, durationSeconds: null, format: null }, file);
      });
    }
    for (const button of list.querySelectorAll('li[data-id] > .actions button')) {
      const log = logs.find((l) => l.id === button.closest('li').dataset.id);
      button.addEventListener('click', () => (button.dataset.action === 'delete' ? this.remove(log) : this.edit(log, button.closest('li'))));
    }
  }

  /** A log's recordings with players; one waiting to upload plays from the device. */
  recordings(log) {
    if (!log.recordings?.length) return '';
    return html`<ul class="recordings" aria-label="Recordings">${log.recordings.map((r, index) => html`<li>
        ${player(r, `Recording ${index + 1} of ${when(log.startedAt)}`, `${r.durationSeconds == null ? 'New recording' : clock(r.durationSeconds)}${r.pending ? ' · waiting to upload' : ''}`)}
        ${r.pending ? '' : html`<button type="button" class="link-button destructive" data-recording="${r.id}" data-log="${log.id}"
          aria-label="Delete recording ${index + 1} of ${when(log.startedAt)}">Delete recording</button>`}</li>`)}</ul>`;
  }

  /** A log's comment threads, oldest first, with a reply box to the teacher of the latest. */
  thread(comments, log) {
    if (!comments.length) return '';
    const teacher = comments[comments.length - 1].teacher;
    const name = (person) => person?.displayName || person?.email || 'Your teacher';
    return html`<ol class="thread" aria-label="Comments">${comments.map((c) => html`<li class="${c.fromTeacher ? '' : 'mine'}">
        <span class="meta">${c.fromTeacher ? name(c.author) : 'You'}${c.createdAt ? ` · ${when(c.createdAt)}` : ''}${c.pending ? ' · waiting to sync' : ''}</span><p>${c.body}</p></li>`)}</ol>
      <form class="reply comment-form" data-teacher="${teacher.id}" data-log="${log.id}">
        <label for="reply-${log.id}" class="visually-hidden">Reply to ${name(teacher)}</label>
        <textarea id="reply-${log.id}" rows="1" maxlength="2000" required placeholder="Reply to ${name(teacher)}"></textarea>
        <button type="submit" class="secondary">Reply</button></form>`;
  }

  /** Queues a reply; it shows at once, marked as waiting until the server has it. */
  async reply(event, form) {
    event.preventDefault();
    const body = form.querySelector('textarea').value;
    if (!body.trim()) return;
    const comments = await sync.comments();
    const teacher = (comments.get(form.dataset.log) ?? []).at(-1)?.teacher;
    const input = { id: nanoid(), logId: form.dataset.log, teacherId: form.dataset.teacher, body };
    form.querySelector('textarea').value = '';
    await sync.submit('AddComment', { input }, { ...input, sessionId: null, fromTeacher: false, author: null, teacher, createdAt: new Date().toISOString() });
  }

  /** One edit form at a time, with Cancel; only the fields the musician changed are sent. */
  edit(log, item) {
    this.querySelector('form.edit')?.remove();
    this.deferred = true;
    item.insertAdjacentHTML('beforeend', html`
      <form class="edit" aria-label="Edit the log">
        <label for="edit-activity">Activity</label>
        <select id="edit-activity">${ACTIVITIES.map((a) => html`<option value="${a}" ${a === log.activityType ? 'selected' : ''}>${label(a)}</option>`)}</select>
        <div class="pair">
          <div><label for="edit-minutes">Minutes</label>
            <input id="edit-minutes" type="number" min="1" max="1440" inputmode="numeric" value="${Math.round(log.durationSeconds / 60)}"></div>
          <div><label for="edit-tempo">Tempo (BPM)</label>
            <input id="edit-tempo" type="number" min="1" max="400" inputmode="numeric" value="${log.tempoPracticed ?? ''}"></div>
        </div>
        <label for="edit-rating">How it went (1–10)</label>
        <input id="edit-rating" type="number" min="1" max="10" inputmode="numeric" value="${log.selfRating ?? ''}">
        <label for="edit-notes">Notes</label>
        <textarea id="edit-notes" rows="2" maxlength="10000">${log.practiceNotes ?? ''}</textarea>
        <div class="actions"><button type="submit">Save</button><button type="button" class="secondary" data-cancel>Cancel</button></div>
      </form>`);
    const form = item.querySelector('form.edit');
    const close = () => {
      form.remove();
      if (this.deferred) {
        this.deferred = false;
        this.render();
      }
    };
    form.querySelector('[data-cancel]').addEventListener('click', close);
    form.querySelector('#edit-minutes').focus();
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const field = (id) => form.querySelector(`#${id}`).value.trim();
      const number = (id) => (field(id) === '' ? null : Number(field(id)));
      const minutes = number('edit-minutes');
      const edited = {
        activityType: field('edit-activity'),
        durationSeconds: minutes === Math.round(log.durationSeconds / 60) ? log.durationSeconds : Math.round(minutes * 60),
        tempoPracticed: number('edit-tempo'), selfRating: number('edit-rating'), notes: field('edit-notes') || null,
      };
      // Only the fields the musician changed are sent, so keeping this edit after a conflict
      // leaves what the other device changed.
      const current = { activityType: log.activityType, durationSeconds: log.durationSeconds, tempoPracticed: log.tempoPracticed ?? null,
        selfRating: log.selfRating ?? null, notes: log.practiceNotes ?? null };
      const input = Object.fromEntries(Object.entries(edited).filter(([key, value]) => value !== current[key]));
      close();
      if (!Object.keys(input).length) return;
      input.expectedUpdatedAt = log.updatedAt;
      sync.submit('UpdateLog', { id: log.id, input }, { ...input, practiceNotes: input.notes ?? log.practiceNotes });
    });
  }

  remove(log) {
    if (confirm('Delete this log?')) sync.submit('DeleteLog', { id: log.id });
  }
}

customElements.define('mb-logbook', LogbookView);
