// Recording yourself while you practise: the microphone through MediaRecorder, a level meter so
// you can see it hears you, then a player to listen back before the take goes with the log. The
// take is a Blob in the format the browser records (Opus in WebM or Ogg, AAC in MP4 on Safari);
// the server reads what it is from the bytes. A take not yet saved with a log is kept on the
// device (IndexedDB), so leaving the page, or a reload, never loses it.
import * as db from './db.js';
import { clock, html } from './format.js';

/** Where the unsaved take waits. */
const DRAFT = 'draft-take';

/** The formats to ask MediaRecorder for, best first; the browser's default when none is known. */
const TYPES = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/mp4', 'audio/webm'];

class Recorder extends HTMLElement {
  async connectedCallback() {
    this.take = null;
    this.render();
    const draft = await db.get('values', DRAFT);
    if (draft?.take && !this.take && !this.recorder) this.show(draft.take, draft.seconds, true);
  }

  disconnectedCallback() {
    // Leaving while recording keeps what was played: stopping saves it as the unsaved take.
    if (this.recorder?.state === 'recording') this.recorder.stop();
    else this.stopTracks();
    if (this.preview) URL.revokeObjectURL(this.preview);
  }

  /** Shows a take with its player (`restored`: one kept from an earlier visit). */
  show(take, seconds, restored = false) {
    this.take = take;
    this.seconds = seconds;
    this.restored = restored;
    this.preview = URL.createObjectURL(take);
    this.render();
  }

  /** Whether this browser can record at all. */
  static get supported() {
    return Boolean(navigator.mediaDevices?.getUserMedia && window.MediaRecorder);
  }

  render() {
    if (!Recorder.supported) {
      this.innerHTML = html`<p class="meta">This browser cannot record; the log saves without a recording.</p>`;
      return;
    }
    if (this.recorder) {
      this.innerHTML = html`<div class="recorder recording">
        <span class="rec-dot" aria-hidden="true"></span>
        <span id="rec-time" class="stopwatch">0:00</span>
        <meter id="rec-level" min="0" max="1" low="0.1" high="0.8" optimum="0.5" value="0" aria-label="Input level"></meter>
        <button type="button" id="rec-stop">Stop recording</button></div>`;
      this.querySelector('#rec-stop').addEventListener('click', () => this.stop());
      return;
    }
    if (this.take) {
      this.innerHTML = html`<div class="recorder">
        <audio controls src="${this.preview}" aria-label="Your recording"></audio>
        <span class="meta">${clock(this.seconds)} · ${this.restored ? 'kept from before; it goes with this log' : 'goes with this log'}</span>
        <button type="button" id="rec-discard" class="secondary destructive">Discard the recording</button></div>`;
      this.querySelector('#rec-discard').addEventListener('click', () => {
        if (window.confirm('Discard this recording? It cannot be brought back.')) this.reset();
      });
      return;
    }
    this.innerHTML = html`<div class="recorder">
      <button type="button" id="rec-start" class="secondary">● Record yourself</button>
      <span class="meta" id="rec-note">${this.note ?? 'Listen back to what you played; it is kept with the log.'}</span></div>`;
    this.querySelector('#rec-start').addEventListener('click', () => this.start());
  }

  async start() {
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
    } catch (error) {
      this.note = error.name === 'NotAllowedError' ? 'The microphone is blocked: allow it in the browser to record.' : `No microphone: ${error.message}`;
      this.render();
      return;
    }
    const type = TYPES.find((candidate) => MediaRecorder.isTypeSupported(candidate));
    this.recorder = new MediaRecorder(this.stream, type ? { mimeType: type, audioBitsPerSecond: 96_000 } : {});
    const chunks = [];
    this.recorder.addEventListener('dataavailable', (event) => { if (event.data.size) chunks.push(event.data); });
    this.recorder.addEventListener('stop', () => {
      const take = new Blob(chunks, { type: this.recorder.mimeType || type || 'audio/webm' });
      const seconds = (Date.now() - this.startedAt) / 1000;
      this.recorder = null;
      this.stopTracks();
      db.put('values', { take, seconds }, DRAFT);
      if (this.isConnected) this.show(take, seconds);
      this.finished?.();
      this.finished = null;
    });
    this.startedAt = Date.now();
    this.recorder.start(1000);
    this.meter();
    this.render();
  }

  /** The input level, from an analyser on the microphone, and the elapsed time, every frame. */
  meter() {
    this.audio = new AudioContext();
    const analyser = this.audio.createAnalyser();
    analyser.fftSize = 1024;
    this.audio.createMediaStreamSource(this.stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const frame = () => {
      if (!this.recorder) return;
      analyser.getFloatTimeDomainData(samples);
      let peak = 0;
      for (const sample of samples) peak = Math.max(peak, Math.abs(sample));
      const level = this.querySelector('#rec-level');
      if (level) level.value = Math.min(1, peak);
      const time = this.querySelector('#rec-time');
      if (time) time.textContent = clock((Date.now() - this.startedAt) / 1000);
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }

  stop() {
    this.recorder?.stop();
  }

  /** Stops a recording in progress and waits for its take (saving the log while recording keeps it). */
  finish() {
    if (!this.recorder) return Promise.resolve();
    const done = new Promise((resolve) => { this.finished = resolve; });
    this.stop();
    return done;
  }

  stopTracks() {
    this.stream?.getTracks().forEach((track) => track.stop());
    this.stream = null;
    this.audio?.close();
    this.audio = null;
  }

  /** Forgets the take (after it was saved with a log, or discarded). */
  reset() {
    if (this.preview) URL.revokeObjectURL(this.preview);
    this.take = null;
    this.preview = null;
    this.note = null;
    this.restored = false;
    db.remove('values', DRAFT);
    this.render();
  }
}

customElements.define('mb-recorder', Recorder);
