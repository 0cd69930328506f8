// One student, as their teacher sees them: this week at a glance (streak, minutes, the items the
// teacher assigned with each day's state), the week's logs with their recordings to listen to and
// a comment thread under each, and
// a form to assign practice. Only what the student shares is shown; the rest says it is not
// shared rather than looking empty. Needs the network.
import { OfflineError, request, requestShared } from '../api.js';
import { clock, clockTime, dayName, duration, html, label, localDay, plural, shortDate } from '../format.js';
import { nanoid } from '../ids.js';
import { player, wirePlayers } from '../players.js';
import { WEEKDAYS, addDays, describe, weekStart } from '../plan.js';
import { personName, sharedWords } from './teaching.js';

const MARK = { DONE: ['✓', 'done'], PARTLY_DONE: ['◐', 'started'], SKIPPED: ['–', 'skipped'], MISSED: ['✗', 'missed'], DUE: ['○', 'due today'], UPCOMING: ['·', 'coming'] };

class StudentView extends HTMLElement {
  connectedCallback() {
    this.studentId = decodeURIComponent(location.pathname.split('/')[2] ?? '');
    const today = new Date().toLocaleDateString('en-CA');
    this.innerHTML = html`
      <section class="card" aria-labelledby="student-heading">
        <div class="card-head"><h1 id="student-heading">Student</h1><a href="/teaching" data-link>All students</a></div>
        <p id="summary" class="summary"></p>
        <p id="shared" class="meta"></p>
      </section>
      <section class="card" aria-labelledby="assigned-heading">
        <h2 id="assigned-heading">This week's assignments</h2>
        <div id="grid" class="assign-grid"></div>
        <p class="meta legend" aria-hidden="true">✓ done · ◐ started · ✗ missed · – skipped · ○ due today · · coming</p>
        <ul id="assignments" class="people"></ul>
        <p role="status" id="assign-list-status" aria-live="polite"></p>
      </section>
      <section class="card" aria-labelledby="logs-heading">
        <h2 id="logs-heading">Practice this week</h2>
        <ul id="logs" class="logs"><li class="empty">Loading…</li></ul>
      </section>
      <section class="card" aria-labelledby="assign-heading">
        <h2 id="assign-heading">Assign practice</h2>
        <form id="assign">
          <label for="what">What to practise</label>
          <input id="what" required maxlength="200" placeholder="e.g. C major scale, hands together, ♩ = 80">
          <div class="pair">
            <div><label for="minutes">Minutes each time</label><input id="minutes" type="number" min="1" max="600" value="10" required inputmode="numeric"></div>
            <div><label for="activity">Activity (optional)</label>
              <select id="activity"><option value="">Any</option>${['SCALES', 'ARPEGGIOS', 'ETUDES', 'REPERTOIRE', 'SIGHT_READING', 'TECHNIQUE', 'SLOW_PRACTICE', 'MEMORIZATION'].map((a) => html`<option value="${a}">${label(a)}</option>`)}</select></div>
          </div>
          <fieldset class="choices"><legend>When</legend>
            <label class="check"><input type="radio" name="kind" value="DAILY" checked> Every day</label>
            <label class="check"><input type="radio" name="kind" value="WEEKDAYS"> On some weekdays</label>
            <label class="check"><input type="radio" name="kind" value="ONCE"> On one day</label>
          </fieldset>
          <fieldset id="weekdays-box" hidden><legend>Which weekdays</legend>
            <div class="weekday-picks">${WEEKDAYS.map((d) => html`<label class="check"><input type="checkbox" name="weekday" value="${d}"> ${d.charAt(0) + d.slice(1, 3).toLowerCase()}</label>`)}</div>
          </fieldset>
          <div class="pair">
            <div><label for="start">Starting</label><input id="start" type="date" required value="${today}"></div>
            <div><label for="end">Until (optional)</label><input id="end" type="date"></div>
          </div>
          <label for="assign-notes">Notes for the student (optional)</label>
          <textarea id="assign-notes" rows="2" maxlength="2000" placeholder="e.g. slowly first, then with the metronome"></textarea>
          <button type="submit">Assign</button>
        </form>
        <p role="status" id="assign-status" aria-live="polite"></p>
      </section>
      <section class="card">
        <button type="button" class="secondary destructive" id="leave">Stop following this student</button>
      </section>`;
    for (const radio of this.querySelectorAll('input[name=kind]')) {
      radio.addEventListener('change', () => { this.querySelector('#weekdays-box').hidden = radio.value !== 'WEEKDAYS' || !radio.checked; });
    }
    this.querySelector('#assign').addEventListener('submit', (event) => this.assign(event));
    this.querySelector('#leave').addEventListener('click', () => this.leave());
    this.render();
  }

