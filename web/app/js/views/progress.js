// Progress on one instrument (the musician's primary one first; the other a tap away): streak,
// level and the XP to the next, a 12-week practice heatmap, minutes by week, month or year,
// time per activity and per piece, accuracy and tempo trends, achievements as badges, and
// recommendations for that instrument. The last answer per instrument is kept for offline viewing.
import { OfflineError, request } from '../api.js';
import { barChart, heatmap, lineChart } from '../charts.js';
import { duration, html, label, localDay } from '../format.js';
import { tokens } from '../auth.js';
import * as sync from '../sync.js';

const RANGES = {
  week: { text: 'Last 7 days', days: 7, groupBy: 'DAY' },
  month: { text: 'Last 5 weeks', days: 35, groupBy: 'WEEK' },
  year: { text: 'Last 12 months', days: 365, groupBy: 'MONTH' },
};

function daysBefore(day, count) {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() - count);
  return date.toISOString().slice(0, 10);
}

class ProgressView extends HTMLElement {
  async connectedCallback() {
    const params = new URLSearchParams(location.search);
    this.instrument = params.get('instrument') ?? (await sync.profile())?.primaryInstrument ?? tokens()?.user?.primaryInstrument ?? 'PIANO';
    this.range = RANGES[params.get('range')] ? params.get('range') : 'week';
    this.innerHTML = html`
      <div class="view-head">
        <h1>Progress</h1>
        <div class="segmented" role="group" aria-label="Instrument">
          ${['PIANO', 'GUITAR'].map((i) => html`<button type="button" data-instrument="${i}" aria-pressed="${String(i === this.instrument)}">${label(i)}</button>`)}
        </div>
      </div>
      <p role="status" id="progress-status"></p>
      <div id="content"><section class="card"><p>Loading…</p></section></div>`;
    for (const button of this.querySelectorAll('[data-instrument]')) {
      button.addEventListener('click', () => this.choose({ instrument: button.dataset.instrument }));
    }
    this.load();
  }

  choose(change) {
    Object.assign(this, change);
    history.replaceState(null, '', `/progress?instrument=${this.instrument}&range=${this.range}`);
    for (const button of this.querySelectorAll('[data-instrument]')) button.setAttribute('aria-pressed', String(button.dataset.instrument === this.instrument));
    this.load();
  }

  async load() {
    const today = localDay(new Date().toISOString());
    const range = RANGES[this.range];
    const variables = { instrument: this.instrument, calendarFrom: daysBefore(today, 7 * 12), statsFrom: daysBefore(today, range.days - 1),
      to: today, groupBy: range.groupBy };
    const { value: data, error } = await sync.readThrough(`progress:${this.instrument}:${this.range}`, () => request('Progress', variables));
    this.querySelector('#progress-status').textContent = !error ? '' : error instanceof OfflineError ? 'Offline: your progress as last seen.' : error.message;
    if (!data) {
      this.querySelector('#content').innerHTML = html`<section class="card"><p>Progress needs the network the first time.</p></section>`;
      return;
    }
    this.render(data, today);
  }

