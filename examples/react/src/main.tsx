// A React 19 app with <spatius-avatar>: properties and event handlers straight on the element (React 19 sets a
// prop as the element's property when it has one, and `on<event>` adds a listener for <event> as written).
import 'spatius-avatar'; // registers <spatius-avatar>, before React renders it
import type {} from 'spatius-avatar/react'; // JSX types: props and `on<event>` handlers
import type { ConnectionState, LookName } from 'spatius-avatar';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';

// Your app fetches a viewer token from its server; this example reads both from its address.
const params = new URLSearchParams(location.search);
// The bundler does not copy the element's worker: build.mjs copies it next to app.js, and the page says where.
const workerUrl = new URL('./motion.worker.js', import.meta.url).href;

function App() {
  const [state, setState] = useState<ConnectionState>('disconnected');
  const [avatar, setAvatar] = useState('');
  const [firstFrame, setFirstFrame] = useState(false);
  const [error, setError] = useState('');
  const [muted, setMuted] = useState(false);
  const [look, setLook] = useState<LookName>('nova');
  return (
    <main>
      <spatius-avatar
        url={params.get('url') ?? ''}
        token={params.get('token') ?? ''}
        workerUrl={workerUrl}
        look={look}
        maxBufferDelayMs={120}
        muted={muted}
        style={{ display: 'block', width: 320, height: 320 }}
        onconnection-state-changed={(e) => setState(e.detail.state)}
        onavatar-discovered={(e) => setAvatar(e.detail.identity)}
        onfirst-frame={() => setFirstFrame(true)}
        onerror={(e) => setError(`${e.detail.code}: ${e.detail.message}`)}
      />
      <p>
        State: <output id="state">{state}</output>, avatar: <output id="avatar">{avatar}</output>, first frame:{' '}
        <output id="first-frame">{firstFrame ? 'yes' : 'no'}</output>
      </p>
      {error && <p id="error" role="alert">{error}</p>}
      <button id="mute" onClick={() => setMuted((m) => !m)}>{muted ? 'Unmute' : 'Mute'}</button>
      <button id="look" onClick={() => setLook((l) => (l === 'nova' ? 'sol' : 'nova'))}>Look: {look}</button>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