  async render() {
    const today = new Date().toLocaleDateString('en-CA');
    const monday = weekStart(today);
    this.week = Array.from({ length: 7 }, (_, index) => addDays(monday, index));
    let answer;
    try {
      answer = await requestShared('Student', { id: this.studentId, from: monday, to: this.week[6], logsFrom: new Date(`${monday}T00:00:00`).toISOString() });
    } catch (error) {
      this.querySelector('#logs').innerHTML = html`<li class="empty">${error instanceof OfflineError
        ? 'Offline: a student\u2019s practice is read from the server.' : error.message}</li>`;
      return;
    }
    const student = answer.data.student;
    this.student = student;
    const name = personName(student.contact);
    this.querySelector('#student-heading').textContent = name;
    document.title = `${name} · Mirubato`;
    const shares = new Set(student.scopes);
    this.querySelector('#summary').innerHTML = shares.has('PROGRESS') ? html`
      <span class="stat"><strong>${plural(student.currentStreak ?? 0, 'day', 'days')}</strong> streak</span>
      <span class="stat"><strong>${student.minutesThisWeek ?? 0} min</strong> this week</span>
      <span class="stat">${student.lastPracticeDate ? html`last practised <strong>${shortDate(student.lastPracticeDate)}</strong>` : 'no practice yet'}</span>`
      : 'Progress is not shared with you.';
    this.querySelector('#shared').textContent = `${student.contact.email} · shares ${sharedWords(student.scopes, 'nothing yet')} · since ${shortDate(student.since)}`;
    this.renderAssignments(student, today);
    this.renderLogs(student, shares);
  }

  /** A grid of the teacher's items by weekday, a mark per day, then the items with what can be done. */
  renderAssignments(student, today) {
    const items = student.assignments ?? [];
    const states = new Map();
    for (const day of student.planDays ?? []) for (const entry of day.items) states.set(`${entry.planItem.id} ${day.date}`, entry.state);
    const head = this.week.map((day) => html`<th scope="col" class="${day === today ? 'today' : ''}">${new Date(`${day}T12:00:00`).toLocaleDateString(undefined, { weekday: 'narrow' })}<span class="visually-hidden"> ${dayName(day)}</span></th>`);
    const rows = items.filter((item) => !item.declinedAt).map((item) => html`<tr><th scope="row">${item.title}</th>${this.week.map((day) => {
      const state = states.get(`${item.id} ${day}`);
      const [mark, word] = state ? MARK[state] : ['', 'not due'];
      return html`<td class="state-${(state ?? 'none').toLowerCase()}" aria-label="${dayName(day)}: ${word}">${mark}</td>`;
    })}</tr>`);
    this.querySelector('#grid').innerHTML = rows.length ? html`<table><thead><tr><th scope="col"><span class="visually-hidden">Item</span></th>${head}</tr></thead><tbody>${rows}</tbody></table>`
      : html`<p class="empty">Nothing assigned this week. Assign an exercise or a piece below; it appears in the student's plan.</p>`;
    this.querySelector('#assignments').innerHTML = items.map((item) => html`
      <li data-id="${item.id}"><div class="person"><strong>${item.title}</strong>
        <span class="meta">${item.targetMinutes} min · ${describe(item.schedule)}</span>
        ${item.declinedAt ? html`<span class="tag state-missed">Declined ${shortDate(item.declinedAt)}</span>` : ''}</div>
        <button type="button" class="secondary" data-withdraw aria-label="Withdraw ${item.title}">Withdraw</button></li>`).join('');
    for (const button of this.querySelectorAll('[data-withdraw]')) {
      button.addEventListener('click', async () => {
        const item = items.find((i) => i.id === button.closest('li').dataset.id);
        if (!confirm(`Withdraw "${item.title}" from ${personName(this.student.contact)}'s plan?`)) return;
        await request('WithdrawAssignment', { id: item.id });
        this.querySelector('#assign-list-status').textContent = `${item.title} withdrawn.`;
        this.render();
      });
    }
  }

