import type { BlendshapeIndex } from '../codec/blendshapes.js';
import { BLENDSHAPE_COUNT } from '../codec/constants.js';
import { copyPose, createPose, samePose } from '../playback/pose.js';
import type { Pose } from '../playback/pose.js';
import { createProjected, HeadProjection } from './head-projection.js';
import { IdleMotion } from './idle-motion.js';
import { DEFAULT_THEME, shade } from './looks.js';
import { PaintPacer } from './paint-pacer.js';
import type { Theme } from './looks.js';
import type { Renderer } from './renderer.js';

type Ctx = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;
type Surface = OffscreenCanvas | HTMLCanvasElement;

const clamp = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);

// weight indices (typed: a wrong index does not compile; no names shipped)
const EYE_BLINK_L: BlendshapeIndex<'eyeBlinkLeft'> = 0, EYE_BLINK_R: BlendshapeIndex<'eyeBlinkRight'> = 7;
const LOOK_DOWN_L: BlendshapeIndex<'eyeLookDownLeft'> = 1, LOOK_IN_L: BlendshapeIndex<'eyeLookInLeft'> = 2, LOOK_OUT_L: BlendshapeIndex<'eyeLookOutLeft'> = 3, LOOK_UP_L: BlendshapeIndex<'eyeLookUpLeft'> = 4;
const LOOK_DOWN_R: BlendshapeIndex<'eyeLookDownRight'> = 8, LOOK_IN_R: BlendshapeIndex<'eyeLookInRight'> = 9, LOOK_OUT_R: BlendshapeIndex<'eyeLookOutRight'> = 10, LOOK_UP_R: BlendshapeIndex<'eyeLookUpRight'> = 11;
const SQUINT_L: BlendshapeIndex<'eyeSquintLeft'> = 5, SQUINT_R: BlendshapeIndex<'eyeSquintRight'> = 12, WIDE_L: BlendshapeIndex<'eyeWideLeft'> = 6, WIDE_R: BlendshapeIndex<'eyeWideRight'> = 13;
const JAW_OPEN: BlendshapeIndex<'jawOpen'> = 17, JAW_FWD: BlendshapeIndex<'jawForward'> = 14, JAW_L: BlendshapeIndex<'jawLeft'> = 16, JAW_R: BlendshapeIndex<'jawRight'> = 15;
const CLOSE: BlendshapeIndex<'mouthClose'> = 18, FUNNEL: BlendshapeIndex<'mouthFunnel'> = 19, PUCKER: BlendshapeIndex<'mouthPucker'> = 20, M_LEFT: BlendshapeIndex<'mouthLeft'> = 22, M_RIGHT: BlendshapeIndex<'mouthRight'> = 21;
const SMILE_L: BlendshapeIndex<'mouthSmileLeft'> = 23, SMILE_R: BlendshapeIndex<'mouthSmileRight'> = 24, FROWN_L: BlendshapeIndex<'mouthFrownLeft'> = 25, FROWN_R: BlendshapeIndex<'mouthFrownRight'> = 26;
const DIMPLE_L: BlendshapeIndex<'mouthDimpleLeft'> = 27, DIMPLE_R: BlendshapeIndex<'mouthDimpleRight'> = 28, STRETCH_L: BlendshapeIndex<'mouthStretchLeft'> = 29, STRETCH_R: BlendshapeIndex<'mouthStretchRight'> = 30;
const ROLL_LOWER: BlendshapeIndex<'mouthRollLower'> = 31, ROLL_UPPER: BlendshapeIndex<'mouthRollUpper'> = 32, SHRUG_LOWER: BlendshapeIndex<'mouthShrugLower'> = 33, SHRUG_UPPER: BlendshapeIndex<'mouthShrugUpper'> = 34;
const PRESS_L: BlendshapeIndex<'mouthPressLeft'> = 35, PRESS_R: BlendshapeIndex<'mouthPressRight'> = 36, LOWER_DOWN_L: BlendshapeIndex<'mouthLowerDownLeft'> = 37, LOWER_DOWN_R: BlendshapeIndex<'mouthLowerDownRight'> = 38;
const UPPER_UP_L: BlendshapeIndex<'mouthUpperUpLeft'> = 39, UPPER_UP_R: BlendshapeIndex<'mouthUpperUpRight'> = 40;
const BROW_DOWN_L: BlendshapeIndex<'browDownLeft'> = 41, BROW_DOWN_R: BlendshapeIndex<'browDownRight'> = 42, BROW_INNER_UP: BlendshapeIndex<'browInnerUp'> = 43;
const BROW_OUTER_UP_L: BlendshapeIndex<'browOuterUpLeft'> = 44, BROW_OUTER_UP_R: BlendshapeIndex<'browOuterUpRight'> = 45;
const CHEEK_PUFF: BlendshapeIndex<'cheekPuff'> = 46, CHEEK_SQUINT_L: BlendshapeIndex<'cheekSquintLeft'> = 47, CHEEK_SQUINT_R: BlendshapeIndex<'cheekSquintRight'> = 48;
const SNEER_L: BlendshapeIndex<'noseSneerLeft'> = 49, SNEER_R: BlendshapeIndex<'noseSneerRight'> = 50, TONGUE_OUT: BlendshapeIndex<'tongueOut'> = 51;

