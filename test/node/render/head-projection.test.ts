// The 2.5D head projection (pure): each point goes into the caller's object, so several points of one
// feature (a brow's inner, middle and outer ends) are independent results.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createProjected, HeadProjection } from '../../../src/render/head-projection.js';

test('two points projected one after the other keep their own results', () => {
  const proj = new HeadProjection();
  proj.set(0.75, -0.5, 100, 100, 50); // turned to the viewer's right and tipped up, as far as the face goes
  const inner = proj.point(createProjected(), 0.14, -0.43, 0.04);
  const innerZ = inner.z, innerX = inner.x;
  const outer = proj.point(createProjected(), 0.46, -0.43, 0.02);
  assert.notEqual(inner, outer);
  assert.equal(inner.z, innerZ, "projecting the outer end leaves the inner end's result alone");
  assert.equal(inner.x, innerX);
  assert.ok(inner.z > 0, `the inner end faces the viewer (z ${inner.z})`);
  assert.ok(outer.z < -0.1, `the outer end is turned away behind the head (z ${outer.z})`);
});

test('point writes into and returns the object it is given; the same input gives the same result', () => {
  const proj = new HeadProjection();
  proj.set(0.3, 0.1, 10, 20, 2);
  const out = createProjected();
  assert.equal(proj.point(out, 0.2, 0.1, 0.03), out);
  const again = proj.point(createProjected(), 0.2, 0.1, 0.03);
  assert.deepEqual(again, out);
});

test('facing the viewer: the centre projects to the origin, in front of the head, unforeshortened', () => {
  const proj = new HeadProjection();
  proj.set(0, 0, 150, 120, 40);
  const p = proj.point(createProjected(), 0, 0);
  assert.equal(p.x, 150);
  assert.equal(p.y, 120);
  assert.ok(Math.abs(p.z - 0.78) < 1e-12, `z ${p.z}: the ellipsoid's depth`);
  assert.equal(p.sx, 1);
  // a point on the right moves right by its offset times the unit, and is foreshortened
  const r = proj.point(createProjected(), 0.4, 0);
  assert.ok(Math.abs(r.x - (150 + 0.4 * 40)) < 1e-9);
  assert.ok(r.sx <= 1);
});
