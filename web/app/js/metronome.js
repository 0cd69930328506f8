// The metronome: a Web Audio look-ahead scheduler (a timer wakes every 25 ms and schedules, on
// the audio clock, every click due in the next 100 ms, so clicks stay sample-accurate however
// busy the page is). 20–300 BPM, meters, accents, subdivisions, tap tempo, and a tempo trainer
// that adds N BPM every M bars. `clicks` is the one schedule both the live metronome and the
// offline rendering the browser suite measures use.

export const MIN_BPM = 20;
export const MAX_BPM = 300;
const LOOKAHEAD_MS = 25;
const SCHEDULE_AHEAD_S = 0.1;

/** The meters offered; compound meters (x/8 with x divisible by 3) accent every third beat. */
export const METERS = ['2/4', '3/4', '4/4', '5/4', '6/8', '7/8', '9/8', '12/8'];

/** Clamps a tempo to the metronome's range, whole beats per minute. */
export function clampBpm(bpm) {
  return Math.min(MAX_BPM, Math.max(MIN_BPM, Math.round(Number(bpm) || MIN_BPM)));
}

/**
 * The clicks from `start` (seconds on an audio clock) until `until`, for settings
 * { bpm, meter, subdivision, trainer: { step, everyBars, maxBpm } }: each { time, bar, beat,
 * sub, level: 'bar' | 'group' | 'beat' | 'sub', bpm }. The tempo counts the meter's beat unit;
 * the trainer raises it by `step` at the start of every `everyBars`-th bar, up to `maxBpm`.
 */
export function* clicks(settings, start, until = Infinity) {
  const beats = Number(settings.meter.split('/')[0]);
  const compound = settings.meter.endsWith('/8') && beats % 3 === 0 && beats > 3;
  const subdivision = Math.max(1, settings.subdivision ?? 1);
  const trainer = settings.trainer;
  let bpm = clampBpm(settings.bpm);
  let time = start;
  for (let bar = 0; ; bar++) {
    if (trainer?.step && trainer.everyBars && bar > 0 && bar % trainer.everyBars === 0) {
      bpm = Math.min(clampBpm(trainer.maxBpm ?? MAX_BPM), bpm + trainer.step);
    }
    const interval = 60 / bpm / subdivision;
    for (let beat = 0; beat < beats; beat++) {
      for (let sub = 0; sub < subdivision; sub++) {
        if (time >= until) return;
        const level = sub > 0 ? 'sub' : beat === 0 ? (settings.accent === false ? 'beat' : 'bar') : compound && beat % 3 === 0 ? 'group' : 'beat';
        yield { time, bar, beat, sub, level, bpm };
        time += interval;
      }
    }
  }
}

/** Schedules one click on `context` at its time: a short tone, higher and louder when accented. */
export function scheduleClick(context, destination, click) {
  const pitch = { bar: 1760, group: 1320, beat: 880, sub: 660 }[click.level];
  const volume = { bar: 0.9, group: 0.7, beat: 0.6, sub: 0.3 }[click.level];
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  oscillator.frequency.value = pitch;
  // Full volume from the click's first sample, so its onset is its scheduled time.
  gain.gain.setValueAtTime(volume, click.time);
  gain.gain.exponentialRampToValueAtTime(0.001, click.time + 0.03);
  oscillator.connect(gain).connect(destination);
  oscillator.start(click.time);
  oscillator.stop(click.time + 0.035);
}

/** The live metronome on an `AudioContext`; `onBeat(click)` is called as each click sounds. */
export class Metronome {
  constructor(onBeat = () => {}) {
    this.onBeat = onBeat;
    this.settings = { bpm: 80, meter: '4/4', subdivision: 1, accent: true, trainer: null };
    this.timer = null;
  }

  get running() {
    return this.timer !== null;
  }

  /** The tempo sounding now (the trainer moves it). */
  get bpm() {
    return this.current?.bpm ?? clampBpm(this.settings.bpm);
  }

  start() {
    this.context ??= new AudioContext();
    this.context.resume();
    this.queue = clicks(this.settings, this.context.currentTime + 0.05);
    this.next = this.queue.next().value;
    this.timer = setInterval(() => this.schedule(), LOOKAHEAD_MS);
    this.schedule();
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
    this.current = null;
  }

  /** Changing a setting restarts the schedule on the next beat. */
  update(change) {
    Object.assign(this.settings, change);
    if (this.running) {
      this.stop();
      this.start();
    }
  }

  schedule() {
    while (this.next && this.next.time < this.context.currentTime + SCHEDULE_AHEAD_S) {
      const click = this.next;
      scheduleClick(this.context, this.context.destination, click);
      setTimeout(() => { this.current = click; this.onBeat(click); }, Math.max(0, (click.time - this.context.currentTime) * 1000));
      this.next = this.queue.next().value;
    }
  }
}

/** Tap tempo: the tempo of the last taps (up to 6), forgetting taps more than 2 s apart. */
export class TapTempo {
  constructor() {
    this.taps = [];
  }

  /** Records a tap at `now` (ms) and answers the tempo, or null until there are two taps. */
  tap(now = performance.now()) {
    if (this.taps.length && now - this.taps[this.taps.length - 1] > 2000) this.taps = [];
    this.taps.push(now);
    this.taps = this.taps.slice(-6);
    if (this.taps.length < 2) return null;
    const interval = (this.taps[this.taps.length - 1] - this.taps[0]) / (this.taps.length - 1);
    return clampBpm(60000 / interval);
  }
}

/**
 * Renders `seconds` of the metronome with `settings` in an `OfflineAudioContext` and answers the
 * scheduled click times and the onsets found in the sound (seconds), for the browser suite.
 */
export async function renderOffline(settings, seconds, sampleRate = 48000) {
  const context = new OfflineAudioContext(1, Math.ceil(seconds * sampleRate), sampleRate);
  const scheduled = [...clicks(settings, 0.01, seconds - 0.05)];
  for (const click of scheduled) scheduleClick(context, context.destination, click);
  const samples = (await context.startRendering()).getChannelData(0);
  const onsets = [];
  let quietSince = 0;
  for (let i = 0; i < samples.length; i++) {
    if (Math.abs(samples[i]) > 0.02) {
      // An onset is the first loud sample after at least 5 ms of quiet.
      if (i - quietSince > sampleRate * 0.005) onsets.push(i / sampleRate);
      quietSince = i;
    }
  }
  return { scheduled: scheduled.map((c) => ({ time: c.time, bpm: c.bpm, level: c.level })), onsets };
}
