// The plan editor: what to practise on which days. Each item is a piece (picked from the
// catalogue or the musician's own) or an exercise in words, with its minutes and its days: every
// day, every few days, chosen weekdays, or one day. Items can be reordered, paused, ended and
// removed. Writes go through the queue with client ids, so the plan can be changed offline.
import { request } from '../api.js';
import { ACTIVITIES, html, label } from '../format.js';
import { nanoid } from '../ids.js';
import { WEEKDAYS, describe, weekday } from '../plan.js';
import * as sync from '../sync.js';

class PlanView extends HTMLElement {
  connectedCallback() {
    const today = new Date().toLocaleDateString('en-CA');
    this.innerHTML = html`
      <section class="card" aria-labelledby="plan-heading">
        <div class="card-head"><h1 id="plan-heading">Your plan</h1><a href="/" data-link>Back to today</a></div>
        <p class="meta">What to practise on which days. Today shows each day's items, and reminders list them.</p>
        <ol id="items" class="plan-list"></ol>
        <p role="status" id="list-status" aria-live="polite"></p>
      </section>
      <section class="card" aria-labelledby="add-heading">
        <h2 id="add-heading">Add to the plan</h2>
        <form id="add" class="plan-form">
          <label for="what">Piece or exercise</label>
          <input id="what" list="what-suggestions" autocomplete="off" required maxlength="200"
            placeholder="e.g. Scales in thirds, or start typing a piece's title">
          <datalist id="what-suggestions"></datalist>
          <p id="what-piece" class="linked" hidden></p>
          <div class="pair">
            <div><label for="minutes">Minutes each time</label>
              <input id="minutes" type="number" min="1" max="600" required value="15" inputmode="numeric"></div>
            <div><label for="activity">Activity (optional)</label>
              <select id="activity"><option value="">Any</option>${ACTIVITIES.map((a) => html`<option value="${a}">${label(a)}</option>`)}</select></div>
          </div>
          <fieldset class="choices"><legend>When</legend>
            <label class="check"><input type="radio" name="kind" value="DAILY" checked> Every day</label>
            <label class="check"><input type="radio" name="kind" value="WEEKDAYS"> On some weekdays</label>
            <label class="check"><input type="radio" name="kind" value="EVERY_N_DAYS"> Every few days</label>
            <label class="check"><input type="radio" name="kind" value="ONCE"> On one day</label>
          </fieldset>
          <fieldset id="weekdays-box" hidden><legend>Which weekdays</legend>
            <div class="weekday-picks">${WEEKDAYS.map((d) => html`<label class="check"><input type="checkbox" name="weekday" value="${d}"> ${d.charAt(0) + d.slice(1, 3).toLowerCase()}</label>`)}</div>
          </fieldset>
          <div id="every-box" hidden><label for="every">Every how many days</label>
            <input id="every" type="number" min="2" max="365" value="2" inputmode="numeric"></div>
          <div class="pair">
            <div><label for="start" id="start-label">Starting</label><input id="start" type="date" required value="${today}"></div>
            <div id="end-box"><label for="end">Until (optional)</label><input id="end" type="date"></div>
          </div>
          <label for="target-tempo">Target tempo, BPM (optional)</label>
          <input id="target-tempo" type="number" min="1" max="400" inputmode="numeric">
          <label for="item-notes">Notes (optional)</label>
          <textarea id="item-notes" rows="2" maxlength="2000" placeholder="e.g. hands separately, slow, then at 60"></textarea>
          <button type="submit">Add to the plan</button>
        </form>
        <p role="status" id="add-status" aria-live="polite"></p>
      </section>`;
    this.querySelector('#add').addEventListener('submit', (event) => this.add(event));
    this.querySelector('#what').addEventListener('input', () => this.suggest());
    for (const radio of this.querySelectorAll('input[name=kind]')) radio.addEventListener('change', () => this.showKind());
    this.querySelector('#start').addEventListener('change', () => this.preselectWeekday());
    this.preselectWeekday();
    this.stop = sync.follow(() => this.render());
  }

  disconnectedCallback() {
    this.stop?.();
  }

  kind() {
    return this.querySelector('input[name=kind]:checked').value;
  }

  /** Only the fields the chosen kind of days needs. */
  showKind() {
    const kind = this.kind();
    this.querySelector('#weekdays-box').hidden = kind !== 'WEEKDAYS';
    this.querySelector('#every-box').hidden = kind !== 'EVERY_N_DAYS';
    this.querySelector('#end-box').hidden = kind === 'ONCE';
    this.querySelector('#start-label').textContent = kind === 'ONCE' ? 'On' : 'Starting';
  }

