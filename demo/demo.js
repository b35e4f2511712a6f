// The demo page: tokens from the demo server's standard token endpoint, a simulated agent, two viewers.
import '/dist/index.js';
import { BLENDSHAPE_NAMES } from '/dist/codec.js';
import { startSimAgent } from '/demo/sim-agent.js';

const avatar = document.getElementById('avatar');
const raw = document.getElementById('raw');
const log = document.getElementById('log');
const EVENTS = ['connected', 'disconnected', 'error', 'connection-state-changed', 'avatar-discovered',
  'conversation-start', 'conversation-end', 'first-frame', 'stalled', 'resumed'];

for (const type of EVENTS) {
  avatar.addEventListener(type, (e) => {
    const li = document.createElement('li');
    li.textContent = `${new Date().toLocaleTimeString()} ${type} ${JSON.stringify(e.detail)}`;
    log.prepend(li);
    while (log.children.length > 60) log.lastChild.remove();
    document.getElementById('state').textContent = avatar.getConnectionState();
  });
}

async function token(room) {
  const res = await fetch('/api/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ room_name: room }),
  });
  const { server_url: url, participant_token: t } = await res.json();
  return { url, token: t };
}

const connect = async (el) => el.connect(await token(el.room)).catch(() => undefined); // shown by the error event

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
  document.getElementById('stats').textContent = avatar.stats ? JSON.stringify(avatar.stats, null, 1) : 'no stats yet';
}, 1000);

document.getElementById('look').onchange = (e) => avatar.setAttribute('look', e.target.value);
document.getElementById('connect').onclick = () => connect(avatar);
document.getElementById('disconnect').onclick = () => avatar.disconnect();

let agent = await startSimAgent('demo');
document.getElementById('agent').onclick = async (e) => {
  if (agent) {
    await agent.stop();
    agent = undefined;
    e.target.textContent = 'Start the agent';
  } else {
    agent = await startSimAgent('demo');
    e.target.textContent = 'Stop the agent';
  }
};
connect(avatar);
connect(raw);
