// Sign-in by magic link: the address gets a mail with a link to /auth/verify?token=…, which this
// view also handles. In development the link is in the server's log (MIRUBATO_MAIL=log, what
// `make run` sets) or in `mirubato mail list --body`; it can be pasted here too.
import { GraphQLError, OfflineError, request } from '../api.js';
import { saveTokens } from '../auth.js';
import { html } from '../format.js';

/** Where the page that asked for signing in is kept until the link is opened (perhaps in another tab). */
const RETURN_KEY = 'mirubato:return';

class SignInView extends HTMLElement {
  connectedCallback() {
    const token = new URLSearchParams(location.search).get('token');
    // A page other than Today asked for signing in (a teacher's invite link): return to it after.
    if (!['/', '/auth/verify'].includes(location.pathname)) {
      localStorage.setItem(RETURN_KEY, JSON.stringify({ path: location.pathname + location.search, at: Date.now() }));
    }
    if (location.pathname === '/auth/verify' && token) {
      this.innerHTML = html`<section class="card"><h1>Signing in…</h1><p role="status" id="status"></p></section>`;
      this.verify(token);
      return;
    }
    this.innerHTML = html`
      <section class="card">
        <h1>Sign in to Mirubato</h1>
        <p>We send you a link by e-mail; no password to remember.</p>
        <form id="request">
          <label for="email">E-mail address</label>
          <input id="email" name="email" type="email" autocomplete="email" required placeholder="you@example.com">
          <button type="submit">Send me a sign-in link</button>
        </form>
        <form id="paste">
          <label for="link">Or paste the link from the mail</label>
          <input id="link" name="link" required placeholder="http://…/auth/verify?token=…">
          <button type="submit" class="secondary">Sign in with the link</button>
        </form>
        <p role="status" id="status" aria-live="polite"></p>
      </section>`;
    this.querySelector('#request').addEventListener('submit', (event) => this.requestLink(event));
    this.querySelector('#paste').addEventListener('submit', (event) => {
      event.preventDefault();
      const text = this.querySelector('#link').value.trim();
      this.verify(text.match(/token=([A-Za-z0-9_-]+)/)?.[1] ?? text);
    });
  }

  status(text) {
    this.querySelector('#status').textContent = text;
  }

  async requestLink(event) {
    event.preventDefault();
    const email = this.querySelector('#email').value.trim();
    try {
      const { requestMagicLink } = await request('RequestMagicLink', { email });
      this.status(`${requestMagicLink.message} The link works for 10 minutes.`);
    } catch (error) {
      this.status(error instanceof OfflineError ? 'You are offline: signing in needs the network.' : error.message);
    }
  }

  async verify(token) {
    try {
      const { verifyMagicLink } = await request('VerifyMagicLink', { token });
      saveTokens(verifyMagicLink, verifyMagicLink.user);
      // Back to the page that asked for signing in (a teacher's invite link), if it did lately.
      const back = JSON.parse(localStorage.getItem(RETURN_KEY) ?? 'null');
      localStorage.removeItem(RETURN_KEY);
      history.replaceState(null, '', back && Date.now() - back.at < 3_600_000 ? back.path : '/');
      window.dispatchEvent(new Event('mirubato:navigate'));
    } catch (error) {
      this.status(error instanceof GraphQLError ? `${error.message} Ask for a new link.` : 'You are offline: signing in needs the network.');
    }
  }
}

customElements.define('mb-signin', SignInView);
