// One piece: its details, its opening measures drawn as notation, a way to practise it, and the
// musician's recordings of it (from the device's copy of the logs, so they list offline too).
import { OfflineError, request } from '../api.js';
import { clock, html, label, plural, practiceLink, when } from '../format.js';
import { renderNotation } from '../notation.js';
import { player, wirePlayers } from '../players.js';
import * as sync from '../sync.js';

class PieceView extends HTMLElement {
  async connectedCallback() {
    const id = decodeURIComponent(location.pathname.split('/')[2] ?? '');
    this.innerHTML = html`<section class="card"><p role="status">Loading…</p></section>`;
    const { value: piece, error } = await sync.readThrough(`piece:${id}`, async () => (await request('Piece', { id })).sheetMusic,
      (found) => found !== null);
    if (error && !piece) {
      this.innerHTML = html`<section class="card"><p role="status">${error instanceof OfflineError ? 'Offline: this piece has not been seen yet.' : error.message}</p></section>`;
      return;
    }
    if (!piece) {
      this.innerHTML = html`<section class="card"><h1>Not found</h1><p>There is no such piece.</p></section>`;
      return;
    }
    const m = piece.metadata;
    const facts = [['Catalogue', m.catalogNumber ?? m.opus], ['Key', m.keySignature], ['Time', m.timeSignature],
      ['Tempo', [m.tempoMarking, m.suggestedTempo && `♩ = ${m.suggestedTempo}`].filter(Boolean).join(', ')],
      // A musician's own piece has no level of the catalogue's: say nothing rather than "Beginner (1/10)".
      ['Level', m.sourceType === 'USER_CREATED' ? null : `${label(piece.difficulty)} (${m.difficultyLevel}/10)`], ['Grade', m.gradeLevel],
      ['Period', label(m.stylePeriod)]]
      .filter(([, value]) => value);
    this.innerHTML = html`
      <section class="card">
        <h1>${piece.title}</h1>
        <p class="composer">${piece.composer} · ${label(piece.instrument)}</p>
        <dl class="facts">${facts.map(([name, value]) => html`<dt>${name}</dt><dd>${value}</dd>`)}</dl>
        <div id="notation" class="notation-box"></div>
        <p>${piece.myProgress?.timesPracticed ? `Practised ${plural(piece.myProgress.timesPracticed, 'time', 'times')}` : 'Not practised yet'}</p>
        <a class="button" href="${practiceLink(piece)}" data-link>Practise this piece</a>
      </section>
      <section class="card" aria-labelledby="takes-title" id="takes-card" hidden>
        <h2 id="takes-title">Your recordings</h2>
        <ul class="recordings" id="takes"></ul>
      </section>`;
    // Newest first: hearing how it went last time, and how far it has come.
    const takes = (await sync.logs()).filter((log) => log.sheetMusic?.id === piece.id)
      .flatMap((log) => (log.recordings ?? []).map((recording) => ({ recording, log })));
    this.querySelector('#takes-card').hidden = takes.length === 0;
    this.querySelector('#takes').innerHTML = takes.map(({ recording, log }) => html`<li>
      ${player(recording, `Recording of ${when(log.startedAt)}`, `${when(log.startedAt)} · ${clock(recording.durationSeconds ?? 0)}${recording.pending ? ' · waiting to upload' : ''}`)}</li>`).join('');
    wirePlayers(this.querySelector('#takes'));
    const box = this.querySelector('#notation');
    // The notation size chosen in Settings.
    box.classList.add(`notation-${((await sync.profile())?.preferences?.notationSize ?? 'MEDIUM').toLowerCase()}`);
    if (piece.measures.length) box.append(renderNotation(piece.measures, piece.title, { octaveClef: piece.instrument === 'GUITAR' }));
    else box.textContent = 'No notation for this piece.';
  }
}

customElements.define('mb-piece', PieceView);