export interface FaceRendererOptions {
  theme?: Theme;
  /** Idle life (blinks, breathing, drift, glances). Off only for pixel tests. */
  idle?: boolean;
  reducedMotion?: boolean;
}

/**
 * The default avatar: an illustrated face drawn with Canvas 2D, driven by the 52 ARKit weights and the head
 * pose: each slot's pose from the first display frame after its slot, painted only when the face changes
 * (`PaintPacer`: a new pose, the idle life, a new size or theme). Works on an OffscreenCanvas in the
 * worker. No allocation per drawn frame: poses are copied into owned buffers, colours are strings made when
 * the theme changes, and paths go straight to the context.
 */
export class FaceRenderer implements Renderer {
  readonly #ctx: Ctx;
  readonly #cur = createPose();
  readonly #pacer = new PaintPacer();
  /** The blink as last painted: its end (eyes open again) paints too. */
  #paintedBlink = 0;
  readonly #w = new Float32Array(BLENDSHAPE_COUNT);
  #rotX = 0; #rotY = 0; #rotZ = 0; #tx = 0; #ty = 0;
  readonly #idle: IdleMotion;
  readonly #idleOn: boolean;
  readonly #proj = new HeadProjection();
  /** Projected points, owned here and reused: a feature made of several points projects each into its own. */
  readonly #p = [createProjected(), createProjected(), createProjected(), createProjected(), createProjected(), createProjected(), createProjected()] as const;
  #width = 0; #height = 0; #dpr = 1;
  #c!: { skin: string; skinShade: string; skinLight: string; hair: string; hairShade: string; eyes: string; lips: string;
    lipsDark: string; mouth: string; tongue: string; background: string; backgroundLight: string; shirt: string; shirtShade: string; blush: string; line: string };
  #theme!: Theme;

  readonly #canvas: Surface;

  constructor(canvas: Surface, options: FaceRendererOptions = {}) {
    this.#canvas = canvas;
    const ctx = canvas.getContext('2d') as Ctx | null;
    if (!ctx) throw new Error('no 2d context');
    this.#ctx = ctx;
    this.#idleOn = options.idle ?? true;
    this.#idle = new IdleMotion(7, options.reducedMotion ?? false);
    this.setTheme(options.theme ?? DEFAULT_THEME);
    this.resize(canvas.width || 300, canvas.height || 300, 1);
  }

  setTheme(theme: Theme): void {
    this.#pacer.invalidate();
    this.#theme = theme;
    this.#c = {
      skin: theme.skin, skinShade: shade(theme.skin, -0.14), skinLight: shade(theme.skin, 0.18),
      hair: theme.hair, hairShade: shade(theme.hair, -0.25), eyes: theme.eyes,
      lips: theme.lips, lipsDark: shade(theme.lips, -0.3), mouth: shade(theme.lips, -0.72), tongue: shade(theme.lips, 0.15),
      background: theme.background, backgroundLight: shade(theme.background, 0.25),
      shirt: theme.shirt, shirtShade: shade(theme.shirt, -0.2), blush: shade(theme.lips, 0.35), line: shade(theme.hair, -0.45),
    };
  }

  setReducedMotion(reduced: boolean): void {
    this.#pacer.invalidate();
    this.#idle.reducedMotion = reduced;
  }

  /** The backing store follows the CSS size times the device pixel ratio. */
  resize(width: number, height: number, devicePixelRatio: number): void {
    this.#pacer.invalidate(); // a canvas resized is cleared
    this.#width = Math.max(1, width);
    this.#height = Math.max(1, height);
    this.#dpr = devicePixelRatio > 0 ? devicePixelRatio : 1;
    const bw = Math.max(1, Math.round(this.#width * this.#dpr)), bh = Math.max(1, Math.round(this.#height * this.#dpr));
    if (this.#canvas.width !== bw) this.#canvas.width = bw;
    if (this.#canvas.height !== bh) this.#canvas.height = bh;
  }

  pose(pose: Readonly<Pose>): void {
    if (samePose(this.#cur, pose)) return; // idle slots hand the same pose again: nothing to paint
    copyPose(this.#cur, pose);
    this.#pacer.invalidate();
  }

  draw(now: number): boolean {
    const idle = this.#idle;
    if (this.#idleOn) idle.update(now);
    const blink = this.#idleOn ? idle.blink : 0;
    const drifting = this.#idleOn && !idle.reducedMotion;
    const b = this.#cur, w = this.#w;
    const speaking = b.state === 'speaking' || b.state === 'transition-in';
    // Glances are drawn only while the face is not speaking: while it speaks, moving eyes change nothing.
    const quick = this.#idleOn && (idle.blinking || (idle.glancing && !speaking));
    if (!this.#pacer.due(now, { drifting, quick: quick || blink !== this.#paintedBlink })) return false;
    this.#paintedBlink = blink;
    // The slot's pose as it is (no interpolation: the face shows each pose from the first display frame after
    // its slot, the moment lip sync aims at), plus the idle life.
    w.set(b.weights);
    this.#rotX = b.rotation[0]!; this.#rotY = b.rotation[1]!; this.#rotZ = b.rotation[2]!;
    this.#tx = b.translation[0]!; this.#ty = b.translation[1]!;
    if (this.#idleOn) {
      const life = speaking ? 0.5 : 1;
      w[EYE_BLINK_L] = Math.max(w[EYE_BLINK_L]!, blink);
      w[EYE_BLINK_R] = Math.max(w[EYE_BLINK_R]!, blink);
      this.#rotY += idle.yaw * life;
      this.#rotX += idle.pitch * life;
      this.#rotZ += idle.roll * life;
      if (!speaking) {
        const gx = idle.gazeX, gy = idle.gazeY;
        // gaze to the viewer's right: the avatar's left eye looks out, its right eye looks in
        w[LOOK_OUT_L] = Math.max(w[LOOK_OUT_L]!, gx); w[LOOK_IN_R] = Math.max(w[LOOK_IN_R]!, gx);
        w[LOOK_IN_L] = Math.max(w[LOOK_IN_L]!, -gx); w[LOOK_OUT_R] = Math.max(w[LOOK_OUT_R]!, -gx);
        w[LOOK_DOWN_L] = Math.max(w[LOOK_DOWN_L]!, gy); w[LOOK_DOWN_R] = Math.max(w[LOOK_DOWN_R]!, gy);
        w[LOOK_UP_L] = Math.max(w[LOOK_UP_L]!, -gy); w[LOOK_UP_R] = Math.max(w[LOOK_UP_R]!, -gy);
      }
    }
    this.#paint();
    return true;
  }

  dispose(): void {}

  // --- painting --------------------------------------------------------------------------------------

  #paint(): void {
    const ctx = this.#ctx, c = this.#c, w = this.#w;
    const W = this.#width, H = this.#height;
    ctx.setTransform(this.#dpr, 0, 0, this.#dpr, 0, 0);
    ctx.fillStyle = c.background;
    ctx.fillRect(0, 0, W, H);
    ctx.fillStyle = c.backgroundLight;
    ctx.beginPath();
    ctx.ellipse(W * 0.5, H * 0.42, W * 0.42, H * 0.4, 0, 0, Math.PI * 2);
    ctx.globalAlpha = 0.35;
    ctx.fill();
    ctx.globalAlpha = 1;

    const u = Math.min(W, H) * 0.3; // one face unit
    const breath = this.#idleOn ? this.#idle.breath : 0;
    const ox = W * 0.5 + clamp(this.#tx, -0.2, 0.2) * u * 3;
    const oy = H * 0.45 - clamp(this.#ty, -0.2, 0.2) * u * 3 - breath * u * 0.012;
    const yaw = clamp(this.#rotY, -0.75, 0.75), pitch = clamp(this.#rotX, -0.5, 0.5), roll = clamp(this.#rotZ, -0.6, 0.6);
    this.#proj.set(yaw, pitch, ox, oy, u);

    this.#body(ox, oy, u, yaw, breath);
    // Roll: the whole head turns about the neck (counter-clockwise for the viewer when positive).
    ctx.save();
    ctx.translate(ox, oy + 0.85 * u);
    ctx.rotate(-roll);
    ctx.translate(-ox, -(oy + 0.85 * u));
    this.#hairBack(ox, oy, u, yaw);
    this.#ears(u);
    this.#head(ox, oy, u, yaw, pitch);
    this.#cheeks(u);
    this.#nose(u);
    this.#mouth(u);
    this.#eye(+1, u, w[EYE_BLINK_L]!, w[SQUINT_L]!, w[WIDE_L]!, w[LOOK_OUT_L]! - w[LOOK_IN_L]!, w[LOOK_DOWN_L]! - w[LOOK_UP_L]!, w[CHEEK_SQUINT_L]!);
    this.#eye(-1, u, w[EYE_BLINK_R]!, w[SQUINT_R]!, w[WIDE_R]!, w[LOOK_IN_R]! - w[LOOK_OUT_R]!, w[LOOK_DOWN_R]! - w[LOOK_UP_R]!, w[CHEEK_SQUINT_R]!);
    this.#brow(+1, u, w[BROW_DOWN_L]!, w[BROW_INNER_UP]!, w[BROW_OUTER_UP_L]!);
    this.#brow(-1, u, w[BROW_DOWN_R]!, w[BROW_INNER_UP]!, w[BROW_OUTER_UP_R]!);
    this.#hairFront(u);
    ctx.restore();
  }

  #body(ox: number, oy: number, u: number, yaw: number, breath: number): void {
    const ctx = this.#ctx, c = this.#c;
    const shift = yaw * 0.12 * u;
    const lift = breath * u * 0.02;
    ctx.fillStyle = c.shirt;
    ctx.beginPath();
    ctx.ellipse(ox + shift * 0.5, oy + 2.05 * u - lift, 1.35 * u, 0.8 * u, 0, Math.PI, 0);
    ctx.lineTo(ox + 1.35 * u, oy + 3 * u);
    ctx.lineTo(ox - 1.35 * u, oy + 3 * u);
    ctx.fill();
    ctx.fillStyle = c.skinShade;
    ctx.beginPath();
    ctx.moveTo(ox + shift - 0.26 * u, oy + 0.6 * u);
    ctx.lineTo(ox + shift + 0.26 * u, oy + 0.6 * u);
    ctx.lineTo(ox + shift + 0.3 * u, oy + 1.3 * u - lift);
    ctx.quadraticCurveTo(ox + shift, oy + 1.55 * u - lift, ox + shift - 0.3 * u, oy + 1.3 * u - lift);
    ctx.fill();
    ctx.fillStyle = c.shirtShade; // collar
    ctx.beginPath();
    ctx.moveTo(ox + shift - 0.42 * u, oy + 1.3 * u - lift);
    ctx.quadraticCurveTo(ox + shift, oy + 1.75 * u - lift, ox + shift + 0.42 * u, oy + 1.3 * u - lift);
    ctx.quadraticCurveTo(ox + shift, oy + 1.55 * u - lift, ox + shift - 0.42 * u, oy + 1.3 * u - lift);
    ctx.fill();
  }

  #hairBack(ox: number, oy: number, u: number, yaw: number): void {
    const ctx = this.#ctx, c = this.#c, style = this.#theme.hairStyle;
    const sx = ox - yaw * 0.1 * u;
    ctx.fillStyle = c.hairShade;
    ctx.beginPath();
    if (style === 'bob') {
      ctx.ellipse(sx, oy - 0.12 * u, 1.0 * u, 1.02 * u, 0, Math.PI, 0);
      ctx.lineTo(sx + 1.0 * u, oy + 0.55 * u);
      ctx.quadraticCurveTo(sx, oy + 0.72 * u, sx - 1.0 * u, oy + 0.55 * u);
      ctx.closePath();
    } else if (style === 'curls') {
      ctx.ellipse(sx, oy - 0.25 * u, 1.08 * u, 0.98 * u, 0, 0, Math.PI * 2);
    } else {
      ctx.ellipse(sx, oy - 0.18 * u, 0.88 * u, 0.92 * u, 0, Math.PI, 0);
      ctx.closePath();
    }
    ctx.fill();
  }

  #ears(u: number): void {
    const ctx = this.#ctx, c = this.#c;
    for (let side = -1; side <= 1; side += 2) {
      const p = this.#proj.point(this.#p[0], side * 0.8, 0.08, -0.05);
      if (p.z < -0.35) continue; // turned away behind the head
      ctx.fillStyle = c.skinShade;
      ctx.beginPath();
      ctx.ellipse(p.x + side * 0.03 * u, p.y, 0.1 * u * clamp(1 - p.z * 0.3, 0.5, 1.2), 0.17 * u, 0, 0, Math.PI * 2);
      ctx.fill();
    }
  }

  #head(ox: number, oy: number, u: number, yaw: number, pitch: number): void {
    const ctx = this.#ctx, c = this.#c, w = this.#w, proj = this.#proj;
    const shift = Math.sin(yaw) * 0.07 * u;
    const puff = w[CHEEK_PUFF]! * 0.07;
    const jawOpen = w[JAW_OPEN]!;
    const jawSide = (w[JAW_L]! - w[JAW_R]!) * 0.06;
    const top = oy - 1.0 * u + Math.sin(pitch) * 0.08 * u;
    const chin = proj.point(this.#p[0], jawSide, 0.96 + jawOpen * 0.1, -0.02);
    const chinX = chin.x, chinY = chin.y + w[JAW_FWD]! * 0.03 * u;
    ctx.fillStyle = c.skin;
    ctx.beginPath();
    ctx.moveTo(ox + shift, top);
    ctx.bezierCurveTo(ox + shift + 0.55 * u, top, ox + shift + 0.8 * u, oy - 0.6 * u, ox + shift + 0.8 * u, oy - 0.1 * u);
    const jr = proj.point(this.#p[1], 0.62 + puff, 0.55 + jawOpen * 0.05);
    const jrx = (jr.x + ox + shift + (0.62 + puff) * u) / 2, jry = jr.y;
    ctx.bezierCurveTo(ox + shift + (0.81 + puff) * u, oy + 0.25 * u, jrx + 0.08 * u, jry - 0.1 * u, jrx, jry);
    ctx.quadraticCurveTo(chinX + 0.3 * u, chinY + 0.02 * u, chinX, chinY);
    const jl = proj.point(this.#p[2], -0.62 - puff, 0.55 + jawOpen * 0.05);
    const jlx = (jl.x + ox + shift - (0.62 + puff) * u) / 2, jly = jl.y;
    ctx.quadraticCurveTo(chinX - 0.3 * u, chinY + 0.02 * u, jlx, jly);
    ctx.bezierCurveTo(jlx - 0.08 * u, jly - 0.1 * u, ox + shift - (0.81 + puff) * u, oy + 0.25 * u, ox + shift - 0.8 * u, oy - 0.1 * u);
    ctx.bezierCurveTo(ox + shift - 0.8 * u, oy - 0.6 * u, ox + shift - 0.55 * u, top, ox + shift, top);
    ctx.fill();
    // a soft light on the side facing the light (upper left)
    ctx.fillStyle = c.skinLight;
    ctx.globalAlpha = 0.35;
    ctx.beginPath();
    const f = proj.point(this.#p[3], -0.25, -0.45, 0.02);
    ctx.ellipse(f.x, f.y, 0.3 * u * f.sx, 0.22 * u, -0.4, 0, Math.PI * 2);
    ctx.fill();
    ctx.globalAlpha = 1;
  }

  #cheeks(u: number): void {
    const ctx = this.#ctx, w = this.#w;
    ctx.fillStyle = this.#c.blush;
    for (let side = -1; side <= 1; side += 2) {
      const squint = side > 0 ? w[CHEEK_SQUINT_L]! : w[CHEEK_SQUINT_R]!;
      const smile = side > 0 ? w[SMILE_L]! : w[SMILE_R]!;
      const p = this.#proj.point(this.#p[0], side * (0.47 + w[CHEEK_PUFF]! * 0.05), 0.3 - squint * 0.05 - smile * 0.03, 0.02);
      if (p.z < 0) continue;
      ctx.globalAlpha = 0.28 + w[CHEEK_PUFF]! * 0.2 + smile * 0.12;
      ctx.beginPath();
      ctx.ellipse(p.x, p.y, 0.15 * u * p.sx * (1 + w[CHEEK_PUFF]! * 0.4), 0.09 * u * (1 + w[CHEEK_PUFF]! * 0.3), 0, 0, Math.PI * 2);
      ctx.fill();
    }
    ctx.globalAlpha = 1;
  }

  #nose(u: number): void {
    const ctx = this.#ctx, c = this.#c, w = this.#w, proj = this.#proj;
    const sneerL = w[SNEER_L]!, sneerR = w[SNEER_R]!;
    const tip = proj.point(this.#p[0], 0, 0.2, 0.16);
    const tx = tip.x, ty = tip.y, sx = tip.sx;
    const bridge = proj.point(this.#p[1], 0, -0.05, 0.08);
    ctx.strokeStyle = c.skinShade;
    ctx.lineWidth = 0.035 * u;
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(bridge.x - 0.02 * u, bridge.y);
    ctx.quadraticCurveTo(tx - 0.08 * u * sx, ty - 0.02 * u, tx - 0.02 * u, ty + 0.04 * u);
    ctx.stroke();
    ctx.fillStyle = c.skinShade;
    for (let side = -1; side <= 1; side += 2) {
      const sneer = side > 0 ? sneerL : sneerR;
      ctx.beginPath();
      ctx.ellipse(tx + side * (0.065 + sneer * 0.02) * u * sx, ty + (0.05 - sneer * 0.04) * u, 0.03 * u * sx, 0.018 * u, side * 0.4, 0, Math.PI * 2);
      ctx.fill();
    }
  }

  #eye(side: number, u: number, blink: number, squint: number, wide: number, gazeX: number, gazeY: number, cheekSquint: number): void {
    const ctx = this.#ctx, c = this.#c;
    // side +1: the avatar's left eye, on the viewer's right
    const p = this.#proj.point(this.#p[0], side * 0.31, -0.08, 0.01);
    if (p.z < -0.1) return;
    const cx = p.x, cy = p.y, sx = p.sx;
    const rx = 0.155 * u * sx, ry = 0.1 * u;
    const open = clamp(1 - blink + wide * 0.3 - squint * 0.3, 0, 1.3);
    const lowerLift = (squint * 0.35 + cheekSquint * 0.3) * ry;
    const upper = cy - ry * open * 1.05;
    const lower = cy + ry * 0.85 - lowerLift;
    if (open > 0.06 && lower > upper) {
      // the eye opening: upper lid arc and lower lid arc between the two corners
      ctx.save();
      ctx.beginPath();
      ctx.moveTo(cx - rx, cy);
      ctx.bezierCurveTo(cx - rx * 0.6, upper, cx + rx * 0.6, upper, cx + rx, cy - ry * 0.05);
      ctx.bezierCurveTo(cx + rx * 0.55, lower, cx - rx * 0.55, lower, cx - rx, cy);
      ctx.fillStyle = '#fbfbf8';
      ctx.fill();
      ctx.clip();
      const ix = cx + clamp(gazeX, -1, 1) * rx * 0.45, iy = cy + clamp(gazeY, -1, 1) * ry * 0.45;
      ctx.fillStyle = c.eyes;
      ctx.beginPath();
      ctx.ellipse(ix, iy, 0.085 * u * sx, 0.085 * u, 0, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillStyle = '#15110f';
      ctx.beginPath();
      ctx.ellipse(ix, iy, 0.042 * u * sx, 0.042 * u, 0, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillStyle = '#ffffff';
      ctx.beginPath();
      ctx.arc(ix - 0.03 * u * sx, iy - 0.035 * u, 0.02 * u, 0, Math.PI * 2);
      ctx.fill();
      ctx.restore();
    }
    // upper lid line with lashes; closed, it is a curve that dips like a smile
    ctx.strokeStyle = c.line;
    ctx.lineCap = 'round';
    ctx.lineWidth = 0.032 * u;
    ctx.beginPath();
    const lid = open > 0.06 ? upper : cy + ry * 0.35;
    ctx.moveTo(cx - rx * 1.05, cy);
    if (open > 0.06) ctx.bezierCurveTo(cx - rx * 0.6, lid, cx + rx * 0.6, lid, cx + rx * 1.08, cy - ry * 0.12);
    else ctx.quadraticCurveTo(cx, lid, cx + rx * 1.05, cy);
    ctx.stroke();
    ctx.lineWidth = 0.022 * u;
    ctx.beginPath(); // the outer lash flick
    const ex = cx + side * rx * 1.02, ey = cy - (open > 0.06 ? ry * 0.1 : 0);
    ctx.moveTo(ex, ey);
    ctx.lineTo(ex + side * 0.06 * u * sx, ey - 0.05 * u);
    ctx.stroke();
  }

  #brow(side: number, u: number, down: number, innerUp: number, outerUp: number): void {
    const ctx = this.#ctx;
    const inner = this.#proj.point(this.#p[0], side * 0.14, -0.33 - innerUp * 0.1 + down * 0.07, 0.04);
    const mid = this.#proj.point(this.#p[1], side * 0.3, -0.39 - (innerUp + outerUp) * 0.05 + down * 0.05, 0.04);
    const outer = this.#proj.point(this.#p[2], side * 0.46, -0.33 - outerUp * 0.1 + down * 0.03, 0.02);
    if (outer.z < -0.1 && inner.z < -0.1) return; // both ends turned away behind the head
    ctx.strokeStyle = this.#c.hairShade;
    ctx.lineCap = 'round';
    ctx.lineWidth = 0.055 * u;
    ctx.beginPath();
    ctx.moveTo(inner.x, inner.y);
    ctx.quadraticCurveTo(mid.x, mid.y - 0.03 * u, outer.x, outer.y);
    ctx.stroke();
  }

  #mouth(u: number): void {
    const ctx = this.#ctx, c = this.#c, w = this.#w;
    const p = this.#proj.point(this.#p[0], (w[M_LEFT]! - w[M_RIGHT]!) * 0.08 + (w[JAW_L]! - w[JAW_R]!) * 0.04, 0.5 + w[JAW_OPEN]! * 0.05, 0.03);
    const cx = p.x, cy = p.y, sx = p.sx;
    const smileL = w[SMILE_L]!, smileR = w[SMILE_R]!, frownL = w[FROWN_L]!, frownR = w[FROWN_R]!;
    const round = clamp(w[PUCKER]! * 0.8 + w[FUNNEL]!, 0, 1);
    const press = (w[PRESS_L]! + w[PRESS_R]!) * 0.5;
    const half = 0.2 * u * sx * (1 + (smileL + smileR) * 0.2 + (w[STRETCH_L]! + w[STRETCH_R]!) * 0.15
      + (w[DIMPLE_L]! + w[DIMPLE_R]!) * 0.05 - round * 0.45 + press * 0.05);
    // the avatar's left corner is on the viewer's right
    const rX = cx + half * (1 + (w[STRETCH_L]! - w[STRETCH_R]!) * 0.1), lX = cx - half * (1 + (w[STRETCH_R]! - w[STRETCH_L]!) * 0.1);
    const rY = cy + (-smileL * 0.13 + frownL * 0.08 + w[DIMPLE_L]! * -0.02) * u;
    const lY = cy + (-smileR * 0.13 + frownR * 0.08 + w[DIMPLE_R]! * -0.02) * u;
    const open = clamp(w[JAW_OPEN]! * 0.26 + (w[LOWER_DOWN_L]! + w[LOWER_DOWN_R]!) * 0.03 + (w[UPPER_UP_L]! + w[UPPER_UP_R]!) * 0.025
      + w[FUNNEL]! * 0.06 - w[CLOSE]! * 0.26 - press * 0.05, 0, 0.34) * u;
    const upperLift = ((w[UPPER_UP_L]! + w[UPPER_UP_R]!) * 0.03 + w[SHRUG_UPPER]! * 0.02) * u;
    const lowerDrop = ((w[LOWER_DOWN_L]! + w[LOWER_DOWN_R]!) * 0.025 - w[SHRUG_LOWER]! * 0.03) * u;
    const upperThick = 0.045 * u * (1 - w[ROLL_UPPER]! * 0.8) * (1 - press * 0.5);
    const lowerThick = 0.06 * u * (1 - w[ROLL_LOWER]! * 0.8) * (1 - press * 0.5);
    const innerTop = cy - upperLift - open * 0.28;
    const smileCurve = (smileL + smileR) * 0.5 * 0.05 * u - (frownL + frownR) * 0.5 * 0.03 * u;
    const innerBottom = cy + lowerDrop + open * 0.72 + smileCurve;
    const bulge = round * 0.5; // rounder opening for o / u shapes
    const ctrl = 0.55 - bulge * 0.35;

    // lips: the outer outline, filled
    ctx.fillStyle = c.lips;
    ctx.beginPath();
    ctx.moveTo(lX, lY);
    ctx.bezierCurveTo(lX + (cx - lX) * ctrl, innerTop - upperThick * 1.2, cx - half * 0.2, innerTop - upperThick * 1.15, cx, innerTop - upperThick * 0.85);
    ctx.bezierCurveTo(cx + half * 0.2, innerTop - upperThick * 1.15, rX - (rX - cx) * ctrl, innerTop - upperThick * 1.2, rX, rY);
    ctx.bezierCurveTo(rX - (rX - cx) * (ctrl - 0.1), innerBottom + lowerThick * 1.2, lX + (cx - lX) * (ctrl - 0.1), innerBottom + lowerThick * 1.2, lX, lY);
    ctx.fill();

    if (open > 0.012 * u) {
      // the opening: dark mouth, upper teeth, tongue
      ctx.save();
      ctx.beginPath();
      ctx.moveTo(lX + half * 0.06, lY);
      ctx.bezierCurveTo(lX + (cx - lX) * ctrl, innerTop, rX - (rX - cx) * ctrl, innerTop, rX - half * 0.06, rY);
      ctx.bezierCurveTo(rX - (rX - cx) * ctrl, innerBottom, lX + (cx - lX) * ctrl, innerBottom, lX + half * 0.06, lY);
      ctx.fillStyle = c.mouth;
      ctx.fill();
      ctx.clip();
      ctx.fillStyle = '#f7f4ee';
      ctx.fillRect(cx - half, innerTop - 0.01 * u, half * 2, Math.min(0.055 * u, open * 0.45));
      ctx.fillStyle = c.lips;
      ctx.globalAlpha = 0.85;
      ctx.beginPath();
      ctx.ellipse(cx, innerBottom + 0.01 * u - w[TONGUE_OUT]! * 0.03 * u, half * 0.62, 0.07 * u, 0, Math.PI, 0);
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.restore();
    } else {
      // closed: the line between the lips
      ctx.strokeStyle = c.lipsDark;
      ctx.lineWidth = 0.016 * u;
      ctx.beginPath();
      ctx.moveTo(lX, lY);
      ctx.quadraticCurveTo(cx, cy + smileCurve * 1.4, rX, rY);
      ctx.stroke();
    }
    const tongue = w[TONGUE_OUT]!;
    if (tongue > 0.02) {
      ctx.fillStyle = c.tongue;
      ctx.beginPath();
      ctx.ellipse(cx, innerBottom + tongue * 0.07 * u, half * 0.45, (0.04 + tongue * 0.08) * u, 0, 0, Math.PI);
      ctx.fill();
    }
  }

  #hairFront(u: number): void {
    const ctx = this.#ctx, c = this.#c, style = this.#theme.hairStyle, proj = this.#proj;
    ctx.fillStyle = c.hair;
    if (style === 'curls') {
      for (let i = -5; i <= 5; i++) {
        const x = i * 0.15, y = -0.86 + Math.abs(i) * Math.abs(i) * 0.022;
        const p = proj.point(this.#p[0], x, y, 0.04);
        if (p.z < -0.2) continue;
        ctx.beginPath();
        ctx.arc(p.x, p.y, 0.16 * u, 0, Math.PI * 2);
        ctx.fill();
      }
      return;
    }
    // a fringe from temple to temple, parted on the avatar's right
    const a = proj.point(this.#p[0], -0.8, -0.2, 0.02); const ax = a.x - 0.04 * u, ay = a.y;
    const b = proj.point(this.#p[1], -0.55, -0.95, 0.05); const bx = b.x, by = b.y;
    const part = proj.point(this.#p[2], -0.18, -0.98, 0.06); const px = part.x, py = part.y;
    const d = proj.point(this.#p[3], 0.6, -0.9, 0.05); const dx = d.x, dy = d.y;
    const e = proj.point(this.#p[4], 0.8, -0.2, 0.02); const ex = e.x + 0.06 * u, ey = e.y;
    const tip = style === 'bob' ? 0.58 : 0.7;
    const f = proj.point(this.#p[5], 0.35, -tip, 0.08); const fx = f.x, fy = f.y;
    const g = proj.point(this.#p[6], -0.05, -0.62, 0.08); const gx = g.x, gy = g.y;
    ctx.beginPath();
    ctx.moveTo(ax, ay);
    ctx.quadraticCurveTo(bx - 0.25 * u, by - 0.15 * u, px, py - 0.2 * u);
    ctx.quadraticCurveTo(dx + 0.3 * u, dy - 0.2 * u, ex, ey);
    ctx.quadraticCurveTo(ex - 0.05 * u, (ey + fy) / 2, fx, fy);
    ctx.quadraticCurveTo((fx + gx) / 2, gy - 0.1 * u, gx, gy);
    ctx.quadraticCurveTo(px - 0.25 * u, py + 0.2 * u, ax + 0.05 * u, ay + 0.1 * u);
    ctx.fill();
    if (style === 'crop') {
      ctx.fillStyle = c.hairShade;
      ctx.globalAlpha = 0.5;
      ctx.beginPath();
      ctx.moveTo(px, py - 0.1 * u);
      ctx.quadraticCurveTo(fx, fy - 0.2 * u, ex - 0.1 * u, ey - 0.2 * u);
      ctx.lineTo(ex - 0.15 * u, ey - 0.1 * u);
      ctx.quadraticCurveTo(fx, fy - 0.05 * u, px, py - 0.02 * u);
      ctx.fill();
      ctx.globalAlpha = 1;
    }
  }
}
