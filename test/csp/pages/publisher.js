// The avatar of test/csp/csp.test.ts: joins the room given in the query (`url`, `token`) and publishes a voice
// (a tone) and a motion track with the package's MotionPublisher (its sender Worker), speaking 2 s
// conversations with 1 s pauses for as long as the page is open. Served without a CSP for the element's
// connected cases, and under one (`csp` in the query) for the publisher's own: with `worklet` in the query the
// voice also goes through AudioMotion (its AudioWorklet), whose frames are counted (none in Firefox here: with
// no audio device its AudioContext never runs, docs/testing.md). Reports in window.published /
// window.publishError, and every CSP violation and unhandled rejection it saw.
import { Room } from 'livekit-client';
import { BLENDSHAPE_COUNT } from '../../../dist/codec.js';
import { AudioMotion, MotionPublisher } from '../../../dist/publisher.js';

window.violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample });
});
window.rejections = [];
window.addEventListener('unhandledrejection', (e) => window.rejections.push(String(e.reason?.stack ?? e.reason)));
window.workletFrames = 0;

async function publish() {
  const params = new URLSearchParams(location.search);
  const ctx = new AudioContext();
  const tone = ctx.createOscillator();
  const voice = ctx.createMediaStreamDestination();
  if (params.has('worklet')) {
    const motion = await AudioMotion.create(ctx, tone, () => window.workletFrames++);
    motion.delayed.connect(voice);
    window.workletLoaded = true;
  } else {
    tone.connect(voice);
  }
  tone.start();
  const room = new Room({ adaptiveStream: false, dynacast: false });
  await room.connect(params.get('url'), params.get('token'));
  const publisher = new MotionPublisher(room, { voice: voice.stream.getAudioTracks()[0] });
  await publisher.start();
  window.published = true;
  for (let turn = 0; ; turn++) {
    publisher.startConversation();
    for (let i = 0; i < 50; i++) {
      const blendshapes = new Float32Array(BLENDSHAPE_COUNT);
      blendshapes[17] = 0.5 + 0.5 * Math.sin(i / 3); // jawOpen
      publisher.pushFrame({ blendshapes, time: i * 40 });
      await new Promise((r) => setTimeout(r, 40));
    }
    publisher.endConversation();
    await new Promise((r) => setTimeout(r, 1000));
  }
}

publish().catch((err) => (window.publishError = String(err?.stack ?? err)));