  render(data, today) {
    const p = data.myProgress;
    const stats = data.statistics;
    const toNext = p.nextLevelAt - p.experiencePoints;
    const instrument = label(this.instrument).toLowerCase();
    this.querySelector('#content').innerHTML = html`
      <section class="card stats" aria-label="Summary">
        <div><span class="big" id="streak">${p.currentStreak}</span> day streak <span class="meta">(best ${p.longestStreak})</span></div>
        <div><span class="big">${duration(p.totalPracticeSeconds)}</span> on the ${instrument} in total</div>
        <div><span class="big">Level ${p.level}</span>
          <progress max="${p.nextLevelAt}" value="${p.experiencePoints}" aria-label="Experience: ${p.experiencePoints} of ${p.nextLevelAt} points"></progress>
          <span class="meta">${p.experiencePoints} XP · ${toNext} to level ${p.level + 1}</span></div>
      </section>
      <section class="card"><h2>Practice calendar</h2><p class="meta">Last 12 weeks; darker is longer.</p><div id="calendar"></div>
        <p class="legend meta" aria-hidden="true">${[['0', 'none'], ['1', '<15 min'], ['2', '<30 min'], ['3', '<60 min'], ['4', 'an hour or more']]
          .map(([shade, text]) => html`<span class="legend-item"><span class="swatch shade-${shade}"></span>${text}</span> `)}</p></section>
      <section class="card">
        <div class="view-head"><h2>Statistics</h2>
          <div class="segmented" role="group" aria-label="Period">
            ${Object.entries(RANGES).map(([key, r]) => html`<button type="button" data-range="${key}" aria-pressed="${String(key === this.range)}">${r.text}</button>`)}
          </div></div>
        <p><strong>${duration(stats.totalSeconds)}</strong> in ${stats.totalLogs} ${stats.totalLogs === 1 ? 'log' : 'logs'} on ${stats.practiceDays} ${stats.practiceDays === 1 ? 'day' : 'days'}${stats.averageRating ? ` · rated ${stats.averageRating.toFixed(1)}/10 on average` : ''}</p>
        <div id="periods"></div>
        <h3>By activity</h3><div id="activities"></div>
        <h3>By piece</h3>
        <ol class="pieces-ranked">${stats.pieces.length ? stats.pieces.slice(0, 10).map((piece) => html`<li>
          ${piece.sheetMusic ? html`<a href="/piece/${piece.sheetMusic.id}" data-link>${piece.sheetMusic.title}</a>` : 'A deleted piece'}
          <span class="meta">${duration(piece.totalSeconds)} · ${piece.totalLogs} ${piece.totalLogs === 1 ? 'log' : 'logs'}</span></li>`)
          : html`<li class="empty">No piece logged in this period.</li>`}</ol>
      </section>
      <section class="card"><h2>Accuracy</h2><div id="accuracy"></div>
        <h2>Tempo</h2><p class="meta">Tempo practised as a share of each log's target tempo (the log form fills it from the piece's suggested tempo).</p><div id="tempo"></div></section>
      <section class="card"><h2>Achievements</h2><ul class="badges" id="achievements">
        ${data.myAchievements.map((a) => html`<li class="badge ${a.unlocked ? 'unlocked' : ''}">
          <span class="badge-mark" aria-hidden="true">${a.unlocked ? '★' : '☆'}</span>
          <strong>${a.title}</strong><span class="meta">${a.description}</span>
          <span class="tag">${a.unlocked ? 'Unlocked' : `${a.current} of ${a.target}`}</span></li>`)}
      </ul></section>
      <section class="card"><h2>Try next on the ${instrument}</h2><ul class="logs compact">${data.recommendedSheetMusic.length
        ? data.recommendedSheetMusic.map((r) => html`<li><a href="/piece/${r.id}" data-link>${r.title}</a> <span class="meta">${r.composer}</span></li>`)
        : html`<li class="empty">No recommendation yet.</li>`}</ul></section>`;
    const minutes = new Map(data.calendar.periods.map((period) => [period.from, period.totalSeconds / 60]));
    this.querySelector('#calendar').append(heatmap(minutes, today, 12));
    const periodLabel = (period) => (RANGES[this.range].groupBy === 'MONTH'
      ? new Date(`${period.from}T12:00:00Z`).toLocaleDateString(undefined, { month: 'short', timeZone: 'UTC' })
      : RANGES[this.range].groupBy === 'WEEK' ? period.from.slice(5).replace('-', '/')
        : new Date(`${period.from}T12:00:00Z`).toLocaleDateString(undefined, { weekday: 'short', timeZone: 'UTC' }));
    this.querySelector('#periods').append(barChart(stats.periods.map((period) => ({ label: periodLabel(period), value: period.totalSeconds / 60 })),
      `Minutes per ${RANGES[this.range].groupBy.toLowerCase()}`, (v) => `${Math.round(v)} min`));
    this.querySelector('#activities').append(barChart(stats.activities.filter((a) => a.totalSeconds > 0)
      .map((a) => ({ label: label(a.activityType).split(' ')[0].slice(0, 8), value: a.totalSeconds / 60 })), 'Minutes per activity', (v) => `${Math.round(v)} min`));
    this.querySelector('#accuracy').append(lineChart(p.accuracyTrend.map((t) => ({ label: t.date.slice(5), value: t.value })), 'Accuracy, %', 0, 100, (v) => `${Math.round(v)}%`));
    const tempi = p.tempoTrend.map((t) => t.value);
    this.querySelector('#tempo').append(lineChart(p.tempoTrend.map((t) => ({ label: t.date.slice(5), value: t.value })), 'Tempo, % of target',
      Math.min(50, ...tempi), Math.max(110, ...tempi), (v) => `${Math.round(v)}%`));
    for (const button of this.querySelectorAll('[data-range]')) button.addEventListener('click', () => this.choose({ range: button.dataset.range }));
  }
}

customElements.define('mb-progress', ProgressView);
