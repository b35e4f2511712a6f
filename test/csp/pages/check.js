// Shared by the CSP pages (served with a Content-Security-Policy header by test/csp/csp.test.ts; no inline
// script anywhere): puts one <spatius-avatar manual> on the page, with `worker-url` from the page's query,
// and reports in window.cspResult whether its worker drew the neutral face (a snapshot with the default
// look's skin colour), the element's `error` events, and every CSP violation the page saw.
const violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample });
});

const SKIN = [0xf2, 0xc7, 0xa5]; // LOOKS.aurora.skin

async function skinShare(image) {
  const bitmap = await createImageBitmap(image);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d');
  context.drawImage(bitmap, 0, 0);
  const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (Math.abs(data[i] - SKIN[0]) + Math.abs(data[i + 1] - SKIN[1]) + Math.abs(data[i + 2] - SKIN[2]) < 24) n++;
  }
  return n / (data.length / 4);
}

export async function check() {
  const el = document.createElement('spatius-avatar');
  el.manual = true;
  const workerUrl = new URLSearchParams(location.search).get('worker-url');
  if (workerUrl) el.setAttribute('worker-url', workerUrl);
  el.style.cssText = 'display:block;width:160px;height:160px';
  const errors = [];
  el.addEventListener('error', (e) => errors.push(e.detail));
  document.body.append(el);
  await el.updateComplete;
  let drawn = false;
  let failure;
  for (let i = 0; i < 200 && !drawn; i++) {
    if (i) await new Promise((r) => setTimeout(r, 50));
    try {
      const image = await el.snapshot();
      drawn = !!image && image.type === 'image/png' && (await skinShare(image)) > 0.05;
    } catch (err) {
      failure = err.code ?? String(err);
      break;
    }
  }
  await new Promise((r) => setTimeout(r, 100)); // violation events are queued as tasks
  window.cspResult = { drawn, failure, errors, violations, trustedTypes: typeof trustedTypes !== 'undefined' };
}
