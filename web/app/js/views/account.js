// The account: who is signed in, the data export (a JSON file), sign-out and account deletion.
import { request } from '../api.js';
import { clearTokens, tokens } from '../auth.js';
import * as db from '../db.js';
import { html } from '../format.js';

class AccountView extends HTMLElement {
  connectedCallback() {
    const user = tokens()?.user;
    this.innerHTML = html`
      <section class="card">
        <h1>Account</h1>
        <p>Signed in as <strong>${user?.email ?? ''}</strong>.</p>
        <div class="actions">
          <button id="export" type="button" class="secondary">Export my data</button>
          <button id="signout" type="button">Sign out</button>
        </div>
        <p role="status" id="status" aria-live="polite"></p>
      </section>
      <section class="card danger">
        <h2>Delete the account</h2>
        <p>Removes every session, log, piece and setting for good.</p>
        <label><input id="confirm" type="checkbox"> I understand this cannot be undone</label>
        <button id="delete" type="button" class="danger" disabled>Delete my account</button>
      </section>`;
    this.querySelector('#export').addEventListener('click', () => this.export());
    this.querySelector('#signout').addEventListener('click', () => this.signOut('Logout'));
    this.querySelector('#confirm').addEventListener('change', (e) => { this.querySelector('#delete').disabled = !e.target.checked; });
    this.querySelector('#delete').addEventListener('click', () => this.signOut('DeleteAccount'));
  }

  async export() {
    try {
      const { exportMyData } = await request('ExportMyData');
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([JSON.stringify(exportMyData, null, 2)], { type: 'application/json' }));
      link.download = `mirubato-export-${new Date().toISOString().slice(0, 10)}.json`;
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (error) {
      this.querySelector('#status').textContent = `The export needs the network: ${error.message}`;
    }
  }

  async signOut(operation) {
    try {
      await request(operation);
    } catch (error) {
      if (operation === 'DeleteAccount') {
        this.querySelector('#status').textContent = `Not deleted: ${error.message}`;
        return;
      }
      // Signing out offline still forgets the tokens here; the session ends when they expire.
    }
    await db.clear();
    clearTokens();
    history.replaceState(null, '', '/');
    window.dispatchEvent(new Event('mirubato:navigate'));
  }
}

customElements.define('mb-account', AccountView);
