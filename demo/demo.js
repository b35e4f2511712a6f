// The demo page: fetches a token from the demo server's standard token endpoint and connects.
import '/dist/index.js';

const avatar = document.getElementById('avatar');
const log = document.getElementById('log');
const EVENTS = ['connected', 'disconnected', 'error', 'connection-state-changed', 'avatar-discovered'];

for (const type of EVENTS) {
  avatar.addEventListener(type, (e) => {
    const li = document.createElement('li');
    li.textContent = `${new Date().toLocaleTimeString()} ${type} ${JSON.stringify(e.detail)}`;
    log.prepend(li);
    document.getElementById('state').textContent = avatar.getConnectionState();
    document.getElementById('identity').textContent = avatar.avatar ?? 'none yet';
  });
}

async function connect() {
  const res = await fetch('/api/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ room_name: avatar.room }),
  });
  const { server_url: url, participant_token: token } = await res.json();
  await avatar.connect({ url, token }).catch(() => undefined); // shown by the error event
}

document.getElementById('connect').onclick = connect;
document.getElementById('disconnect').onclick = () => avatar.disconnect();
connect();
