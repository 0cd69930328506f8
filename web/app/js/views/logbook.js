// The logbook: the device's copy of the logs (kept current by the change feed) with the queued
// writes on top, marked as waiting; edit and delete; and conflicts the server answered to an
// edit another device had overtaken, shown with both versions until the musician picks one.
import { duration, html, label, when } from '../format.js';
import * as sync from '../sync.js';

class LogbookView extends HTMLElement {
  connectedCallback() {
    this.innerHTML = html`
      <section class="card" aria-labelledby="conflicts-title" id="conflicts-card" hidden>
        <h2 id="conflicts-title">Changed on another device</h2>
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
    const [logs, conflicts] = await Promise.all([sync.logs(), sync.conflicts()]);
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
    list.innerHTML = logs.length ? logs.map((log) => html`
      <li data-id="${log.id}">
        <div><strong>${log.workTitle ?? log.sheetMusic?.title ?? label(log.activityType)}</strong>
          <span class="tag">${label(log.activityType)}</span>
          ${log.pending ? html`<span class="tag pending">Waiting to sync</span>` : ''}</div>
        <div class="meta">${when(log.startedAt)} · ${duration(log.durationSeconds)}${log.selfRating ? ` · rated ${log.selfRating}/10` : ''}${log.tempoPracticed ? ` · ♩ = ${log.tempoPracticed}` : ''}</div>
        ${log.practiceNotes ? html`<p class="notes">${log.practiceNotes}</p>` : ''}
        <div class="actions">
          <button type="button" class="secondary" data-action="edit" aria-label="Edit the log of ${when(log.startedAt)}">Edit</button>
          <button type="button" class="secondary" data-action="delete" aria-label="Delete the log of ${when(log.startedAt)}">Delete</button>
        </div>
      </li>`).join('') : html`<li>No logs yet.</li>`;
    for (const button of list.querySelectorAll('button')) {
      const log = logs.find((l) => l.id === button.closest('li').dataset.id);
      button.addEventListener('click', () => (button.dataset.action === 'delete' ? this.remove(log) : this.edit(log, button.closest('li'))));
    }
  }

  edit(log, item) {
    item.insertAdjacentHTML('beforeend', html`
      <form class="edit">
        <label for="edit-minutes-${log.id}">Minutes</label>
        <input id="edit-minutes-${log.id}" type="number" min="1" max="1440" value="${Math.round(log.durationSeconds / 60)}">
        <label for="edit-rating-${log.id}">Rating (1–10)</label>
        <input id="edit-rating-${log.id}" type="number" min="1" max="10" value="${log.selfRating ?? ''}">
        <label for="edit-notes-${log.id}">Notes</label>
        <input id="edit-notes-${log.id}" value="${log.practiceNotes ?? ''}">
        <button type="submit">Save</button>
      </form>`);
    item.querySelector('form').addEventListener('submit', (event) => {
      event.preventDefault();
      const rating = item.querySelector(`#edit-rating-${log.id}`).value;
      const minutes = Number(item.querySelector(`#edit-minutes-${log.id}`).value);
      const edited = {
        durationSeconds: minutes === Math.round(log.durationSeconds / 60) ? log.durationSeconds : Math.round(minutes * 60),
        selfRating: rating === '' ? null : Number(rating), notes: item.querySelector(`#edit-notes-${log.id}`).value || null,
      };
      // Only the fields the musician changed are sent, so keeping this edit after a conflict
      // leaves what the other device changed.
      const current = { durationSeconds: log.durationSeconds, selfRating: log.selfRating ?? null, notes: log.practiceNotes ?? null };
      const input = Object.fromEntries(Object.entries(edited).filter(([key, value]) => value !== current[key]));
      if (!Object.keys(input).length) return item.querySelector('form').remove();
      input.expectedUpdatedAt = log.updatedAt;
      sync.submit('UpdateLog', { id: log.id, input }, { ...input, practiceNotes: input.notes ?? log.practiceNotes });
    });
  }

  remove(log) {
    if (confirm('Delete this log?')) sync.submit('DeleteLog', { id: log.id });
  }
}

customElements.define('mb-logbook', LogbookView);