  renderLogs(student, shares) {
    const list = this.querySelector('#logs');
    if (!shares.has('LOGS')) {
      list.innerHTML = html`<li class="empty">${personName(student.contact)} does not share practice logs with you.</li>`;
      return;
    }
    const logs = (student.practiceLogs?.edges ?? []).map((edge) => edge.node);
    if (!logs.length) {
      list.innerHTML = html`<li class="empty">No practice logged this week yet.</li>`;
      return;
    }
    list.innerHTML = logs.map((log, index) => html`
      ${index === 0 || localDay(logs[index - 1].startedAt) !== localDay(log.startedAt) ? html`<li class="day"><h3>${dayName(localDay(log.startedAt))}</h3></li>` : ''}
      <li data-id="${log.id}">
        <div class="log-head"><strong>${log.workTitle ?? log.sheetMusic?.title ?? label(log.activityType)}</strong>
          ${log.workTitle ?? log.sheetMusic?.title ? html`<span class="tag">${label(log.activityType)}</span>` : ''}</div>
        <div class="meta">${clockTime(log.startedAt)} · ${duration(log.durationSeconds)}${log.tempoPracticed ? ` · ♩\u00a0=\u00a0${log.tempoPracticed}` : ''}${log.selfRating ? ` · rated ${log.selfRating}/10` : ''}</div>
        ${log.practiceNotes ? html`<p class="notes">${log.practiceNotes}</p>` : ''}
        ${log.recordings?.length ? html`<ul class="recordings" aria-label="Recordings">${log.recordings.map((r, n) => html`<li>
          ${player(r, `Recording ${n + 1} of this log`, clock(r.durationSeconds))}</li>`)}</ul>` : ''}
        <ol class="thread">${(log.comments ?? []).map((c) => html`<li class="${c.fromTeacher ? 'mine' : ''}"><span class="meta">${c.fromTeacher ? 'You' : personName(c.author)} · ${clockTime(c.createdAt)}</span><p>${c.body}</p></li>`)}</ol>
        <form class="comment-form" data-comment><label for="comment-${log.id}" class="visually-hidden">Comment on this log</label>
          <textarea id="comment-${log.id}" rows="1" maxlength="2000" required placeholder="Comment: what went well, what to try next"></textarea>
          <button type="submit" class="secondary">Send</button></form>
      </li>`).join('');
    wirePlayers(list);
    for (const form of list.querySelectorAll('[data-comment]')) {
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const text = form.querySelector('textarea');
        try {
          await request('AddComment', { input: { id: nanoid(), logId: form.closest('li').dataset.id, body: text.value } });
          this.render();
        } catch (error) {
          text.setCustomValidity(error instanceof OfflineError ? 'Offline: not sent.' : error.message);
          text.reportValidity();
          text.addEventListener('input', () => text.setCustomValidity(''), { once: true });
        }
      });
    }
  }

  async assign(event) {
    event.preventDefault();
    const value = (id) => this.querySelector(`#${id}`).value.trim();
    const kind = this.querySelector('input[name=kind]:checked').value;
    const weekdays = [...this.querySelectorAll('input[name=weekday]:checked')].map((box) => box.value);
    const status = this.querySelector('#assign-status');
    if (kind === 'WEEKDAYS' && !weekdays.length) {
      status.textContent = 'Choose at least one weekday.';
      return;
    }
    const input = { id: nanoid(), exercise: value('what'), targetMinutes: Number(value('minutes')), activityType: value('activity') || null,
      notes: value('assign-notes') || null,
      schedule: { kind: kind === 'DAILY' ? 'EVERY_N_DAYS' : kind, startDate: value('start'), endDate: kind === 'ONCE' ? null : value('end') || null,
        everyDays: kind === 'DAILY' ? 1 : null, weekdays: kind === 'WEEKDAYS' ? weekdays : null } };
    try {
      const item = (await request('AssignPlanItem', { studentId: this.studentId, input })).assignPlanItem;
      status.textContent = `Assigned: ${item.title}. It is in ${personName(this.student?.contact)}'s plan now.`;
      this.querySelector('#what').value = '';
      this.querySelector('#assign-notes').value = '';
      this.render();
    } catch (error) {
      status.textContent = error instanceof OfflineError ? 'Offline: assigning needs the network.' : error.message;
    }
  }

  async leave() {
    if (!confirm(`Stop following ${personName(this.student?.contact)}'s practice? They can invite you again.`)) return;
    await request('LeaveStudent', { studentId: this.studentId });
    history.pushState(null, '', '/teaching');
    window.dispatchEvent(new Event('mirubato:navigate'));
  }
}

customElements.define('mb-student', StudentView);
