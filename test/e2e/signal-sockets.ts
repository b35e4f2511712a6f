// Counts the page's LiveKit signal connections (WebSockets whose URL carries an access token), by the room
// their token names: installed on import (import it before any element connects), like peer-connections.ts.
// A Room that was never really closed still holds its signal socket; a room with no socket open or opening
// has no Room of this page in it.

interface SignalSocket {
  room: string | undefined;
  socket: WebSocket;
}

const sockets: SignalSocket[] = [];

/** The room named by a LiveKit token in `url`'s `access_token`, without verifying it. */
function roomOf(url: string | URL): string | undefined {
  try {
    const token = new URL(String(url)).searchParams.get('access_token');
    if (!token) return undefined;
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { video?: { room?: string } };
    return payload.video?.room;
  } catch {
    return undefined;
  }
}

const Native = window.WebSocket;
window.WebSocket = class extends Native {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    if (new URL(String(url)).searchParams.has('access_token')) sockets.push({ room: roomOf(url), socket: this });
  }
} as typeof WebSocket;

/** Signal sockets to `room` still connecting or open (not closing or closed). */
export function openSignalSockets(room: string): number {
  for (let i = sockets.length - 1; i >= 0; i--) {
    if (sockets[i]!.socket.readyState === Native.CLOSED) sockets.splice(i, 1); // forgotten once closed
  }
  return sockets.filter((s) => s.room === room && (s.socket.readyState === Native.CONNECTING || s.socket.readyState === Native.OPEN)).length;
}
