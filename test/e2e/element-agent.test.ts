// The agent and the conversation against a real server (issue 14): `agent-state` and `agent-state-changed`
// from `lk.agent.state`, `agent-timeout`, `speaking` from the playback clock, and captions released when the
// avatar plays the turn (docs/sync.md, "Captions"), with the built-in captions line.
import '../../dist/index.js';
import { expect, oneEvent } from '@open-wc/testing';
import type { SpatiusAvatarElement, TranscriptionDetail } from '../../src/index.js';
import { livekitUrl, mintToken, uniqueRoom, waitFor } from './livekit.js';
import { createAvatar } from './element-fixture.js';
import { startAgent } from './test-agent.js';

type Timed<T> = { at: number; detail: T };

function record<T>(el: SpatiusAvatarElement, type: string): Timed<T>[] {
  const out: Timed<T>[] = [];
  el.addEventListener(type, (e) => out.push({ at: performance.now(), detail: (e as CustomEvent<T>).detail }));
  return out;
}

describe('<spatius-avatar> agent and conversation', () => {
  let cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c();
    cleanup = [];
  });

  it('reflects lk.agent.state as agent-state, fires agent-state-changed in order, and clears it with the call', async function () {
    this.timeout(60000);
    const url = await livekitUrl();
    const room = uniqueRoom('agent-state');
    const agent = await startAgent(url, room, 'agent', { state: 'initializing' });
    cleanup.push(() => agent.stop());
    const { el, events } = createAvatar({ url, token: await mintToken('viewer', room) });
    cleanup.push(() => el.remove());
    const changes = record<{ state: string }>(el, 'agent-state-changed');
    await waitFor('agent-state="initializing"', () => el.getAttribute('agent-state') === 'initializing');
    expect(el.agentState).to.equal('initializing');
    for (const state of ['listening', 'thinking', 'speaking', 'idle', 'listening'] as const) {
      await agent.setState(state);
      await waitFor(`agent-state="${state}"`, () => el.getAttribute('agent-state') === state);
    }
    expect(changes.map((c) => c.detail)).to.deep.equal(
      ['initializing', 'listening', 'thinking', 'speaking', 'idle', 'listening'].map((state) => ({ state })));
    el.setAttribute('agent-state', 'thinking'); // read-only
    expect(el.getAttribute('agent-state')).to.equal('listening');
    expect(events.filter((e) => e.type === 'error')).to.deep.equal([]);
    await el.disconnect();
    expect(el.hasAttribute('agent-state')).to.equal(false);
    expect(el.agentState).to.equal(undefined);
    expect(changes.length).to.equal(6);
  });

  it('agent-timeout: a non-fatal error when no agent or avatar joins in time; none when one does', async function () {
    this.timeout(60000);
    const url = await livekitUrl();
    const empty = uniqueRoom('agent-timeout');
    const { el, events } = createAvatar({ url, token: await mintToken('viewer', empty), 'agent-timeout': '800' });
    cleanup.push(() => el.remove());
    await oneEvent(el, 'connected');
    const connectedAt = performance.now();
    const error = await oneEvent(el, 'error');
    const after = performance.now() - connectedAt;
    expect(error.detail.code).to.equal('agent-timeout');
    expect(error.detail.fatal).to.equal(false);
    expect(after).to.be.within(700, 3000);
    expect(el.getConnectionState()).to.equal('connected');
    await new Promise((r) => setTimeout(r, 1200));
    expect(events.filter((e) => e.type === 'error').length, 'reported once').to.equal(1);

    const room = uniqueRoom('agent-in-time');
    const agent = await startAgent(url, room, 'agent', { state: 'listening' });
    cleanup.push(() => agent.stop());
    const other = createAvatar({ url, token: await mintToken('viewer', room), 'agent-timeout': '800' });
    cleanup.push(() => other.el.remove());
    await oneEvent(other.el, 'connected');
    await new Promise((r) => setTimeout(r, 1600));
    expect(other.events.filter((e) => e.type === 'error')).to.deep.equal([]);
  });

  it('speaking is present while a conversation plays (from its first frame played, not its arrival) and gone after it', async function () {
    this.timeout(60000);
    const url = await livekitUrl();
    const room = uniqueRoom('speaking');
    const agent = await startAgent(url, room, 'agent', { state: 'listening' });
    cleanup.push(() => agent.stop());
    const { el } = createAvatar({ url, token: await mintToken('viewer', room), renderer: 'none' });
    cleanup.push(() => el.remove());
    await oneEvent(el, 'avatar-discovered');
    // The attribute as each playback event fires, and when it changes.
    const seen: [string, boolean][] = [];
    for (const type of ['conversation-start', 'conversation-end']) el.addEventListener(type, () => seen.push([type, el.hasAttribute('speaking')]));
    const changes: { at: number; on: boolean }[] = [];
    const observer = new MutationObserver(() => {
      const on = el.hasAttribute('speaking');
      if (changes.at(-1)?.on !== on) changes.push({ at: performance.now(), on });
    });
    observer.observe(el, { attributes: true, attributeFilter: ['speaking'] });
    cleanup.push(() => observer.disconnect());
    expect(el.hasAttribute('speaking')).to.equal(false);
    const figures: string[] = [];
    for (let turn = 0; turn < 2; turn++) {
      const { motionSent } = await agent.say('Two seconds of speech.', { frames: 50 });
      const start = (await oneEvent(el, 'conversation-start')).timeStamp;
      await waitFor('speaking', () => el.hasAttribute('speaking'));
      const on = changes.at(-1)!.at;
      await oneEvent(el, 'conversation-end');
      await waitFor('no speaking', () => !el.hasAttribute('speaking'));
      const off = changes.at(-1)!.at;
      // 50 frames of 40 ms, then the end transition (20 slots): by the playback clock, not one packet's arrival.
      expect(off - on).to.be.within(1500, 4000);
      expect(on).to.be.at.least(start);
      figures.push(`turn ${turn}: motion sent → conversation-start ${(start - await motionSent).toFixed(0)} ms, → speaking ${(on - await motionSent).toFixed(0)} ms; speaking for ${(off - on).toFixed(0)} ms; voice delay ${el.liveStats?.voiceDelayMs?.toFixed(0) ?? '-'} ms`);
    }
    console.log(`speaking:\n  ${figures.join('\n  ')}`);
    expect(seen).to.deep.equal([['conversation-start', false], ['conversation-end', false], ['conversation-start', false], ['conversation-end', false]]);
    expect(changes.map((c) => c.on)).to.deep.equal([true, false, true, false]);
    el.setAttribute('speaking', ''); // read-only
    expect(el.hasAttribute('speaking')).to.equal(false);
  });

  it('releases the agent\'s transcription when the avatar plays the turn, not when the text arrives; the captions line shows it', async function () {
    this.timeout(90000);
    const url = await livekitUrl();
    const room = uniqueRoom('captions');
    const agent = await startAgent(url, room, 'agent', { state: 'listening' });
    cleanup.push(() => agent.stop());
    const { el, events } = createAvatar({ url, token: await mintToken('viewer', room), captions: '' });
    cleanup.push(() => el.remove());
    await oneEvent(el, 'avatar-discovered');
    const starts = record<unknown>(el, 'conversation-start');
    const ends = record<unknown>(el, 'conversation-end');
    const released = record<TranscriptionDetail>(el, 'transcription');
    // Each release happens while the avatar plays the turn (speaking), or at the turn's end (what is left).
    const whilePlaying: boolean[] = [];
    el.addEventListener('transcription', () => whilePlaying.push(el.hasAttribute('speaking') || ends.length > starts.length - 1));
    const line = el.shadowRoot!.querySelector<HTMLElement>('[part=captions]')!;
    expect(line.getAttribute('aria-live')).to.equal('off');
    const figures: string[] = [];
    // Turn 1: the whole sentence at once, ahead of the motion. Turn 2: word by word, 150 ms apart, with the
    // motion 300 ms after the text began. Turn 3: markup in the text stays text.
    const turns = [
      { text: 'Hello, I am the agent speaking now.', options: { frames: 75 } },
      { text: 'One word at a time, as LiveKit agents send it.', options: { frames: 75, chunks: 10, gapMs: 150, leadMs: 300 } },
      { text: '<b>not bold</b> & fine', options: { frames: 50 } },
    ];
    for (const [i, turn] of turns.entries()) {
      const before = released.length;
      const times = await agent.say(turn.text, turn.options);
      await waitFor(`turn ${i}: the final caption`, () => released.slice(before).some((r) => r.detail.final), 20000);
      const mine = released.slice(before);
      const start = starts.at(-1)!;
      expect(start.at, `turn ${i}: the conversation started after the text was sent`).to.be.greaterThan(times.textOpened);
      for (const r of mine) {
        expect(r.detail.segmentId).to.equal(times.segmentId);
        expect(r.detail.participantIdentity).to.equal('agent');
        expect(r.detail.agent).to.equal(true);
        expect(r.at, `turn ${i}: "${r.detail.delta}" released before the avatar played the turn`).to.be.at.least(start.at);
      }
      expect(whilePlaying.slice(before), `turn ${i}: released while the avatar plays the turn`).to.not.include(false);
      expect(mine.at(-1)!.detail.text).to.equal(turn.text);
      expect(mine.map((r) => r.detail.delta).join('')).to.equal(turn.text);
      expect(mine.filter((r) => r.detail.final).length).to.equal(1);
      expect(mine[0]!.detail.trackId).to.equal(agent.room.localParticipant.getTrackPublicationByName('voice')!.trackSid);
      expect(line.textContent).to.equal(turn.text);
      expect(line.children.length, 'text only, never markup').to.equal(0);
      const sent = await times.motionSent;
      figures.push(`turn ${i}: text sent ${(times.textClosed - times.textOpened).toFixed(0)} ms; motion sent +${(sent - times.textOpened).toFixed(0)} ms; ` +
        `conversation-start +${(start.at - times.textOpened).toFixed(0)} ms; first words +${(mine[0]!.at - times.textOpened).toFixed(0)} ms; ` +
        `last +${(mine.at(-1)!.at - times.textOpened).toFixed(0)} ms (${mine.length} releases); voice delay ${el.liveStats?.voiceDelayMs?.toFixed(0) ?? '-'} ms`);
      await waitFor(`turn ${i}: the conversation end`, () => ends.length > i, 20000);
      await waitFor('no speaking', () => !el.hasAttribute('speaking'));
    }
    console.log(`captions release:\n  ${figures.join('\n  ')}`);
    expect(events.filter((e) => e.type === 'error')).to.deep.equal([]);
    await el.disconnect();
    expect(line.textContent).to.equal('');
  });
});
