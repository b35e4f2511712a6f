// The avatar for test/csp/csp.test.ts's connected cases (this page is served without a CSP): joins the room
// given in the query (`url`, `token`) and publishes a voice (a tone) and a motion track with the package's
// MotionPublisher, speaking 2 s conversations with 1 s pauses for as long as the page is open.
import { Room } from 'livekit-client';
import { BLENDSHAPE_COUNT } from '../../../dist/codec.js';
import { MotionPublisher } from '../../../dist/publisher.js';

async function publish() {
  const params = new URLSearchParams(location.search);
  const ctx = new AudioContext();
  const tone = ctx.createOscillator();
  const voice = ctx.createMediaStreamDestination();
  tone.connect(voice);
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

publish().catch((err) => (window.publishError = String(err)));
