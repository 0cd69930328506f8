// Today: what a musician opens the app for. The day's minutes against the daily goal (a ring),
// the streak, "start practising", the day's plan (each item's state, "Practise this", done,
// skip) with the week around it, what was logged today, the pieces being learned that have
// waited longest, and the goals in progress. Minutes and the plan's states come from the
// device's copy of the logs and the plan (queued writes included), so they move at once, offline too.
import { request } from '../api.js';
import { ring } from '../charts.js';
import { duration, html, label, localDay, practiceLink } from '../format.js';
import { nanoid } from '../ids.js';
import { addDays, dayPlan } from '../plan.js';
import * as sync from '../sync.js';

/** How a plan item's state reads on its day, and its mark in the day strip (to do: ○). */
const STATES = { DUE: 'To do', DONE: 'Done ✓', PARTLY_DONE: 'Started', SKIPPED: 'Skipped', MISSED: 'Missed', UPCOMING: 'Planned' };
const MARKS = { DONE: '●', PARTLY_DONE: '◐', SKIPPED: '–', MISSED: '✕' };

const GOAL_TYPES = [['DAILY_MINUTES', 'Minutes a day'], ['WEEKLY_MINUTES', 'Minutes a week']];

class TodayView extends HTMLElement {
  connectedCallback() {
    const today = new Date().toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
    this.innerHTML = html`
      <div id="timezone-offer"></div>
      <section class="card today" aria-labelledby="today-title">
        <h1 id="today-title">Today <span class="subtitle">${today}</span></h1>
        <div class="today-summary">
          <div id="ring" class="ring-box"></div>
          <div>
            <p class="streak"><span class="big" id="streak">–</span> <span id="streak-label">days in a row</span></p>
            <p class="meta" id="goal-line"></p>
            <a class="button primary-action" href="/practice" data-link>Start practising</a>
          </div>
        </div>
      </section>
      <section class="card plan" aria-labelledby="plan-title">
        <div class="card-head"><h2 id="plan-title">Today's plan</h2><a href="/plan" data-link>Edit plan</a></div>
        <div id="week" class="week" role="group" aria-label="The plan from three days ago to three days ahead"></div>
        <p id="plan-summary" class="meta"></p>
        <ul id="plan-items" class="plan-items"></ul>
        <p role="status" id="plan-status" aria-live="polite"></p>
      </section>
      <section class="card" aria-labelledby="logged-title">
        <h2 id="logged-title">Practised today</h2>
        <ul id="logged" class="logs compact"></ul>
      </section>
      <section class="card" aria-labelledby="next-title">
        <h2 id="next-title">Waiting for you</h2>
        <ul id="next" class="logs compact"></ul>
      </section>
      <section class="card" aria-labelledby="goals-title">
        <h2 id="goals-title">Goals</h2>
        <ul id="goals" class="goals"></ul>
        <details id="goal-form-box">
          <summary>Add a goal</summary>
          <form id="goal-form" class="inline-form">
            <label for="goal-type">Goal</label>
            <select id="goal-type">${GOAL_TYPES.map(([value, text]) => html`<option value="${value}">${text}</option>`)}</select>
            <label for="goal-target">Target, minutes</label>
            <input id="goal-target" type="number" min="1" max="10080" required value="30" inputmode="numeric">
            <button type="submit">Add the goal</button>
          </form>
        </details>
        <p role="status" id="goal-status" aria-live="polite"></p>
      </section>`;
    this.querySelector('#goal-form').addEventListener('submit', (event) => this.addGoal(event));
    this.offerTimeZone(JSON.parse(sessionStorage.getItem('mirubato.timezone-offer') ?? 'null'));
    this.onOffer = (event) => this.offerTimeZone(event.detail);
    window.addEventListener('mirubato:timezone', this.onOffer);
    // The page shows once its first figures are in (or after a second at most), so nothing on
    // it moves when they arrive.
    this.style.visibility = 'hidden';
    const shown = () => { this.style.visibility = ''; };
    setTimeout(shown, 1000);
    this.stop = sync.follow(() => this.renderLogs());
    // `follow` draws the day from the device's copy at once; `load` draws it again with the goal.
    this.load().finally(shown);
  }

