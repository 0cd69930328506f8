// Today: what a musician opens the app for. The day's minutes against the daily goal (a ring),
// the streak, "start practising", what was logged today, the pieces being learned that have
// waited longest, and the goals in progress. Minutes come from the device's copy of the logs
// (queued ones included), so the ring moves at once, offline too.
import { request } from '../api.js';
import { ring } from '../charts.js';
import { duration, html, label, localDay, practiceLink } from '../format.js';
import { nanoid } from '../ids.js';
import * as sync from '../sync.js';

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
    const logs = (await sync.logs()).filter((log) => localDay(log.startedAt) === today);
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
