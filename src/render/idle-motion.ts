import { SeededRandom } from '../util/seeded-random.js';

/**
 * Life for an avatar that is not speaking: natural blinks every 2 to 6 s, breathing, a slow head drift and
 * now and then a glance. Deterministic for a seed; no allocation per call. With reduced motion, only blinks.
 */
export class IdleMotion {
  blink = 0;
  breath = 0;
  yaw = 0;
  pitch = 0;
  roll = 0;
  gazeX = 0;
  gazeY = 0;
  /** A blink is under way: a quick movement, painted as often as the pacer allows (MIN_PAINT_MS apart). */
  blinking = false;
  /** The eyes are moving to or from a glance: quick too, but only seen while the face is not speaking. */
  glancing = false;
  #at = -Infinity;
  #nextBlinkAt = 0;
  #blinkStart = -1;
  #glanceUntil = 0;
  #nextGlanceAt = 0;
  #glanceX = 0;
  #glanceY = 0;
  readonly #rng: SeededRandom;

  constructor(seed = 7, public reducedMotion = false) {
    this.#rng = new SeededRandom(seed);
    this.#nextBlinkAt = 1200 + this.#random() * 2000;
    this.#nextGlanceAt = 3000 + this.#random() * 4000;
  }

  #random(): number {
    return this.#rng.next();
  }

  /** Advances to `now` (ms). */
  update(now: number): void {
    const dt = Math.min(1000, Math.max(0, now - this.#at));
    this.#at = now;
    if (this.#blinkStart < 0 && now >= this.#nextBlinkAt) this.#blinkStart = now;
    if (this.#blinkStart >= 0) {
      const t = (now - this.#blinkStart) / 160; // 160 ms: down, then up
      this.blink = t >= 1 ? 0 : t < 0.45 ? t / 0.45 : 1 - (t - 0.45) / 0.55;
      if (t >= 1) {
        this.#blinkStart = -1;
        this.#nextBlinkAt = now + 2000 + this.#random() * 4000;
      }
    }
    this.blinking = this.#blinkStart >= 0;
    this.glancing = false;
    if (this.reducedMotion) {
      this.breath = this.yaw = this.pitch = this.roll = this.gazeX = this.gazeY = 0;
      return;
    }
    const s = now / 1000;
    this.breath = Math.sin((s * 2 * Math.PI) / 4.2);
    this.yaw = 0.045 * Math.sin(s * 0.31) + 0.025 * Math.sin(s * 0.73 + 1.3);
    this.pitch = 0.03 * Math.sin(s * 0.42 + 0.5) + 0.012 * Math.sin(s * 1.1);
    this.roll = 0.02 * Math.sin(s * 0.27 + 2.1);
    if (now >= this.#nextGlanceAt) {
      this.#glanceX = (this.#random() - 0.5) * 1.4;
      this.#glanceY = (this.#random() - 0.6) * 0.6;
      this.#glanceUntil = now + 700 + this.#random() * 900;
      this.#nextGlanceAt = now + 3500 + this.#random() * 5000;
    }
    const target = now < this.#glanceUntil ? 1 : 0;
    // The eyes move quickly, then rest: 18 % of the way every 1/30 s, whatever the update rate.
    const k = 1 - Math.pow(0.82, dt / (1000 / 30));
    const dx = (this.#glanceX * target - this.gazeX) * k, dy = (this.#glanceY * target - this.gazeY) * k;
    this.gazeX += dx;
    this.gazeY += dy;
    this.glancing = Math.abs(dx) + Math.abs(dy) > 0.002;
  }
}
