// Helpers shared by the fault tests against the real server (element-faults.test.ts,
// element-server-restart.test.ts).
import { expect } from '@open-wc/testing';
import type { SpatiusAvatarElement } from '../../src/index.js';
import { createAvatar } from './element-fixture.js';
import type { Recorded } from './element-fixture.js';

// the server goes away on purpose: keep livekit-client's console quiet
export const create = (attrs: Record<string, string>) => createAvatar({ 'log-level': 'none', renderer: 'none', ...attrs });

export const ofType = (events: Recorded[], type: string) => events.filter((e) => e.type === type);
export const states = (events: Recorded[]) => ofType(events, 'connection-state-changed').map((e) => e.detail.state as string);
/** Seqs of the conversation frames rendered (fresh poses), in order. */
export const freshSeqs = (events: Recorded[]) => ofType(events, 'frame').filter((e) => e.detail.fresh).map((e) => e.detail.seq as number);
export const stallReasons = (events: Recorded[]) => ofType(events, 'stalled').map((e) => e.detail.reason as string);

/** The avatar's voice plays: its subscribed audio track is live in the element's `<audio>`, which is playing. */
export function voicePlaying(el: SpatiusAvatarElement, identity: string): boolean {
  const audio = el.shadowRoot!.querySelector('audio')!;
  const live = ((audio.srcObject as MediaStream | null)?.getAudioTracks() ?? []).filter((t) => t.readyState === 'live').map((t) => t.id);
  const participant = el.getNativeClient()?.remoteParticipants.get(identity);
  const voice = [...(participant?.audioTrackPublications.values() ?? [])].find((p) => p.isSubscribed && p.track);
  return !!voice && live.includes(voice.track!.mediaStreamTrack.id) && !audio.paused;
}

export function expectIncreasing(seqs: number[], what: string): void {
  for (let i = 1; i < seqs.length; i++) expect(seqs[i], `${what}: ${seqs.slice(Math.max(0, i - 3), i + 2).join(', ')}`).to.be.greaterThan(seqs[i - 1]!);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