  disconnectedCallback() {
    this.stop?.();
    window.removeEventListener('mirubato:timezone', this.onOffer);
  }

  async load() {
    const { value, error } = await sync.readThrough('today', () => request('Today', { instrument: null }));
    this.data = value;
    if (value?.me) sync.keepProfile(value.me);
    if (!value) {
      this.querySelector('#goal-line').textContent = error ? `Your streak and goals load with the network (${error.message}).` : '';
      return;
    }
    const streak = value.myProgress.currentStreak;
    this.querySelector('#streak').textContent = String(streak);
    this.querySelector('#streak-label').textContent = streak === 0 ? 'No streak yet: practise today to start one'
      : `${streak === 1 ? 'day' : 'days'} in a row · best ${value.myProgress.longestStreak}`;
    this.renderGoals(value.myGoals);
    await this.renderLogs();
  }

  async renderLogs() {
    const today = localDay(new Date().toISOString());
    const all = await sync.logs();
    await this.renderPlan(all, today);
    const logs = all.filter((log) => localDay(log.startedAt) === today);
    const seconds = logs.reduce((sum, log) => sum + (log.durationSeconds ?? 0), 0);
    const goal = this.data?.me?.preferences?.dailyGoalMinutes ?? 30;
    const minutes = Math.round(seconds / 60);
    this.querySelector('#ring').replaceChildren(ring(minutes, goal, `${minutes} of ${goal} minutes practised today`));
    this.querySelector('#goal-line').textContent = minutes >= goal ? `Daily goal of ${goal} min reached. Well played!`
      : minutes === 0 ? `Your daily goal is ${goal} min.` : `${goal - minutes} min to go to your daily goal of ${goal} min.`;
    this.querySelector('#logged').innerHTML = logs.length ? logs.map((log) => html`
      <li><strong>${log.workTitle ?? log.sheetMusic?.title ?? label(log.activityType)}</strong>
        <span class="meta">${log.workTitle ?? log.sheetMusic?.title ? `${label(log.activityType)} · ` : ''}${duration(log.durationSeconds)}</span>
        ${log.pending ? html`<span class="tag pending">Waiting to sync</span>` : ''}</li>`).join('')
      : html`<li class="empty">Nothing logged yet today. Start a session, or log what you played.</li>`;
    const waiting = (await sync.repertoire()).filter((entry) => ['LEARNING', 'WORKING', 'PLANNED'].includes(entry.status))
      .sort((a, b) => (a.lastPracticedDate ?? '').localeCompare(b.lastPracticedDate ?? '')).slice(0, 5);
    this.querySelector('#next').innerHTML = waiting.length ? waiting.map((entry) => html`
      <li><a href="/piece/${entry.sheetMusic.id}" data-link><strong>${entry.sheetMusic.title}</strong></a>
        <span class="meta">${label(entry.status)} · ${entry.lastPracticedDate ? `last played ${entry.lastPracticedDate}` : 'not played yet'}</span>
        <a class="button secondary small" data-link href="${practiceLink(entry.sheetMusic)}">Practise</a></li>`).join('')
      : html`<li class="empty">Pieces you are learning show here, the longest-waiting first: <a href="/catalogue" data-link>find a piece</a></li>`;
  }