  /** Weekly items start on the start date's weekday unless the musician picked others. */
  preselectWeekday() {
    const boxes = [...this.querySelectorAll('input[name=weekday]')];
    if (boxes.some((box) => box.checked && box.dataset.auto !== 'true')) return;
    const day = weekday(this.querySelector('#start').value || new Date().toLocaleDateString('en-CA'));
    for (const box of boxes) {
      box.checked = box.value === day;
      box.dataset.auto = String(box.value === day);
    }
  }

  async render() {
    const items = await sync.planItems();
    this.items = items;
    const today = new Date().toLocaleDateString('en-CA');
    this.querySelector('#items').innerHTML = items.length ? items.map((item, index) => {
      const ended = item.schedule.kind === 'ONCE' ? item.schedule.startDate < today : item.schedule.endDate && item.schedule.endDate < today;
      return html`
      <li data-id="${item.id}" class="${item.paused || ended || item.declinedAt ? 'inactive' : ''}">
        <div class="plan-line"><strong>${item.title}</strong>
          ${item.declinedAt ? html`<span class="tag">Declined</span>` : item.paused ? html`<span class="tag">Paused</span>` : ended ? html`<span class="tag">Ended</span>` : ''}
          ${item.assignedBy ? html`<span class="tag from">From ${item.assignedBy.displayName || item.assignedBy.email}</span>` : ''}
          ${item.pending ? html`<span class="tag pending">Waiting to sync</span>` : ''}</div>
        <span class="meta">${item.targetMinutes} min · ${describe(item.schedule)}${item.activityType ? ` · ${label(item.activityType)}` : ''}${item.targetTempo ? ` · ♩ = ${item.targetTempo}` : ''}</span>
        ${item.notes ? html`<p class="notes">${item.notes}</p>` : ''}
        <div class="actions">
          <button type="button" class="secondary" data-action="up" ${index === 0 ? 'disabled' : ''} aria-label="Move ${item.title} up">↑</button>
          <button type="button" class="secondary" data-action="down" ${index === items.length - 1 ? 'disabled' : ''} aria-label="Move ${item.title} down">↓</button>
          ${item.declinedAt ? html`<button type="button" class="secondary" data-action="undecline" aria-label="Take back ${item.title}">Take it back</button>`
            : html`<button type="button" class="secondary" data-action="pause" aria-label="${item.paused ? 'Resume' : 'Pause'} ${item.title}">${item.paused ? 'Resume' : 'Pause'}</button>`}
          ${item.schedule.kind !== 'ONCE' && !ended ? html`<button type="button" class="secondary" data-action="end" aria-label="Stop ${item.title} after today">Stop after today</button>` : ''}
          <button type="button" class="secondary destructive" data-action="delete" aria-label="Remove ${item.title} from the plan">Remove</button>
        </div>
      </li>`;
    }).join('') : html`<li class="empty">Nothing planned yet. Add what you mean to practise below: a scale every day, a piece twice a week.</li>`;
    for (const button of this.querySelectorAll('#items [data-action]')) {
      button.addEventListener('click', () => this.act(button.dataset.action, items.find((i) => i.id === button.closest('li').dataset.id)));
    }
  }

  async act(action, item) {
    const status = this.querySelector('#list-status');
    if (action === 'up' || action === 'down') {
      const ids = this.items.map((i) => i.id);
      const from = ids.indexOf(item.id);
      const to = from + (action === 'up' ? -1 : 1);
      [ids[from], ids[to]] = [ids[to], ids[from]];
      await sync.submit('ReorderPlanItems', { ids });
      status.textContent = `${item.title} moved ${action}.`;
    } else if (action === 'undecline') {
      await sync.submit('DeclinePlanItem', { id: item.id, declined: false });
      status.textContent = `${item.title} is back on the plan.`;
    } else if (action === 'pause') {
      await this.update(item, { paused: !item.paused });
      status.textContent = `${item.title} ${item.paused ? 'resumed' : 'paused'}.`;
    } else if (action === 'end') {
      const today = new Date().toLocaleDateString('en-CA');
      const end = today < item.schedule.startDate ? item.schedule.startDate : today;
      const { kind, startDate, everyDays, weekdays } = item.schedule;
      await this.update(item, { schedule: { kind, startDate, endDate: end, everyDays, weekdays: kind === 'WEEKDAYS' ? weekdays : null } });
      status.textContent = `${item.title} ends after today.`;
    } else if (action === 'delete') {
      if (!confirm(`Remove ${item.title} from the plan? Logs of it stay.`)) return;
      await sync.submit('DeletePlanItem', { id: item.id });
      status.textContent = `${item.title} removed from the plan.`;
    }
  }

