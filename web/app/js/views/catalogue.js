// The catalogue: search and filters, a page of pieces at a time, a random piece for an
// instrument and level, and a form to add a piece of one's own. The last answer is kept on the
// device, so it can be browsed offline.
import { OfflineError, request } from '../api.js';
import { signedIn } from '../auth.js';
import { html, label, plural } from '../format.js';
import { nanoid } from '../ids.js';
import * as sync from '../sync.js';

class CatalogueView extends HTMLElement {
  connectedCallback() {
    this.innerHTML = html`
      <section class="card">
        <div class="view-head"><h1>Catalogue</h1>${signedIn() ? html`<a class="button secondary" href="/repertoire" data-link>Your pieces</a>` : ''}</div>
        <form id="filters" class="filters">
          <label for="search">Title or composer</label>
          <div class="search-row">
            <input id="search" type="search" placeholder="e.g. Tárrega, nocturne">
            <button type="submit">Search</button>
          </div>
          <details id="more-filters">
            <summary>Instrument and level</summary>
            <label for="instrument">Instrument</label>
            <select id="instrument"><option value="">Any</option><option value="PIANO">Piano</option><option value="GUITAR">Guitar</option></select>
            <label for="difficulty">Level</label>
            <select id="difficulty"><option value="">Any</option><option value="BEGINNER">Beginner</option>
              <option value="INTERMEDIATE">Intermediate</option><option value="ADVANCED">Advanced</option></select>
          </details>
          <div class="actions"><button type="button" id="random" class="secondary">Random piece</button></div>
        </form>
        <p role="status" id="status" aria-live="polite"></p>
        <ul id="results" class="pieces"></ul>
        <button type="button" id="more" class="secondary" hidden>More pieces</button>
      </section>
      ${signedIn() ? html`<section class="card" aria-labelledby="own-title">
        <h2 id="own-title">A piece of your own</h2>
        <p>Not in the catalogue? Add it; only you see it. Composer names are matched to the catalogue's spelling.</p>
        <form id="own">
          <label for="own-name">Title</label>
          <input id="own-name" required maxlength="200">
          <label for="own-composer">Composer</label>
          <input id="own-composer" maxlength="200">
          <label for="own-instrument">Instrument</label>
          <select id="own-instrument"><option value="PIANO">Piano</option><option value="GUITAR">Guitar</option></select>
          <button type="submit">Add the piece</button>
        </form>
        <p role="status" id="own-status" aria-live="polite"></p>
      </section>` : ''}`;
    this.querySelector('#filters').addEventListener('submit', (event) => { event.preventDefault(); this.load(); });
    this.querySelector('#more').addEventListener('click', () => this.load(this.cursor));
    this.querySelector('#random').addEventListener('click', () => this.random());
    this.querySelector('#own')?.addEventListener('submit', (event) => this.addOwn(event));
    // The filters live in the address, so going back from a piece finds the same search.
    const params = new URLSearchParams(location.search);
    for (const field of ['search', 'instrument', 'difficulty']) {
      if (params.get(field)) this.querySelector(`#${field}`).value = params.get(field);
    }
    // Filters chosen (or wide screens, where there is room) show them open.
    this.querySelector('#more-filters').open = Boolean(params.get('instrument') || params.get('difficulty')) || matchMedia('(min-width: 720px)').matches;
    this.load();
  }

  filter() {
    const filter = {};
    for (const field of ['search', 'instrument', 'difficulty']) {
      const value = this.querySelector(`#${field}`).value.trim();
      if (value) filter[field] = value;
    }
    return filter;
  }

  async load(after = null) {
    const variables = { filter: this.filter(), limit: 20, after };
    if (!after) history.replaceState(null, '', `/catalogue${Object.keys(variables.filter).length ? `?${new URLSearchParams(variables.filter)}` : ''}`);
    const key = `catalogue:${JSON.stringify(variables)}`;
    const { value: page, error } = await sync.readThrough(key, async () => (await request('Catalogue', variables)).listSheetMusic);
    if (error) {
      this.status(error instanceof OfflineError ? (page ? 'Offline: the pieces as last seen.' : 'Offline: this search has not been seen yet.') : error.message);
      if (!page) {
        // Never leave another search's results under this one's name.
        if (!after) this.querySelector('#results').innerHTML = '';
        this.querySelector('#more').hidden = true;
        return;
      }
    } else {
      this.status('');
    }
    const list = this.querySelector('#results');
    if (!after) list.innerHTML = '';
    list.insertAdjacentHTML('beforeend', page.edges.map(({ node }) => html`
      <li><a href="/piece/${node.id}" data-link><strong>${node.title}</strong></a>
        <span>${node.composer}</span> <span class="tag">${label(node.instrument)}</span>
        ${node.metadata.sourceType === 'USER_CREATED' ? html`<span class="tag">Your piece</span>`
          : html`<span class="tag">${label(node.difficulty)} · level ${node.metadata.difficultyLevel}/10</span>`}</li>`).join(''));
    if (!after && !error) this.status(page.totalCount ? plural(page.totalCount, 'piece', 'pieces') : 'No piece matches; try fewer words or another level.');
    this.cursor = page.pageInfo.endCursor;
    this.querySelector('#more').hidden = !page.pageInfo.hasNextPage;
  }

  async random() {
    const { instrument, difficulty } = this.filter();
    try {
      // "Any" instrument means either, not piano.
      const pick = instrument ?? (Math.random() < 0.5 ? 'PIANO' : 'GUITAR');
      let { randomSheetMusic } = await request('RandomPiece', { instrument: pick, difficulty: difficulty ?? null });
      if (!randomSheetMusic && !instrument) {
        ({ randomSheetMusic } = await request('RandomPiece', { instrument: pick === 'PIANO' ? 'GUITAR' : 'PIANO', difficulty: difficulty ?? null }));
      }
      if (!randomSheetMusic) return this.status('No piece matches these filters.');
      history.pushState(null, '', `/piece/${randomSheetMusic.id}`);
      window.dispatchEvent(new Event('mirubato:navigate'));
    } catch (error) {
      this.status(error instanceof OfflineError ? 'A random pick needs the network.' : error.message);
    }
  }

  async addOwn(event) {
    event.preventDefault();
    const value = (id) => this.querySelector(`#${id}`).value.trim();
    const input = { id: nanoid(), title: value('own-name'), composer: value('own-composer') || null, instrument: value('own-instrument') };
    try {
      const { createSheetMusic } = await request('CreatePiece', { input });
      history.pushState(null, '', `/piece/${createSheetMusic.id}`);
      window.dispatchEvent(new Event('mirubato:navigate'));
    } catch (error) {
      this.querySelector('#own-status').textContent = error instanceof OfflineError ? 'Adding a piece needs the network.' : error.message;
    }
  }

  status(text) {
    this.querySelector('#status').textContent = text;
  }
}

customElements.define('mb-catalogue', CatalogueView);