  /**
   * The plan: a strip of the days around today (each with how much of its plan was done) and the
   * items of the chosen day, today by default, with what can be done about each.
   */
  async renderPlan(logs, today) {
    const items = await sync.planItems();
    this.planItems = items;
    const facts = logs.map((log) => ({ day: localDay(log.startedAt), planItemId: log.planItem?.id ?? null,
      sheetMusicId: log.sheetMusic?.id ?? null, durationSeconds: log.durationSeconds }));
    const day = this.day ?? today;
    // Three days back (what was missed) and three ahead (what is coming), today in the middle.
    const week = Array.from({ length: 7 }, (_, index) => addDays(today, index - 3));
    this.querySelector('#week').innerHTML = week.map((date) => {
      const plan = dayPlan(date, items, facts, today);
      const done = plan.filter((entry) => entry.state === 'DONE').length;
      // A skipped item is settled too: a day of done and skipped items is complete.
      const settled = plan.filter((entry) => entry.state === 'DONE' || entry.state === 'SKIPPED').length;
      const missed = plan.some((entry) => entry.state === 'MISSED');
      const name = new Date(`${date}T12:00:00`).toLocaleDateString(undefined, { weekday: 'short' });
      const long = new Date(`${date}T12:00:00`).toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
      // A mark per item (done, started, skipped, missed, to do), a tick when the day is complete.
      const mark = !plan.length ? '' : settled === plan.length ? '✓'
        : plan.slice(0, 4).map((entry) => MARKS[entry.state] ?? '○').join('') + (plan.length > 4 ? '+' : '');
      const state = !plan.length ? 'rest' : settled === plan.length ? 'done' : missed ? 'missed' : 'open';
      return html`<button type="button" class="day ${state}${date === today ? ' today' : ''}" data-day="${date}" aria-pressed="${date === day}"
        aria-label="${long}: ${plan.length ? `${done} of ${plan.length} done` : 'nothing planned'}">
        <span class="day-name">${name}</span><span class="day-date">${Number(date.slice(8))}</span><span class="day-mark">${mark}</span></button>`;
    }).join('');
    for (const button of this.querySelectorAll('#week [data-day]')) {
      button.addEventListener('click', () => { this.day = button.dataset.day === today ? null : button.dataset.day; this.renderLogs(); });
    }
    const plan = dayPlan(day, items, facts, today);
    const title = day === today ? "Today's plan" : new Date(`${day}T12:00:00`).toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
    this.querySelector('#plan-title').textContent = title;
    const done = plan.filter((entry) => entry.state === 'DONE').length;
    const minutes = plan.reduce((sum, entry) => sum + entry.item.targetMinutes, 0);
    this.querySelector('#plan-summary').textContent = plan.length ? `${done} of ${plan.length} done · ${minutes} min planned` : '';
    this.querySelector('#plan-items').innerHTML = plan.length ? plan.map(({ item, state, seconds }) => html`
      <li data-id="${item.id}" class="${state.toLowerCase()}">
        <div class="plan-line">
          <strong>${item.sheetMusic ? html`<a href="/piece/${item.sheetMusic.id}" data-link>${item.title}</a>` : item.title}</strong>
          <span class="tag state-${state.toLowerCase()}">${STATES[state]}</span>
          ${item.assignedBy ? html`<span class="tag from">From ${item.assignedBy.displayName || item.assignedBy.email}</span>` : ''}
          ${item.pending ? html`<span class="tag pending">Waiting to sync</span>` : ''}
        </div>
        <span class="meta">${seconds ? `${Math.round(seconds / 60)} of ${item.targetMinutes} min` : `${item.targetMinutes} min`}${item.activityType ? ` · ${label(item.activityType)}` : ''}${item.targetTempo ? ` · ♩ = ${item.targetTempo}` : ''}</span>
        ${item.notes ? html`<p class="notes">${item.notes}</p>` : ''}
        <div class="actions">${this.planActions(item, state, seconds, day, today)}</div>
      </li>`).join('')
      : items.length ? html`<li class="empty">Nothing planned for ${day === today ? 'today' : 'this day'}. A day off is part of practising too.</li>`
        : html`<li class="empty">No plan yet: say what to practise on which days (scales every day, a piece on Mondays and Thursdays),
          and it waits here each morning. <a href="/plan" data-link>Make a plan</a></li>`;
    for (const button of this.querySelectorAll('#plan-items [data-action]')) {
      const entry = plan.find((e) => e.item.id === button.closest('li').dataset.id);
      button.addEventListener('click', () => this.planAction(button.dataset.action, entry.item, day, entry.seconds));
    }
  }