  update(item, input) {
    const schedule = input.schedule ? { ...item.schedule, ...input.schedule, weekdays: input.schedule.weekdays ?? [] } : item.schedule;
    return sync.submit('UpdatePlanItem', { id: item.id, input: { ...input, expectedUpdatedAt: item.updatedAt } },
      { ...item, ...input, schedule });
  }

  /** Suggestions from the catalogue and the musician's pieces; picking one plans that piece. */
  async suggest() {
    const text = this.querySelector('#what').value.trim();
    const picked = this.suggestions?.find((p) => `${p.title} — ${p.composer}` === text);
    const note = this.querySelector('#what-piece');
    this.piece = picked ?? (this.piece && text === `${this.piece.title} — ${this.piece.composer}` ? this.piece : null);
    note.hidden = !this.piece;
    if (this.piece) note.innerHTML = html`<span>♪ The piece <strong>${this.piece.title}</strong> (${this.piece.composer})</span>`;
    if (picked || text.length < 2) return;
    clearTimeout(this.pending);
    this.pending = setTimeout(async () => {
      try {
        const prefix = text.split(/\s+/).slice(0, 10).join(' ').slice(0, 100);
        this.suggestions = (await request('PieceSuggestions', { prefix })).pieceSuggestions;
      } catch {
        return;  // offline: the words become an exercise
      }
      this.querySelector('#what-suggestions').innerHTML = this.suggestions.map((p) => html`<option value="${p.title} — ${p.composer}"></option>`).join('');
    }, 200);
  }

  async add(event) {
    event.preventDefault();
    const value = (id) => this.querySelector(`#${id}`).value.trim();
    const kind = this.kind();
    const weekdays = [...this.querySelectorAll('input[name=weekday]:checked')].map((box) => box.value);
    const status = this.querySelector('#add-status');
    if (kind === 'WEEKDAYS' && !weekdays.length) {
      status.textContent = 'Choose at least one weekday.';
      this.querySelector('input[name=weekday]').focus();
      return;
    }
    if (kind !== 'ONCE' && value('end') && value('end') < value('start')) {
      status.textContent = 'The end date is before the start date.';
      this.querySelector('#end').focus();
      return;
    }
    const schedule = { kind: kind === 'DAILY' ? 'EVERY_N_DAYS' : kind, startDate: value('start'),
      endDate: kind === 'ONCE' ? null : value('end') || null,
      everyDays: kind === 'DAILY' ? 1 : kind === 'EVERY_N_DAYS' ? Number(value('every')) : null,
      weekdays: kind === 'WEEKDAYS' ? weekdays : null };
    const input = { id: nanoid(), targetMinutes: Number(value('minutes')), schedule,
      activityType: value('activity') || null, targetTempo: value('target-tempo') ? Number(value('target-tempo')) : null,
      notes: value('item-notes') || null,
      ...(this.piece ? { sheetMusicId: this.piece.id } : { exercise: value('what') }) };
    const items = await sync.planItems();
    const optimistic = { ...input, title: this.piece?.title ?? input.exercise, exercise: input.exercise ?? null,
      sheetMusic: this.piece ? { id: this.piece.id, title: this.piece.title, composer: this.piece.composer, instrument: this.piece.instrument } : null,
      instrument: null, focusAreas: [], position: items.length ? Math.max(...items.map((i) => i.position)) + 1 : 0, paused: false,
      skippedDates: [], schedule: { ...schedule, weekdays: schedule.weekdays ?? [] }, updatedAt: null };
    await sync.submit('CreatePlanItem', { input }, optimistic);
    const title = optimistic.title;
    const form = this.querySelector('#add');
    form.reset();
    this.querySelector('#start').value = new Date().toLocaleDateString('en-CA');
    this.piece = null;
    this.querySelector('#what-piece').hidden = true;
    this.showKind();
    this.preselectWeekday();
    const pending = await sync.queued();
    status.textContent = `${title} added to the plan.${pending ? ' Saved on this device; it syncs when the network is back.' : ''}`;
  }
}

customElements.define('mb-plan', PlanView);
