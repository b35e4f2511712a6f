// The demo's simulated avatar agent: joins the room as "avatar", publishes a voice and a motion track
// (MotionPublisher) whose motion comes from the voice itself (AudioMotion). Two modes, switched by a data
// message {"mode": "lines" | "echo"} from a viewer:
//   lines: says the sample lines in turn (espeak-ng clips in demo/audio/);
//   echo:  listens to the viewers' microphones and says back what it heard (no AI service involved).
import { Room, RoomEvent, Track } from 'livekit-client';
import { BLENDSHAPE_COUNT } from '/dist/codec.js';
import { AudioMotion, MotionPublisher } from '/dist/publisher.js';

const status = (s) => { document.getElementById('status').textContent = s; console.log(`[agent] ${s}`); };
const params = new URLSearchParams(location.search);
const roomName = params.get('room') ?? 'demo';
const LINES = ['/demo/audio/line-1.wav', '/demo/audio/line-2.wav', '/demo/audio/line-3.wav'];

const res = await fetch('/api/token', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ room_name: roomName, participant_identity: 'avatar', participant_name: 'Demo avatar' }),
});
const { server_url: url, participant_token: token } = await res.json();

const ctx = new AudioContext({ sampleRate: 48000 });
const voice = ctx.createMediaStreamDestination();
const mouth = ctx.createGain(); // everything the avatar says goes through here (published through AudioMotion's delay)
const room = new Room({ adaptiveStream: false, dynacast: false });
await room.connect(url, token);
const publisher = new MotionPublisher(room, { voice: voice.stream.getAudioTracks()[0] });
await publisher.start();

let speaking = false;
const motion = await AudioMotion.create(ctx, mouth, (frame) => {
  if (speaking) publisher.pushFrame(frame);
});
// The voice goes out AudioMotion.LATENCY_MS later, with the motion frames made from it (docs/sync.md).
motion.delayed.connect(voice);
const ready = new Float32Array(BLENDSHAPE_COUNT);
ready[17] = 0.08; // about to speak: lips just apart

/** Says one buffer: a conversation from its first to its last frame. */
async function say(buffer) {
  const source = ctx.createBufferSource();
  source.buffer = buffer;
  source.connect(mouth);
  publisher.startConversation({ blendshapes: ready });
  speaking = true;
  const ended = new Promise((r) => (source.onended = r));
  source.start();
  await ended;
  speaking = false;
  publisher.endConversation();
}

const lines = await Promise.all(LINES.map(async (u) => ctx.decodeAudioData(await (await fetch(u)).arrayBuffer())));
let mode = 'lines';
room.on(RoomEvent.DataReceived, (payload) => {
  try {
    const m = JSON.parse(new TextDecoder().decode(payload));
    if (m.mode === 'lines' || m.mode === 'echo') mode = m.mode;
    status(`mode ${mode}`);
  } catch { /* not for us */ }
});

// echo: record each viewer's speech (voice activity on an analyser), then say it back
const heard = [];
room.on(RoomEvent.TrackSubscribed, (track) => {
  if (track.kind !== Track.Kind.Audio) return;
  const stream = new MediaStream([track.mediaStreamTrack]);
  // Chromium feeds remote WebRTC audio to WebAudio only while a media element plays it (muted is enough).
  const sink = new Audio();
  sink.muted = true;
  sink.srcObject = stream;
  sink.play().catch(() => undefined);
  const analyser = ctx.createAnalyser();
  ctx.createMediaStreamSource(stream).connect(analyser);
  const data = new Float32Array(analyser.fftSize);
  let recorder, quietSince = 0;
  setInterval(() => {
    if (mode !== 'echo' || speaking) return;
    analyser.getFloatTimeDomainData(data);
    const rms = Math.sqrt(data.reduce((s, x) => s + x * x, 0) / data.length);
    const now = performance.now();
    if (rms > 0.02) {
      quietSince = now;
      if (!recorder) {
        const chunks = [];
        recorder = new MediaRecorder(stream);
        recorder.ondataavailable = (e) => chunks.push(e.data);
        recorder.onstop = async () => heard.push(await ctx.decodeAudioData(await new Blob(chunks).arrayBuffer()).catch(() => null));
        recorder.start();
      }
    } else if (recorder && now - quietSince > 700) {
      recorder.stop();
      recorder = undefined;
      status('heard something: saying it back');
    }
  }, 50);
});

status('ready');
for (let i = 0; ; i++) {
  if (mode === 'echo') {
    const buffer = heard.shift();
    if (buffer) await say(buffer);
    else await new Promise((r) => setTimeout(r, 200));
    continue;
  }
  status(`saying line ${(i % lines.length) + 1}`);
  await say(lines[i % lines.length]);
  await new Promise((r) => setTimeout(r, 1200));
}
