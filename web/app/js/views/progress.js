// Progress: the streak and its calendar, time per day and per skill area, accuracy and tempo
// trends, level and XP, achievements (also announced live by main.js), goals and
// recommendations. The last answer is kept for offline viewing.
import { OfflineError, request } from '../api.js';
import { barChart, lineChart, streakCalendar } from '../charts.js';
import { duration, html, label } from '../format.js';
import * as sync from '../sync.js';

class ProgressView extends HTMLElement {
  async connectedCallback() {
    this.innerHTML = html`<section class="card"><p role="status">Loading…</p></section>`;
    const { value: data, error } = await sync.readThrough('progress', () => request('Progress', { instrument: null }));
    const note = !error ? '' : error instanceof OfflineError ? 'Offline: your progress as last seen.' : error.message;
    if (error && !data) {
      this.innerHTML = html`<section class="card"><p role="status">${note}</p></section>`;
      return;
    }
    const p = data.myProgress;
    const days = p.dailySummaries;
    const today = new Date().toISOString().slice(0, 10);
    this.innerHTML = html`
      <p role="status">${note}</p>
      <section class="card stats" aria-label="Summary">
        <div><span class="big" id="streak">${p.currentStreak}</span> day streak</div>
        <div><span class="big">${p.longestStreak}</span> longest</div>
        <div><span class="big">${p.level}</span> level · ${p.experiencePoints} XP</div>
        <div><span class="big">${duration(p.totalPracticeSeconds)}</span> in all</div>
      </section>
      <section class="card"><h2>Practice days</h2><div id="calendar"></div></section>
      <section class="card"><h2>Minutes per day</h2><div id="per-day"></div></section>
      <section class="card"><h2>Skill areas</h2><div id="areas"></div></section>
      <section class="card"><h2>Accuracy</h2><div id="accuracy"></div><h2>Tempo</h2><div id="tempo"></div></section>
      <section class="card"><h2>Achievements</h2><ul class="achievements" id="achievements">
        ${data.myAchievements.map((a) => html`<li class="${a.unlocked ? 'unlocked' : ''}"><strong>${a.title}</strong>
          <span>${a.description}</span> <span class="tag">${a.unlocked ? 'Unlocked' : `${a.current}/${a.target}`}</span></li>`)}
      </ul></section>
      <section class="card"><h2>Goals</h2><ul>${data.myGoals.length ? data.myGoals.map((g) => html`<li>${g.title}: ${g.current}/${g.target}${g.completedAt ? ' ✓' : ''}</li>`) : html`<li>No goals yet.</li>`}</ul></section>
      <section class="card"><h2>Try next</h2><ul>${data.recommendedSheetMusic.map((r) => html`<li><a href="/piece/${r.id}" data-link>${r.title}</a> · ${r.composer}</li>`)}</ul></section>`;
    this.querySelector('#calendar').append(streakCalendar(days.filter((d) => d.totalSeconds > 0).map((d) => d.date), today));
    this.querySelector('#per-day').append(barChart(days.slice(-14).map((d) => ({ label: d.date.slice(8), value: d.totalSeconds / 60 })),
      'Minutes per day', (v) => `${Math.round(v)} min`));
    this.querySelector('#areas').append(barChart(p.skillAreas.map((a) => ({ label: label(a.skillArea).slice(0, 6), value: a.experiencePoints })), 'Experience per skill area'));
    this.querySelector('#accuracy').append(lineChart(p.accuracyTrend.map((t) => ({ label: t.date, value: t.value })), 'Accuracy, %'));
    const tempi = p.tempoTrend.map((t) => t.value);
    this.querySelector('#tempo').append(lineChart(p.tempoTrend.map((t) => ({ label: t.date, value: t.value })), 'Tempo, BPM',
      Math.min(40, ...tempi), Math.max(200, ...tempi)));
  }
}

customElements.define('mb-progress', ProgressView);
