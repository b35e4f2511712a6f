// The page side of the UDP relay (test/support/udp-relay.mjs): peer connections made while this is installed
// reach livekit-server through the relay. The server's remote ICE candidates (in its SDP and trickled through
// addIceCandidate) on its UDP port are rewritten to the relay's port, and its TCP candidates are dropped, so
// the one path left is UDP through the relay. The page's own candidates are not given to livekit-client
// (`onicecandidate` sees only the end of gathering; offers and answers made once candidates are gathered lose
// their candidate lines): otherwise the server's ICE checks would reach the
// browser's host candidate directly and that pair, relay-free, could win. The server learns the browser as
// the relay's socket (peer-reflexive) from the browser's checks through the relay. Install it before the client connects (livekit-client makes its
// peer connections at connect time); connections made before keep their direct path.

/**
 * Rewrites one candidate line ("candidate:… udp … 127.0.0.1 PORT typ host …") to the relay at
 * `relayHost`:`relayPort`; null drops it.
 */
export function rewriteCandidate(candidate: string, serverUdpPort: number, relayPort: number, relayHost = '127.0.0.1'): string | null {
  const parts = candidate.trim().split(/\s+/);
  // foundation component transport priority address port "typ" type …
  if (parts.length < 8 || parts[6] !== 'typ') return candidate;
  const transport = parts[2]!.toLowerCase();
  if (transport === 'tcp') return null;
  if (transport !== 'udp' || Number(parts[5]) !== serverUdpPort) return candidate;
  if (parts[4] !== '127.0.0.1') return null; // the server's other addresses (IPv6): the relay reaches 127.0.0.1 only
  parts[4] = relayHost;
  parts[5] = String(relayPort);
  return parts.join(' ');
}

/** The SDP without its candidate lines (the page's own offers and answers: see above). */
const withoutCandidates = (sdp: string): string => sdp.split('\r\n').filter((l) => !l.startsWith('a=candidate:')).join('\r\n');

function rewriteSdp(sdp: string, serverUdpPort: number, relayPort: number, relayHost: string): string {
  return sdp.split('\r\n').flatMap((line) => {
    if (!line.startsWith('a=candidate:')) return [line];
    const out = rewriteCandidate(line.slice(2), serverUdpPort, relayPort, relayHost);
    return out === null ? [] : [`a=${out}`];
  }).join('\r\n');
}

/**
 * Replaces `window.RTCPeerConnection` with a subclass that rewrites the remote candidates to the relay at
 * `relayHost`:`relayPort`. Returns the undo (peer connections already made keep the rewriting).
 */
export function routeThroughRelay(serverUdpPort: number, relayPort: number, relayHost = '127.0.0.1'): () => void {
  const Native = window.RTCPeerConnection;
  class RelayedPeerConnection extends Native {
    override set onicecandidate(handler: ((this: RTCPeerConnection, ev: RTCPeerConnectionIceEvent) => unknown) | null) {
      super.onicecandidate = handler && function (this: RTCPeerConnection, ev: RTCPeerConnectionIceEvent) {
        if (ev.candidate?.candidate) return undefined; // kept from the server: see above
        return handler.call(this, ev);
      };
    }

    override get onicecandidate(): ((this: RTCPeerConnection, ev: RTCPeerConnectionIceEvent) => unknown) | null {
      return super.onicecandidate;
    }

    override setRemoteDescription(description?: RTCSessionDescriptionInit): Promise<void> {
      if (description?.sdp) description = { type: description.type, sdp: rewriteSdp(description.sdp, serverUdpPort, relayPort, relayHost) };
      return super.setRemoteDescription(description as RTCSessionDescriptionInit);
    }

    override addIceCandidate(candidate?: RTCIceCandidateInit | null): Promise<void> {
      if (candidate?.candidate) {
        const out = rewriteCandidate(candidate.candidate, serverUdpPort, relayPort, relayHost);
        if (out === null) return Promise.resolve();
        candidate = { ...(candidate instanceof RTCIceCandidate ? candidate.toJSON() : candidate), candidate: out };
      }
      return super.addIceCandidate(candidate ?? undefined);
    }
  }
  // createOffer / createAnswer have callback overloads in the DOM types: patched on the prototype, promise form.
  const proto = RelayedPeerConnection.prototype as unknown as Record<string, unknown>;
  for (const name of ['createOffer', 'createAnswer'] as const) {
    const base = Native.prototype[name] as (this: RTCPeerConnection, options?: object) => Promise<RTCSessionDescriptionInit>;
    proto[name] = async function (this: RTCPeerConnection, options?: object): Promise<RTCSessionDescriptionInit> {
      const d = await base.call(this, options);
      return { type: d.type, sdp: withoutCandidates(d.sdp ?? '') };
    };
  }
  window.RTCPeerConnection = RelayedPeerConnection;
  return () => {
    window.RTCPeerConnection = Native;
  };
}
