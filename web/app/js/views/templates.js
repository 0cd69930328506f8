// Practice templates in Settings: the routines a musician repeats (a warm-up, a scale set), each
// pre-filling the log form. Listed, created, edited (with the stale-edit check) and deleted.
import { OfflineError, request } from '../api.js';
import { ACTIVITIES, FOCUS_AREAS, html, label } from '../format.js';
import { nanoid } from '../ids.js';
import * as db from '../db.js';

class TemplatesPanel extends HTMLElement {
  connectedCallback() {
    this.innerHTML = html`
      <section class="card" aria-labelledby="templates-title">
        <h2 id="templates-title">Practice templates</h2>
        <p class="hint">Routines you repeat; choosing one in the log form fills it in.</p>
        <ul id="templates" class="logs"></ul>
        <button type="button" class="secondary" id="new-template">New template</button>
        <p role="status" id="template-status" aria-live="polite"></p>
      </section>`;
    this.querySelector('#new-template').addEventListener('click', () => this.edit(null));
    this.load();
  }

  async load() {
    try {
      this.templates = (await request('Templates')).myPracticeTemplates;
      await db.put('values', this.templates, 'templates');
    } catch (error) {
      this.templates = (await db.get('values', 'templates')) ?? [];
      this.status(error instanceof OfflineError ? 'Offline: templates as last seen; changes need the network.' : error.message);
    }
    this.render();
  }

  render() {
    this.querySelector('#templates').innerHTML = this.templates.length ? this.templates.map((t) => html`
      <li data-id="${t.id}"><strong>${t.name}</strong>
        <span class="meta">${label(t.activityType)}${t.workTitle ? ` · ${t.workTitle}` : ''}${t.tempo ? ` · ♩ = ${t.tempo}` : ''}</span>
        <div class="actions">
          <button type="button" class="secondary" data-action="edit" aria-label="Edit the template ${t.name}">Edit</button>
          <button type="button" class="secondary" data-action="delete" aria-label="Delete the template ${t.name}">Delete</button>
        </div></li>`).join('') : html`<li class="empty">No templates yet.</li>`;
    for (const button of this.querySelectorAll('#templates button')) {
      const template = this.templates.find((t) => t.id === button.closest('li').dataset.id);
      button.addEventListener('click', () => (button.dataset.action === 'edit' ? this.edit(template) : this.remove(template)));
    }
  }

  /** One form, for a new template (null) or an existing one. */
  edit(template) {
    this.querySelector('form.template')?.remove();
    const t = template ?? { name: '', activityType: 'WARM_UP', workTitle: '', tempo: null, focusAreas: [] };
    this.querySelector('#new-template').insertAdjacentHTML('beforebegin', html`
      <form class="template" aria-label="${template ? 'Edit the template' : 'New template'}">
        <label for="template-name">Name</label>
        <input id="template-name" required maxlength="100" value="${t.name}">
        <label for="template-activity">Activity</label>
        <select id="template-activity">${ACTIVITIES.map((a) => html`<option value="${a}" ${a === t.activityType ? 'selected' : ''}>${label(a)}</option>`)}</select>
        <label for="template-work">Piece or exercise</label>
        <input id="template-work" maxlength="500" value="${t.workTitle ?? ''}">
        <label for="template-tempo">Tempo (BPM)</label>
        <input id="template-tempo" type="number" min="1" max="400" inputmode="numeric" value="${t.tempo ?? ''}">
        <fieldset><legend>Focus</legend>
          ${FOCUS_AREAS.map((f) => html`<label class="check"><input type="checkbox" name="template-focus" value="${f}" ${t.focusAreas.includes(f) ? 'checked' : ''}> ${label(f)}</label>`)}
        </fieldset>
        <div class="actions"><button type="submit">Save the template</button><button type="button" class="secondary" data-cancel>Cancel</button></div>
      </form>`);
    const form = this.querySelector('form.template');
    form.querySelector('[data-cancel]').addEventListener('click', () => form.remove());
    form.querySelector('#template-name').focus();
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const value = (id) => form.querySelector(`#${id}`).value.trim();
      const input = {
        name: value('template-name'), activityType: value('template-activity'), workTitle: value('template-work') || null,
        tempo: value('template-tempo') === '' ? null : Number(value('template-tempo')),
        focusAreas: [...form.querySelectorAll('input[name=template-focus]:checked')].map((box) => box.value.toLowerCase()),
      };
      try {
        if (template) await request('UpdateTemplate', { id: template.id, input: { ...input, expectedUpdatedAt: template.updatedAt } });
        else await request('CreateTemplate', { input: { ...input, id: nanoid() } });
        form.remove();
        this.status(template ? 'Template saved.' : 'Template added.');
        await this.load();
      } catch (error) {
        this.status(error.code === 'CONFLICT' ? 'This template changed on another device; here it is as it is now.' : `Not saved: ${error.message}`);
        if (error.code === 'CONFLICT') await this.load();
      }
    });
  }

  async remove(template) {
    if (!confirm(`Delete the template “${template.name}”?`)) return;
    try {
      await request('DeleteTemplate', { id: template.id });
      this.status('Template deleted.');
      await this.load();
    } catch (error) {
      this.status(`Not deleted: ${error.message}`);
    }
  }

  status(text) {
    this.querySelector('#template-status').textContent = text;
  }
}

customElements.define('mb-templates', TemplatesPanel);
