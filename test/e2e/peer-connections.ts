// Counts every RTCPeerConnection the page makes (installed on import, before any element exists), so
// tests can check that ended calls close theirs.
export const peerConnections: RTCPeerConnection[] = [];

const Native = window.RTCPeerConnection;
window.RTCPeerConnection = class extends Native {
  constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
    super(...args);
    peerConnections.push(this);
  }
} as typeof RTCPeerConnection;

/** Peer connections not closed yet. */
export const livePeerConnections = (): number => peerConnections.filter((pc) => pc.signalingState !== 'closed').length;
