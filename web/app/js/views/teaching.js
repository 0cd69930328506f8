// Teaching: both sides of sharing practice with a teacher. A student invites a teacher (a code to
// hand over, or a mail with a link), chooses per teacher what they see and can stop at any time;
// a teacher accepts an invite (typed, or from the mail's link, which opens this page with the
// code filled in) and finds their students here, each with this week at a glance. Needs the
// network: what is shared is decided on the server, at the moment it is read.
import { OfflineError, requestShared, request } from '../api.js';
import { TEACHES_KEY } from '../auth.js';
import { html, plural, shortDate } from '../format.js';

/** The scopes a student can share, in the schema's order, as a musician reads them. */
export const SCOPES = [
  ['LOGS', 'Practice logs', 'what, when and how long'],
  ['LOG_NOTES', 'Notes on logs', 'what you wrote about each'],
  ['SESSIONS', 'Sessions', 'with their notes'],
  ['PROGRESS', 'Progress', 'streaks, minutes and statistics'],
  ['REPERTOIRE', 'Repertoire', 'your pieces and where they stand'],
  ['PLAN', 'Your whole plan', 'they always see what they assigned'],
];
const DEFAULT = ['LOGS', 'PROGRESS', 'REPERTOIRE'];

/** What a list of scopes shares, in words ("practice logs, progress"), or `none` when empty. */
export function sharedWords(scopes, none) {
  return scopes.length ? scopes.map((s) => SCOPES.find(([k]) => k === s)?.[1].toLowerCase() ?? s).join(', ') : none;
}

/** A person's name, or their address when they gave none. */
export function personName(contact) {
  return contact?.displayName || contact?.email || 'Someone';
}

class TeachingView extends HTMLElement {
  connectedCallback() {
    const code = new URLSearchParams(location.search).get('code') ?? '';
    this.innerHTML = html`
      <section class="card" aria-labelledby="accept-heading" id="accept-card" ${code ? '' : 'hidden'}>
        <h1 id="accept-heading">Accept an invitation</h1>
        <p>A student invited you to follow their practice as their teacher.</p>
        <form id="accept-top" class="inline-form"><label for="code-top">Invite code</label>
          <input id="code-top" value="${code}" autocomplete="off" autocapitalize="characters" required maxlength="20">
          <button type="submit">Accept</button></form>
        <p role="status" id="accept-top-status" aria-live="polite"></p>
      </section>
      <section class="card" aria-labelledby="students-heading" id="students-card" hidden>
        <h2 id="students-heading">Your students</h2>
        <ul id="students" class="people"></ul>
      </section>
      <section class="card" aria-labelledby="teachers-heading">
        <h1 id="teachers-heading">Your teachers</h1>
        <p class="meta">A teacher sees only what you tick, from the moment you tick it; stop sharing and they see nothing more.</p>
        <ul id="teachers" class="people"><li class="empty">Loading…</li></ul>
        <p role="status" id="teachers-status" aria-live="polite"></p>
      </section>
      <section class="card" aria-labelledby="invite-heading">
        <h2 id="invite-heading">Invite a teacher</h2>
        <form id="invite">
          <label for="invite-email">Their e-mail address (optional)</label>
          <input id="invite-email" type="email" autocomplete="off" placeholder="We mail them a link; or leave it empty and hand over the code">
          <fieldset class="scope-list"><legend>They will see</legend>${SCOPES.map(([scope, name, hint]) => html`
            <label class="check"><input type="checkbox" name="scope" value="${scope}" ${DEFAULT.includes(scope) ? 'checked' : ''}> <span>${name} <span class="meta">· ${hint}</span></span></label>`)}
          </fieldset>
          <button type="submit">Make an invite</button>
        </form>
        <div id="new-invite" class="invite-code" hidden></div>
        <p role="status" id="invite-status" aria-live="polite"></p>
        <h3>Open invites</h3>
        <ul id="invites" class="people"></ul>
      </section>
      <section class="card" aria-labelledby="teacher-heading" ${code ? 'hidden' : ''}>
        <h2 id="teacher-heading">Are you a teacher?</h2>
        <p class="meta">Ask your student for their invite code and enter it here.</p>
        <form id="accept" class="inline-form"><label for="code">Invite code</label>
          <input id="code" autocomplete="off" autocapitalize="characters" required maxlength="20" placeholder="XXXXX-XXXXX">
          <button type="submit">Accept</button></form>
        <p role="status" id="accept-status" aria-live="polite"></p>
      </section>`;
    this.querySelector('#invite').addEventListener('submit', (event) => this.invite(event));
    for (const [form, input, status] of [['#accept', '#code', '#accept-status'], ['#accept-top', '#code-top', '#accept-top-status']]) {
      this.querySelector(form).addEventListener('submit', (event) => this.accept(event, this.querySelector(input), this.querySelector(status)));
    }
    this.render();
  }

