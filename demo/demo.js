// The demo page: a simulated agent, two viewers. Each element gets a fresh token from the demo server's
// standard token endpoint by itself, at every connect (the `token-endpoint` attribute in index.html).
import '/dist/index.js';
import { BLENDSHAPE_NAMES } from '/dist/codec.js';

const avatar = document.getElementById('avatar');
const raw = document.getElementById('raw');
const log = document.getElementById('log');
const EVENTS = ['connected', 'disconnected', 'error', 'connection-state-changed', 'avatar-discovered',
  'conversation-start', 'conversation-end', 'first-frame', 'stalled', 'resumed', 'audio-blocked', 'audio-unblocked'];

for (const type of EVENTS) {
  avatar.addEventListener(type, (e) => {
    const li = document.createElement('li');
    li.textContent = `${new Date().toLocaleTimeString()} ${type} ${JSON.stringify(e.detail)}`;
    log.prepend(li);
    while (log.children.length > 60) log.lastChild.remove();
    document.getElementById('state').textContent = avatar.getConnectionState();
  });
}

const connect = (el) => el.connect().catch(() => undefined); // failures are shown by the error event

// renderer="none": draw the weights as bars, the head pose as text
const bars = document.getElementById('bars').getContext('2d');
const SHOWN = ['jawOpen', 'mouthFunnel', 'mouthPucker', 'mouthSmileLeft', 'mouthSmileRight', 'mouthStretchLeft',
  'mouthLowerDownLeft', 'mouthUpperUpLeft', 'eyeBlinkLeft', 'eyeBlinkRight', 'browInnerUp', 'browOuterUpLeft', 'cheekPuff', 'tongueOut'];
const INDEX = SHOWN.map((n) => BLENDSHAPE_NAMES.indexOf(n));
raw.addEventListener('frame', (e) => {
  const { weights, rotation, state } = e.detail;
  bars.clearRect(0, 0, 360, 300);
  bars.font = '11px system-ui';
  INDEX.forEach((i, row) => {
    const y = 6 + row * 19;
    bars.fillStyle = '#333';
    bars.fillText(SHOWN[row], 6, y + 11);
    bars.fillStyle = '#4a7bb7';
    bars.fillRect(130, y, weights[i] * 220, 13);
  });
  bars.fillStyle = '#333';
  bars.fillText(`${state} · yaw ${rotation[1].toFixed(2)} pitch ${rotation[0].toFixed(2)} roll ${rotation[2].toFixed(2)}`, 6, 292);
});

setInterval(() => {
  const s = avatar.stats, l = avatar.liveStats;
  if (!s || !l) return;
  document.getElementById('stats').textContent = [
    `fps ${l.fps}   buffer ${l.bufferDepth} frames   target delay ${l.targetDelayMs.toFixed(0)} ms   cadence jitter ${l.cadenceJitterMs.toFixed(1)} ms   loss ${(l.lossRate * 100).toFixed(1)}%`,
    `rendered ${s.rendered}   lost ${s.lost}   skipped ${s.skipped}   dropped ${JSON.stringify(s.dropped)}   starved ${s.starved}`,
    `malformed ${s.malformed}   mean added delay ${s.meanAddedDelayMs.toFixed(1)} ms   conversations ${s.conversations}   stalls ${s.stalls}`,
  ].join('\n');
}, 1000);

document.getElementById('look').onchange = (e) => avatar.setAttribute('look', e.target.value);
document.getElementById('connect').onclick = () => connect(avatar);
document.getElementById('disconnect').onclick = () => avatar.disconnect();

document.getElementById('mic').onchange = (e) => { avatar.mic = e.target.checked; };
document.getElementById('mode').onchange = (e) => {
  const room = avatar.getNativeClient();
  room?.localParticipant.publishData(new TextEncoder().encode(JSON.stringify({ mode: e.target.value })), { reliable: true });
};
