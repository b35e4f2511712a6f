/**
 * The 2.5D head: face points (x right, y down, in face units; the face is about 1.6 wide) sit on an
 * ellipsoid; yaw and pitch turn them, and an orthographic projection puts them on the canvas.
 * Each projection is written into an object the caller owns (`point(out, ...)`): no allocation per point,
 * and two points projected one after the other are two results, not one object overwritten.
 */
export interface Projected {
  /** Canvas position. */
  x: number;
  y: number;
  /** Horizontal foreshortening at this point (1 facing the viewer, less as it turns away). */
  sx: number;
  /** Depth towards the viewer after turning (negative: behind the head). */
  z: number;
}

/** A fresh result object, for a caller to own and reuse. */
export function createProjected(): Projected {
  return { x: 0, y: 0, sx: 1, z: 0 };
}

const RX = 0.8, RY = 1.0, RZ = 0.78; // the ellipsoid's half-axes in face units

export class HeadProjection {
  #cy = 1; #sy = 0; #cp = 1; #sp = 0;
  #originX = 0; #originY = 0; #unit = 1;

  /**
   * Sets the pose and the canvas frame. Axes as in the wire format: +yaw turns the face towards the
   * viewer's right, +pitch tips it down (right-hand rule about +x). Roll is applied by the renderer as a
   * canvas rotation about the neck.
   */
  set(yaw: number, pitch: number, originX: number, originY: number, unit: number): void {
    this.#cy = Math.cos(yaw); this.#sy = Math.sin(yaw);
    this.#cp = Math.cos(pitch); this.#sp = Math.sin(pitch);
    this.#originX = originX; this.#originY = originY; this.#unit = unit;
  }

  /**
   * Projects a face point at (x, y) lying `lift` face units in front of the ellipsoid's surface into `out`,
   * and returns `out`.
   */
  point(out: Projected, x: number, y: number, lift = 0): Projected {
    const q = 1 - (x / RX) ** 2 - (y / RY) ** 2;
    const z0 = (q > 0 ? Math.sqrt(q) * RZ : 0) + lift;
    // yaw about the vertical axis (+yaw turns the face to the viewer's right)
    const x1 = x * this.#cy + z0 * this.#sy;
    const z1 = -x * this.#sy + z0 * this.#cy;
    // pitch about the horizontal axis (screen y points down: +pitch moves the nose down)
    const y2 = y * this.#cp + z1 * this.#sp;
    const z2 = -y * this.#sp + z1 * this.#cp;
    const o = out;
    o.x = this.#originX + x1 * this.#unit;
    o.y = this.#originY + y2 * this.#unit;
    o.z = z2;
    // local surface angle: how much a small horizontal feature here is foreshortened
    const a = Math.atan2(x, Math.max(0.05, z0 - lift));
    o.sx = Math.max(0.15, Math.cos(a + Math.asin(Math.max(-1, Math.min(1, this.#sy))))) / Math.max(0.3, Math.cos(a));
    return o;
  }
}