  /** What can be done about an item on a day: practise it, mark it done or skip it (today), take a skip back. */
  planActions(item, state, seconds, day, today) {
    if (state === 'SKIPPED') return html`<button type="button" class="secondary" data-action="unskip">Undo skip</button>`;
    if (day !== today || !['DUE', 'PARTLY_DONE'].includes(state)) return '';
    // The form opens on the minutes still to play.
    const params = new URLSearchParams({ plan: item.id, left: String(Math.max(1, item.targetMinutes - Math.floor(seconds / 60))) });
    if (item.sheetMusic) for (const [key, value] of new URL(practiceLink(item.sheetMusic), location.origin).searchParams) params.set(key, value);
    return html`<a class="button" href="/practice?${params}" data-link aria-label="Practise ${item.title}">Practise this</a>
      <button type="button" class="secondary" data-action="done" aria-label="Mark ${item.title} done">Done</button>
      <button type="button" class="secondary" data-action="skip" aria-label="Skip ${item.title} today">Skip</button>
      ${item.assignedBy ? html`<button type="button" class="secondary" data-action="decline" aria-label="Decline ${item.title}">Decline</button>` : ''}`;
  }

  /** `seconds`: what the day already counts for the item (by the same rule as its state). */
  async planAction(action, item, day, seconds) {
    if (action === 'decline') {
      const teacher = item.assignedBy.displayName || item.assignedBy.email;
      if (!confirm(`Decline "${item.title}"? It leaves your plan, and ${teacher} sees that you declined it. You can take it back from the plan page.`)) return;
      await sync.submit('DeclinePlanItem', { id: item.id, declined: true });
      this.querySelector('#plan-status').textContent = `${item.title}: declined; ${teacher} will see it.`;
      return;
    }
    if (action === 'skip' || action === 'unskip') {
      await sync.submit('SkipPlanItem', { id: item.id, date: day, skipped: action === 'skip' });
    } else if (action === 'done') {
      // What was practised away from the app: the item's remaining minutes, logged now.
      const left = Math.max(60, item.targetMinutes * 60 - seconds);
      const profile = await sync.profile();
      const instrument = item.instrument ?? (['PIANO', 'GUITAR'].includes(item.sheetMusic?.instrument) ? item.sheetMusic.instrument : null)
        ?? profile?.primaryInstrument ?? 'PIANO';
      const input = { id: nanoid(), activityType: item.activityType ?? (item.sheetMusic ? 'REPERTOIRE' : 'TECHNIQUE'), instrument,
        // It ended now and started `left` earlier, but never before the day it is for began
        // (just after midnight, a quarter of an hour earlier is yesterday).
        durationSeconds: left, startedAt: new Date(Math.max(Date.now() - left * 1000, new Date(`${day}T00:00:00`).getTime())).toISOString(), sheetMusicId: item.sheetMusic?.id ?? null,
        workTitle: item.exercise, targetTempo: item.targetTempo, planItemId: item.id,
        focusAreas: item.focusAreas.map((area) => area.toLowerCase()) };
      await sync.submit('CreateLog', { input }, { ...input, sheetMusic: item.sheetMusic, planItem: { id: item.id }, updatedAt: null });
    }
    const pending = await sync.queued();
    this.querySelector('#plan-status').textContent = (action === 'done' ? `${item.title}: logged.` : action === 'skip' ? `${item.title}: skipped today.` : `${item.title}: back on the plan.`)
      + (pending ? ' Saved on this device; it syncs when the network is back.' : '');
  }

