// Browser side of test/livekit-plugin.mjs: the test run's LiveKit server and tokens.
import { executeServerCommand } from '@web/test-runner-commands';

export interface ParticipantInfo {
  identity: string;
  sid: string;
  /** livekit.ParticipantInfo.State: 0 JOINING (no join response sent yet), 1 JOINED, 2 ACTIVE, 3 DISCONNECTED. */
  state: number;
  tracks: { type: number; source: number; name: string; muted: boolean }[];
}

export async function livekitUrl(): Promise<string> {
  const info = await executeServerCommand<{ url: string }, undefined>('livekit-info');
  if (!info?.url) throw new Error('no LiveKit server: the test runner plugin did not answer');
  return info.url;
}

export async function mintToken(identity: string, room: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await executeServerCommand<{ token: string }, Record<string, unknown>>('livekit-token', { identity, room, ...extra });
  return res!.token;
}

export async function listParticipants(room: string): Promise<ParticipantInfo[]> {
  return (await executeServerCommand<ParticipantInfo[], { room: string }>('livekit-participants', { room })) ?? [];
}

let rooms = 0;
/** A room name no other test uses. */
export const uniqueRoom = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${rooms++}`;

/** Calls `probe` every `every` ms until it answers something truthy (that answer), or throws after `ms`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 20000, every = 50): Promise<T> {
  const until = performance.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (performance.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}