  async render() {
    let data;
    try {
      ({ data } = await requestShared('Teaching'));
    } catch (error) {
      this.querySelector('#teachers').innerHTML = html`<li class="empty">${error instanceof OfflineError
        ? 'Offline: sharing with a teacher needs the network.' : `Could not load: ${error.message}`}</li>`;
      return;
    }
    const teachers = data.myTeachers;
    this.querySelector('#teachers').innerHTML = teachers.length ? teachers.map((share) => html`
      <li data-id="${share.teacher.id}">
        <div class="person"><strong>${personName(share.teacher)}</strong>
          <span class="meta">${share.teacher.email} · since ${shortDate(share.since)}</span></div>
        <fieldset class="choices compact"><legend>Sees</legend>${SCOPES.map(([scope, name]) => html`
          <label class="check"><input type="checkbox" data-scope="${scope}" ${share.scopes.includes(scope) ? 'checked' : ''}> ${name}</label>`)}
        </fieldset>
        <div class="actions"><button type="button" class="secondary destructive" data-end>Stop sharing with ${personName(share.teacher)}</button></div>
      </li>`).join('')
      : html`<li class="empty">No teacher follows your practice yet. Invite one below: they see what you choose, and you can change it or stop at any time.</li>`;
    for (const li of this.querySelectorAll('#teachers li[data-id]')) {
      const share = teachers.find((t) => t.teacher.id === li.dataset.id);
      for (const box of li.querySelectorAll('[data-scope]')) box.addEventListener('change', () => this.rescope(li, share));
      li.querySelector('[data-end]').addEventListener('click', () => this.end(share));
    }
    const invites = data.myTeacherInvites;
    this.querySelector('#invites').innerHTML = invites.length ? invites.map((invite) => html`
      <li data-id="${invite.id}"><div class="person"><strong>${invite.email ?? 'By code'}</strong>
        <span class="meta">works until ${shortDate(invite.expiresAt)} · ${sharedWords(invite.scopes, 'nothing shared yet')}</span></div>
        <button type="button" class="secondary" data-cancel>Withdraw</button></li>`).join('')
      : html`<li class="empty">None open.</li>`;
    for (const button of this.querySelectorAll('#invites [data-cancel]')) {
      button.addEventListener('click', async () => {
        await request('CancelTeacherInvite', { id: button.closest('li').dataset.id });
        this.render();
      });
    }
    const students = data.myStudents;
    this.querySelector('#students-card').hidden = !students.length;
    localStorage.setItem(TEACHES_KEY, students.length ? '1' : '0');
    document.querySelector('#students-link').hidden = !students.length;
    this.querySelector('#students').innerHTML = students.map((student) => html`
      <li><a class="person-link" href="/students/${student.id}" data-link><strong>${personName(student.contact)}</strong>
        <span class="meta">${student.scopes.includes('PROGRESS')
          ? `${student.lastPracticeDate ? `last practised ${shortDate(student.lastPracticeDate)}` : 'no practice yet'} · ${plural(student.currentStreak ?? 0, 'day', 'days')} streak · ${student.minutesThisWeek ?? 0} min this week`
          : 'progress not shared'}</span></a></li>`).join('');
  }

  async rescope(li, share) {
    let scopes = [...li.querySelectorAll('[data-scope]:checked')].map((box) => box.dataset.scope);
    const status = this.querySelector('#teachers-status');
    // Notes only come with the logs: ticking notes ticks logs, unticking logs unticks notes.
    if (scopes.includes('LOG_NOTES') && !scopes.includes('LOGS')) {
      scopes = scopes.filter((s) => s !== 'LOG_NOTES');
      li.querySelector('[data-scope="LOG_NOTES"]').checked = false;
    }
    try {
      await request('UpdateTeacherShare', { teacherId: share.teacher.id, scopes });
      status.textContent = `${personName(share.teacher)} now sees ${sharedWords(scopes, 'nothing')}.`;
    } catch (error) {
      status.textContent = `Not changed: ${error instanceof OfflineError ? 'you are offline.' : error.message}`;
      this.render();
    }
  }

  async end(share) {
    if (!confirm(`Stop sharing your practice with ${personName(share.teacher)}? They see nothing more from now on; you can invite them again later.`)) return;
    await request('EndTeacherShare', { teacherId: share.teacher.id });
    this.querySelector('#teachers-status').textContent = `${personName(share.teacher)} no longer sees your practice.`;
    this.render();
  }

  async invite(event) {
    event.preventDefault();
    const email = this.querySelector('#invite-email').value.trim() || null;
    const scopes = [...this.querySelectorAll('input[name=scope]:checked')].map((box) => box.value);
    const status = this.querySelector('#invite-status');
    if (scopes.includes('LOG_NOTES') && !scopes.includes('LOGS')) {
      status.textContent = 'Notes on logs come with the logs: tick Practice logs too.';
      return;
    }
    try {
      const invite = (await request('InviteTeacher', { input: { email, scopes } })).inviteTeacher;
      const box = this.querySelector('#new-invite');
      box.hidden = false;
      box.innerHTML = html`<p>${email ? html`We mailed <strong>${email}</strong> a link. The code is also:` : 'Give your teacher this code:'}</p>
        <p class="code" id="invite-code">${invite.code}</p>
        <p class="meta">It works once, until ${shortDate(invite.expiresAt)}. It is shown only now.</p>
        <button type="button" class="secondary" id="copy-code">Copy the code</button>`;
      box.querySelector('#copy-code').addEventListener('click', async () => {
        await navigator.clipboard?.writeText(invite.code).catch(() => {});
        status.textContent = 'Code copied.';
      });
      this.querySelector('#invite-email').value = '';
      status.textContent = '';
      this.render();
    } catch (error) {
      status.textContent = error instanceof OfflineError ? 'Offline: invites need the network.' : error.message;
    }
  }

  async accept(event, input, status) {
    event.preventDefault();
    try {
      const share = (await request('AcceptTeacherInvite', { code: input.value })).acceptTeacherInvite;
      status.innerHTML = html`You now follow <a href="/students/${share.student.id}" data-link>${personName(share.student)}</a>'s practice.`;
      input.value = '';
      history.replaceState(null, '', '/teaching');
      this.render();
    } catch (error) {
      status.textContent = error instanceof OfflineError ? 'Offline: accepting needs the network.' : error.message;
    }
  }
}

customElements.define('mb-teaching', TeachingView);
