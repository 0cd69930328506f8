// The metronome panel of the practice page: tempo (slider, field, ±1, tap), meter, subdivision,
// accent, the tempo trainer, a beat light, and "Use this tempo", which fills the log's tempo
// (a `mirubato:tempo` event the practice view takes).
import { html } from '../format.js';
import { MAX_BPM, METERS, MIN_BPM, Metronome, TapTempo, clampBpm } from '../metronome.js';

const SUBDIVISIONS = [[1, 'None'], [2, 'Eighths'], [3, 'Triplets'], [4, 'Sixteenths']];

class MetronomePanel extends HTMLElement {
  connectedCallback() {
    const saved = JSON.parse(localStorage.getItem('mirubato.metronome') ?? 'null') ?? {};
    this.metronome = new Metronome((click) => this.light(click));
    this.metronome.settings = { ...this.metronome.settings, ...saved, trainer: null };
    this.taps = new TapTempo();
    const s = this.metronome.settings;
    this.innerHTML = html`
      <details class="card metronome" id="metronome">
        <summary><h2>Metronome</h2> <span class="meta" id="metronome-summary">${s.bpm} BPM · ${s.meter}</span></summary>
        <div class="tempo-row">
          <button type="button" class="secondary" data-step="-1" aria-label="One beat per minute slower">−</button>
          <label for="bpm" class="visually-hidden">Tempo, beats per minute</label>
          <input id="bpm" type="number" min="${MIN_BPM}" max="${MAX_BPM}" value="${s.bpm}" inputmode="numeric">
          <span class="meta">BPM</span>
          <button type="button" class="secondary" data-step="1" aria-label="One beat per minute faster">+</button>
          <button type="button" class="secondary" id="tap">Tap</button>
        </div>
        <label for="bpm-slider" class="visually-hidden">Tempo slider</label>
        <div class="slider-row"><span class="meta">${MIN_BPM}</span>
          <input id="bpm-slider" type="range" min="${MIN_BPM}" max="${MAX_BPM}" value="${s.bpm}"><span class="meta">${MAX_BPM}</span></div>
        <div class="actions">
          <button type="button" id="play">Start</button>
          <button type="button" class="secondary" id="use-tempo">Use this tempo in the log</button>
        </div>
        <p class="beat-light" aria-hidden="true"><span id="beats"></span></p>
        <div class="pair">
          <div><label for="meter">Meter</label>
            <select id="meter">${METERS.map((m) => html`<option ${m === s.meter ? 'selected' : ''}>${m}</option>`)}</select></div>
          <div><label for="subdivision">Subdivision</label>
            <select id="subdivision">${SUBDIVISIONS.map(([value, text]) => html`<option value="${value}" ${value === s.subdivision ? 'selected' : ''}>${text}</option>`)}</select></div>
        </div>
        <label class="check"><input id="accent" type="checkbox" ${s.accent === false ? '' : 'checked'}> Accent the first beat</label>
        <fieldset><legend>Tempo trainer</legend>
          <label class="check"><input id="trainer" type="checkbox"> Speed up as I go</label>
          <div class="pair">
            <div><label for="trainer-step">Add BPM</label><input id="trainer-step" type="number" min="1" max="40" value="4" inputmode="numeric"></div>
            <div><label for="trainer-bars">Every how many bars</label><input id="trainer-bars" type="number" min="1" max="64" value="4" inputmode="numeric"></div>
          </div>
          <label for="trainer-max">Up to BPM</label><input id="trainer-max" type="number" min="${MIN_BPM}" max="${MAX_BPM}" value="${Math.min(MAX_BPM, s.bpm + 40)}" inputmode="numeric">
        </fieldset>
      </details>`;
    const bpm = this.querySelector('#bpm');
    const slider = this.querySelector('#bpm-slider');
    const setBpm = (value) => {
      const tempo = clampBpm(value);
      bpm.value = slider.value = String(tempo);
      this.change({ bpm: tempo });
    };
    bpm.addEventListener('change', () => setBpm(bpm.value));
    slider.addEventListener('input', () => setBpm(slider.value));
    for (const button of this.querySelectorAll('[data-step]')) button.addEventListener('click', () => setBpm(Number(bpm.value) + Number(button.dataset.step)));
    this.querySelector('#tap').addEventListener('click', () => { const tempo = this.taps.tap(); if (tempo) setBpm(tempo); });
    this.querySelector('#meter').addEventListener('change', (e) => this.change({ meter: e.target.value }));
    this.querySelector('#subdivision').addEventListener('change', (e) => this.change({ subdivision: Number(e.target.value) }));
    this.querySelector('#accent').addEventListener('change', (e) => this.change({ accent: e.target.checked }));
    for (const id of ['trainer', 'trainer-step', 'trainer-bars', 'trainer-max']) {
      this.querySelector(`#${id}`).addEventListener('change', () => this.change({ trainer: this.trainer() }));
    }
    // The trainer's numbers only mean something while it is on.
    const trainerFields = () => {
      for (const id of ['trainer-step', 'trainer-bars', 'trainer-max']) this.querySelector(`#${id}`).disabled = !this.querySelector('#trainer').checked;
    };
    this.querySelector('#trainer').addEventListener('change', trainerFields);
    trainerFields();
    this.querySelector('#play').addEventListener('click', () => this.toggle());
    this.querySelector('#use-tempo').addEventListener('click', () => {
      window.dispatchEvent(new CustomEvent('mirubato:tempo', { detail: this.metronome.bpm }));
    });
    this.renderBeats();
  }

  disconnectedCallback() {
    this.metronome.stop();
    this.metronome.context?.close();
  }

  trainer() {
    if (!this.querySelector('#trainer').checked) return null;
    const number = (id) => Number(this.querySelector(`#${id}`).value);
    return { step: number('trainer-step'), everyBars: number('trainer-bars'), maxBpm: number('trainer-max') };
  }

  change(settings) {
    this.metronome.update(settings);
    const { trainer, ...kept } = this.metronome.settings;
    localStorage.setItem('mirubato.metronome', JSON.stringify(kept));
    this.querySelector('#metronome-summary').textContent = `${this.metronome.settings.bpm} BPM · ${this.metronome.settings.meter}`;
    this.renderBeats();
  }

  toggle() {
    if (this.metronome.running) this.metronome.stop();
    else this.metronome.start();
    this.querySelector('#play').textContent = this.metronome.running ? 'Stop' : 'Start';
    this.renderBeats();
  }

  renderBeats() {
    const beats = Number(this.metronome.settings.meter.split('/')[0]);
    this.querySelector('#beats').innerHTML = Array.from({ length: beats }, (_, i) => `<span class="beat" data-beat="${i}"></span>`).join('');
  }

  /** Lights the sounding beat; the trainer's tempo shows in the field. */
  light(click) {
    if (click.sub !== 0) return;
    for (const dot of this.querySelectorAll('.beat')) dot.classList.toggle('on', Number(dot.dataset.beat) === click.beat);
    if (String(click.bpm) !== this.querySelector('#bpm').value) {
      this.querySelector('#bpm').value = this.querySelector('#bpm-slider').value = String(click.bpm);
    }
  }
}

customElements.define('mb-metronome', MetronomePanel);
