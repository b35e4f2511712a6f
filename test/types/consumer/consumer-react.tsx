// React 19 JSX with `<spatius-avatar>`, typed by `spatius-avatar/react` (compiled with the built package by
// `npm test`). Lines under @ts-expect-error must fail to compile, or tsc fails.
import type {} from 'spatius-avatar/react';
import type { ConnectionState, ErrorCode, SpatiusAvatarElement } from 'spatius-avatar';
import { useRef } from 'react';

export function Avatar({ token }: { token: string }) {
  const ref = useRef<SpatiusAvatarElement>(null);
  return (
    <spatius-avatar
      ref={ref}
      url="wss://example.livekit.cloud"
      token={token}
      renderer="none"
      look="nova"
      maxBufferDelayMs={120}
      enableJitterBuffer={false}
      avatarIdentity="agent"
      tokenSource={async () => ({ serverUrl: 'wss://example.livekit.cloud', participantToken: token })}
      muted
      volume={0.5}
      className="avatar"
      style={{ width: 320 }}
      stall-timeout="5000"
      jitter-buffer="off"
      log-level="error"
      onconnected={(e) => void (e.detail.room satisfies string)}
      onconnection-state-changed={(e) => void (e.detail.state satisfies ConnectionState)}
      onavatar-discovered={(e) => void (e.detail.identity satisfies string)}
      onfirst-frame={(e) => void (e.detail satisfies Record<string, never>)}
      onframe={(e) => void (e.detail.weights satisfies Float32Array)}
      onframeCapture={(e) => void e.detail.weights}
      onerror={(e) => void ([e.detail.code, e.detail.fatal] satisfies [ErrorCode, boolean])}
      onstalled={(e) => void (e.detail.reason satisfies 'no-motion' | 'paused')}
      onClick={(e) => void e.clientX}
    >
      <button slot="audio-blocked">Hear the avatar</button>
    </spatius-avatar>
  );
}

export const wrong = [
  // @ts-expect-error a token source answers a promise of { serverUrl, participantToken } (or is a TokenSource)
  <spatius-avatar tokenSource={() => 'a-token'} />,
  // @ts-expect-error not a renderer
  <spatius-avatar renderer="webgl" />,
  // @ts-expect-error a number of ms, not a string (the property; the attribute is max-buffer-delay)
  <spatius-avatar maxBufferDelayMs="120" />,
  // @ts-expect-error jitter-buffer is on or off
  <spatius-avatar jitter-buffer="yes" />,
  // @ts-expect-error React 19 listens to the name as written: this would listen for `ConnectionStateChanged`
  <spatius-avatar onConnectionStateChanged={() => {}} />,
  // @ts-expect-error React's synthetic onError never sees the element's error: onerror
  <spatius-avatar onError={() => {}} />,
  // @ts-expect-error React's onStalled is its media event (audio and video only): onstalled
  <spatius-avatar onStalled={() => {}} />,
  // @ts-expect-error React's capture listener gets React's event, with no detail: onerror
  <spatius-avatar onErrorCapture={() => {}} />,
  // @ts-expect-error the detail of connection-state-changed has no `room`
  <spatius-avatar onconnection-state-changed={(e) => void e.detail.room} />,
  // @ts-expect-error first-frame carries no detail (Record<string, never>)
  <spatius-avatar onfirst-frame={(e) => void e.detail.weights.length} />,
  // @ts-expect-error a misspelt event
  <spatius-avatar onconected={() => {}} />,
  // @ts-expect-error not a property of the element (stallTimeoutMs); note TypeScript never checks a
  // hyphenated JSX name that is not in the props type (a misspelt `stall-timout` compiles)
  <spatius-avatar stallTimeout={5000} />,
  // @ts-expect-error connectionState is read-only (the `state` attribute too: neither is a prop)
  <spatius-avatar connectionState="connected" />,
];
