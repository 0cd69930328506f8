// The repertoire: the pieces being worked on, each with its status (from planned to
// performance-ready, or dropped), the practice it has had and its history. Status moves go through
// the queue with client ids, so they work offline and a replay is safe.
import { STATUSES, duration, html, label, shortDate } from '../format.js';
import { nanoid } from '../ids.js';
import * as sync from '../sync.js';

class RepertoireView extends HTMLElement {
  connectedCallback() {
    this.innerHTML = html`
      <section class="card">
        <div class="view-head"><h1>Pieces</h1><a class="button secondary" href="/catalogue" data-link>Find a piece</a></div>
        <p>Your repertoire: pieces you log enter as Learning; move them on as they grow.</p>
        <ul id="entries" class="logs"></ul>
      </section>`;
    this.stop = sync.follow(() => this.render());
  }

  disconnectedCallback() {
    this.stop?.();
  }

  async render() {
    const entries = await sync.repertoire();
    const list = this.querySelector('#entries');
    list.innerHTML = entries.length ? entries.map((entry) => html`
      <li data-piece="${entry.sheetMusic.id}">
        <div><a href="/piece/${entry.sheetMusic.id}" data-link><strong>${entry.sheetMusic.title}</strong></a>
          <span class="meta">${entry.sheetMusic.composer ?? ''}</span>
          ${entry.pending ? html`<span class="tag pending">Waiting to sync</span>` : ''}</div>
        <div class="meta">${duration(entry.practiceSeconds)} practised${entry.lastPracticedDate ? `, last on ${shortDate(entry.lastPracticedDate)}` : ''}
          · ${label(entry.status)} since ${shortDate(entry.statusChangedAt)}</div>
        <label for="status-${entry.sheetMusic.id}">Status of ${entry.sheetMusic.title}</label>
        <select id="status-${entry.sheetMusic.id}">
          ${STATUSES.map((status) => html`<option value="${status}" ${status === entry.status ? 'selected' : ''}>${label(status)}</option>`)}
        </select>
      </li>`).join('') : html`<li>Nothing yet: log practice on a piece of the catalogue.</li>`;
    for (const select of list.querySelectorAll('select')) {
      const entry = entries.find((e) => e.sheetMusic.id === select.closest('li').dataset.piece);
      select.addEventListener('change', () => sync.submit('SetRepertoireStatus',
        { input: { id: nanoid(), sheetMusicId: entry.sheetMusic.id, status: select.value } },
        { sheetMusic: entry.sheetMusic, statusChangedAt: new Date().toISOString() }));
    }
  }
}

customElements.define('mb-repertoire', RepertoireView);