  /** Goals in progress, and those reached today (older reached goals are Progress's). */
  renderGoals(all) {
    const today = localDay(new Date().toISOString());
    const goals = all.filter((goal) => !goal.completedAt || localDay(goal.completedAt) === today);
    this.querySelector('#goals').innerHTML = goals.length ? goals.map((goal) => html`
      <li data-id="${goal.id}">
        <div class="goal-head"><strong>${goal.title}</strong>
          <span class="meta">${goal.completedAt ? 'Reached today ✓' : `${goal.current} of ${goal.target}`}</span></div>
        <progress max="${goal.target}" value="${Math.min(goal.current, goal.target)}" aria-label="${goal.title}: ${goal.current} of ${goal.target}"></progress>
        <div class="actions">
          <button type="button" class="secondary" data-edit aria-label="Change the goal ${goal.title}">Change</button>
          <button type="button" class="secondary" data-delete aria-label="Delete the goal ${goal.title}">Delete</button>
        </div>
      </li>`).join('') : html`<li class="empty">No goals yet: a daily or weekly target keeps the habit.</li>`;
    for (const button of this.querySelectorAll('#goals [data-delete]')) {
      button.addEventListener('click', () => this.deleteGoal(button.closest('li').dataset.id));
    }
    for (const button of this.querySelectorAll('#goals [data-edit]')) {
      button.addEventListener('click', () => this.editGoal(goals.find((g) => g.id === button.closest('li').dataset.id), button.closest('li')));
    }
  }

  /** A goal's new target, in a form of its own with Cancel. */
  editGoal(goal, item) {
    this.querySelector('form.goal-edit')?.remove();
    item.insertAdjacentHTML('beforeend', html`
      <form class="goal-edit inline-form" aria-label="Change the goal">
        <label for="goal-edit-target">Target, minutes</label>
        <input id="goal-edit-target" type="number" min="1" max="10080" required inputmode="numeric" value="${goal.target}">
        <div class="actions"><button type="submit">Save</button><button type="button" class="secondary" data-cancel>Cancel</button></div>
      </form>`);
    const form = item.querySelector('form.goal-edit');
    form.querySelector('[data-cancel]').addEventListener('click', () => form.remove());
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      await this.goalWrite('UpdateGoal', { id: goal.id, input: { target: Number(form.querySelector('#goal-edit-target').value) } }, 'Goal changed.');
    });
  }

  async addGoal(event) {
    event.preventDefault();
    const input = { id: nanoid(), type: this.querySelector('#goal-type').value, target: Number(this.querySelector('#goal-target').value) };
    await this.goalWrite('CreateGoal', { input }, 'Goal added.');
    this.querySelector('#goal-form-box').open = false;
  }

  async deleteGoal(id) {
    await this.goalWrite('DeleteGoal', { id }, 'Goal deleted.');
  }

  async goalWrite(operation, variables, done) {
    const status = this.querySelector('#goal-status');
    try {
      await request(operation, variables);
      status.textContent = done;
      await this.load();
    } catch (error) {
      status.textContent = `Not saved: ${error.message}`;
    }
  }

  offerTimeZone(offer) {
    const box = this.querySelector('#timezone-offer');
    if (!offer) return box.replaceChildren();
    box.innerHTML = html`<section class="card notice" aria-label="Time zone">
      <p>This device is in <strong>${offer.device}</strong>; your profile counts days in <strong>${offer.profile}</strong>.</p>
      <div class="actions"><button type="button" id="use-zone">Use ${offer.device}</button>
        <button type="button" class="secondary" id="keep-zone">Keep ${offer.profile}</button></div></section>`;
    const close = () => { sessionStorage.removeItem('mirubato.timezone-offer'); box.replaceChildren(); };
    box.querySelector('#keep-zone').addEventListener('click', close);
    box.querySelector('#use-zone').addEventListener('click', async () => {
      try {
        await request('UpdateUser', { input: { preferences: { timeZone: offer.device } } });
        close();
        this.load();
      } catch (error) {
        box.querySelector('p').textContent = `Not changed: ${error.message}`;
      }
    });
  }
}

customElements.define('mb-today', TodayView);
