// Playing recordings back, the same everywhere (the logbook, a piece's page, a teacher's view of a
// student): the player, a speed to slow it down to (as musicians listen for what went wrong; the
// pitch stays), and what the recording is.
import { playable } from './api.js';
import { html } from './format.js';

const SPEEDS = [1, 0.75, 0.5];

/** One recording's player labelled `name`, its speed choice, and `meta` beside them. */
export function player(recording, name, meta) {
  return html`<audio controls preload="metadata" src="${playable(recording)}" aria-label="${name}"></audio>
    <select class="speed" aria-label="Speed of ${name}">${SPEEDS.map((speed) => html`<option value="${speed}">${speed === 1 ? 'Normal speed' : `${speed}× speed`}</option>`)}</select>
    <span class="meta">${meta}</span>`;
}

/** Makes the speed choices under `root` set their players' rate. */
export function wirePlayers(root) {
  for (const select of root.querySelectorAll('select.speed')) {
    select.addEventListener('change', () => {
      const audio = select.previousElementSibling;
      audio.preservesPitch = true;
      audio.playbackRate = Number(select.value);
    });
  }
}
