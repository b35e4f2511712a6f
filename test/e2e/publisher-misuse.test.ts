// A second reader's probes of MotionPublisher and AudioMotion as a page uses them: calls in any order, a Room
// that is not connected or goes away, bad frames, and what is released. Each test states what should happen;
// they were written failing-first against the publisher as it was (the report names the cause of each).
import { expect } from '@open-wc/testing';
import { Room, RoomEvent } from 'livekit-client';
import { BLENDSHAPE_COUNT } from '../../src/codec/index.js';
import { SpatiusAvatarError } from '../../src/core/errors.js';
import { AudioMotion } from '../../src/publisher/audio-motion.js';
import { MotionPublisher } from '../../src/publisher/motion-publisher.js';
import type { SentFrame } from '../../src/publisher/motion-publisher.js';
import '../../src/index.js';
import type { SpatiusAvatarElement } from '../../src/index.js';
import { serverSuite } from './element-fixture.js';
import { livekitUrl, mintToken, uniqueRoom, waitFor } from './livekit.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The publisher's own canvas (private): its draws are counted, not other publishers' leaked ones. */
const canvasOf = (p: MotionPublisher) => (p as unknown as { canvas: HTMLCanvasElement }).canvas;

/** Fills of `canvas` (the publisher's 25 fps draw) made during `ms`. */
async function drawsDuring(canvas: HTMLCanvasElement, ms: number): Promise<number> {
  const proto = CanvasRenderingContext2D.prototype;
  const fillRect = proto.fillRect;
  let n = 0;
  proto.fillRect = function (this: CanvasRenderingContext2D, ...args: [number, number, number, number]) {
    if (this.canvas === canvas) n++;
    return fillRect.apply(this, args);
  };
  try {
    await sleep(ms);
  } finally {
    proto.fillRect = fillRect;
  }
  return n;
}

const frame = (jaw = 0.5) => {
  const w = new Float32Array(BLENDSHAPE_COUNT);
  w[17] = jaw;
  return { blendshapes: w };
};

const errors: unknown[] = [];
const onError = (e: ErrorEvent) => errors.push(e.error ?? e.message);

async function connectedRoom(): Promise<Room> {
  const room = new Room({ adaptiveStream: false, dynacast: false });
  await room.connect(await livekitUrl(), await mintToken('avatar-agent', uniqueRoom('pub-misuse')));
  return room;
}

/** A connected Room and a live voice track (an AudioContext's), both released after the test. */
async function roomAndVoice(cleanup: (() => Promise<unknown>)[]): Promise<{ room: Room; voice: MediaStreamTrack }> {
  const room = await connectedRoom();
  cleanup.push(() => room.disconnect());
  const ctx = new AudioContext();
  cleanup.push(() => ctx.close());
  return { room, voice: ctx.createMediaStreamDestination().stream.getAudioTracks()[0]! };
}

/** A started publisher on a connected Room that records the frames it sends; both released after the test. */
async function recordingPublisher(cleanup: (() => Promise<unknown>)[]): Promise<{ publisher: MotionPublisher; sent: SentFrame[] }> {
  const room = await connectedRoom();
  cleanup.push(() => room.disconnect());
  const sent: SentFrame[] = [];
  const publisher = new MotionPublisher(room, { onFrameSent: (s) => sent.push(s) });
  cleanup.push(() => publisher.stop());
  await publisher.start();
  return { publisher, sent };
}

describe('MotionPublisher misuse (second reader)', function () {
  this.timeout(60000);
  const { rejections, cleanup } = serverSuite();
  before(() => addEventListener('error', onError));
  after(() => removeEventListener('error', onError));

  it('pushFrame() after stop() starts no timer (no canvas draws after stop)', async () => {
    const room = await connectedRoom();
    cleanup.push(() => room.disconnect());
    const publisher = new MotionPublisher(room);
    await publisher.start();
    await publisher.stop();
    publisher.pushFrame(frame()); // e.g. AudioMotion's onFrame still running
    const draws = await drawsDuring(canvasOf(publisher), 500);
    expect(draws, `canvas draws in 500 ms after stop() + pushFrame(): ${draws}`).to.equal(0);
  });

  it('start() twice: the second rejects (or does nothing); one motion track; stop() ends every track it made', async () => {
    const room = await connectedRoom();
    cleanup.push(() => room.disconnect());
    const publisher = new MotionPublisher(room);
    const made: MediaStreamTrack[] = [];
    const captureStream = HTMLCanvasElement.prototype.captureStream;
    HTMLCanvasElement.prototype.captureStream = function (this: HTMLCanvasElement, rate?: number) {
      const s = captureStream.call(this, rate);
      made.push(...s.getTracks());
      return s;
    };
    cleanup.push(async () => { HTMLCanvasElement.prototype.captureStream = captureStream; });
    await publisher.start();
    const second = await publisher.start().then(() => 'resolved', (e: unknown) => e);
    const videoPubs = room.localParticipant.videoTrackPublications.size;
    await publisher.stop();
    const live = made.filter((t) => t.readyState === 'live').length;
    const draws = await drawsDuring(canvasOf(publisher), 500);
    expect({ second: second instanceof SpatiusAvatarError || second === 'resolved' ? 'ok' : String(second), videoPubs, liveAfterStop: live, drawsAfterStop: draws })
      .to.deep.equal({ second: 'ok', videoPubs: 1, liveAfterStop: 0, drawsAfterStop: 0 });
  });

  it('stop() while start() is in flight leaves nothing published', async () => {
    const { room, voice } = await roomAndVoice(cleanup);
    const publisher = new MotionPublisher(room, { voice });
    const started = publisher.start().then(() => 'resolved', (e: unknown) => e);
    await publisher.stop();
    const outcome = await started;
    await sleep(300);
    const published = [...room.localParticipant.trackPublications.values()].map((p) => `${p.kind}:${p.trackName}`);
    const draws = await drawsDuring(canvasOf(publisher), 300);
    expect({ published, draws, outcome: outcome instanceof SpatiusAvatarError ? outcome.code : String(outcome) })
      .to.deep.include({ published: [], draws: 0 });
  });

  it('start() after stop() rejects with a SpatiusAvatarError and publishes nothing', async () => {
    const room = await connectedRoom();
    cleanup.push(() => room.disconnect());
    const publisher = new MotionPublisher(room);
    await publisher.stop();
    const outcome = await publisher.start().then(() => 'resolved', (e: unknown) => e);
    cleanup.push(() => publisher.stop());
    const published = room.localParticipant.trackPublications.size;
    expect({ outcome: outcome instanceof SpatiusAvatarError ? 'SpatiusAvatarError' : String(outcome), published })
      .to.deep.equal({ outcome: 'SpatiusAvatarError', published: 0 });
  });

  it('start() on a Room that is not connected rejects with a SpatiusAvatarError, keeps the page\'s voice, leaves no timer', async function () {
    this.timeout(40000);
    const room = new Room(); // never connected (livekit-client defers a publication up to 15 s, then gives up)
    const voiceCtx = new AudioContext();
    cleanup.push(() => voiceCtx.close());
    const voice = voiceCtx.createMediaStreamDestination().stream.getAudioTracks()[0]!;
    const publisher = new MotionPublisher(room, { voice });
    cleanup.push(() => publisher.stop());
    const outcome = await Promise.race([
      publisher.start().then(() => 'resolved', (e: unknown) => e),
      sleep(20000).then(() => 'still pending after 20 s'),
    ]);
    const draws = await drawsDuring(canvasOf(publisher), 500);
    const described = outcome instanceof SpatiusAvatarError ? `SpatiusAvatarError ${outcome.code}`
      : outcome instanceof Error ? `${outcome.constructor.name}: ${outcome.message}` : String(outcome);
    expect({ outcome: /^SpatiusAvatarError (not-connected|publish-failed)$/.test(described) ? 'SpatiusAvatarError' : described, voice: voice.readyState, draws })
      .to.deep.equal({ outcome: 'SpatiusAvatarError', voice: 'live', draws: 0 });
  });

  it('the Room disconnecting: the page\'s voice track keeps running and the publisher stops drawing', async () => {
    const room = await connectedRoom();
    const voiceCtx = new AudioContext();
    cleanup.push(() => voiceCtx.close());
    const voice = voiceCtx.createMediaStreamDestination().stream.getAudioTracks()[0]!;
    const publisher = new MotionPublisher(room, { voice });
    cleanup.push(() => publisher.stop());
    await publisher.start();
    await room.disconnect(); // as a server kick or a network loss ends it
    await sleep(200);
    const draws = await drawsDuring(canvasOf(publisher), 500);
    const stop = await publisher.stop().then(() => 'resolved', (e: unknown) => String(e));
    expect({ voice: voice.readyState, drawsAfterDisconnect: draws, stop }).to.deep.equal({ voice: 'live', drawsAfterDisconnect: 0, stop: 'resolved' });
  });

  it('a full reconnect of the Room: the republished motion track still carries packets', async () => {
    const room = await connectedRoom();
    cleanup.push(() => room.disconnect());
    const publisher = new MotionPublisher(room);
    cleanup.push(() => publisher.stop());
    await publisher.start();
    await waitFor('frames through the transform', () => publisher.stats.framesSent > 10);
    const reconnected = new Promise<void>((r) => room.once(RoomEvent.Reconnected, () => r()));
    await room.simulateScenario('full-reconnect');
    await reconnected;
    await sleep(1500);
    const before = publisher.stats.framesSent;
    await sleep(3000);
    const after = publisher.stats.framesSent;
    const pubs = [...room.localParticipant.videoTrackPublications.values()];
    const transform = pubs.map((p) => String((p.track?.sender as (RTCRtpSender & { transform?: unknown }) | undefined)?.transform ?? null));
    const observed = { pubs: pubs.length, framesIn3s: after - before, transform };
    expect(observed.pubs === 1 && observed.framesIn3s >= 50, `after the full reconnect: ${JSON.stringify(observed)}`).to.equal(true);
  });

  it('a full reconnect of the Room: a viewer still gets the next conversation', async () => {
    const url = await livekitUrl();
    const roomName = uniqueRoom('pub-misuse-viewer');
    const room = new Room({ adaptiveStream: false, dynacast: false });
    cleanup.push(() => room.disconnect());
    await room.connect(url, await mintToken('avatar-agent', roomName));
    const publisher = new MotionPublisher(room);
    cleanup.push(() => publisher.stop());
    await publisher.start();
    const el = document.createElement('spatius-avatar') as SpatiusAvatarElement;
    cleanup.push(async () => el.remove());
    let fresh = 0;
    const events: string[] = [];
    el.addEventListener('frame', (e) => { if (e.detail.fresh) fresh++; });
    for (const t of ['conversation-start', 'conversation-end', 'avatar-discovered', 'stalled']) el.addEventListener(t, () => events.push(t));
    el.setAttribute('renderer', 'none');
    el.setAttribute('url', url);
    el.setAttribute('token', await mintToken('viewer', roomName));
    document.body.append(el);
    await waitFor('avatar-discovered', () => events.includes('avatar-discovered'));
    const reconnected = new Promise<void>((r) => room.once(RoomEvent.Reconnected, () => r()));
    await room.simulateScenario('full-reconnect');
    await reconnected;
    await sleep(3000);
    events.length = 0;
    fresh = 0;
    publisher.startConversation(frame(0.2));
    for (let i = 0; i < 25; i++) {
      publisher.pushFrame(frame(0.5));
      await sleep(40);
    }
    publisher.endConversation();
    await sleep(3000);
    expect({ events, fresh }).to.satisfy((o: { events: string[]; fresh: number }) => o.events.includes('conversation-start') && o.fresh > 20,
      `after the full reconnect: ${JSON.stringify({ events, fresh })}`);
  });

  it('a malformed frame is refused at pushFrame() and costs the conversation neither its START nor a seq', async () => {
    const { publisher, sent } = await recordingPublisher(cleanup);
    publisher.startConversation();
    let thrown: unknown = 'nothing thrown';
    try {
      publisher.pushFrame({ blendshapes: new Float32Array(10) }); // 10 weights, not 52
    } catch (e) {
      thrown = e;
    }
    for (let i = 0; i < 5; i++) {
      publisher.pushFrame(frame(i / 10));
      await sleep(40);
    }
    publisher.endConversation();
    await waitFor('five frames sent', () => sent.length >= 5, 5000).catch(() => undefined);
    await sleep(200);
    // The five pushed frames from seq 0, and (when the last had left before endConversation()) the last again
    // with END as seq 5: the refused frame took no seq either way.
    const seqs = sent.map((s) => s.seq);
    expect({ thrown: thrown instanceof SpatiusAvatarError ? thrown.code : String(thrown), seqs: seqs.slice(0, 5) })
      .to.deep.equal({ thrown: 'invalid-frame', seqs: [0, 1, 2, 3, 4] });
    expect(JSON.stringify(seqs.slice(5)), 'after the five').to.be.oneOf(['[]', '[5]']);
  });

  it('endConversation() then startConversation() at once: the first conversation still ends on its last frame (END)', async () => {
    const { publisher, sent } = await recordingPublisher(cleanup);
    await waitFor('frames through the transform', () => publisher.stats.framesSent > 5);
    publisher.startConversation();
    publisher.pushFrame(frame(0.1));
    publisher.pushFrame(frame(0.2)); // two in one task: the second waits in the queue for the drain
    publisher.endConversation();
    publisher.startConversation(frame(0.9)); // the next turn begins at once
    publisher.pushFrame(frame(0.9));
    await sleep(1000);
    const jaws = sent.map((s) => Math.round(s.jawOpen * 10) / 10);
    expect(jaws, `jawOpen of the frames sent: ${JSON.stringify(jaws)}`).to.deep.equal([0.1, 0.2, 0.9]);
  });

  it('pushFrame() with something that is not a frame throws invalid-frame; a frame with other fields besides is sent with the format\'s fields only', async () => {
    const room = await connectedRoom();
    cleanup.push(() => room.disconnect());
    const publisher = new MotionPublisher(room);
    cleanup.push(() => publisher.stop());
    const outcome = (f: unknown) => {
      try {
        publisher.pushFrame(f as never);
        return 'nothing thrown';
      } catch (e) {
        return e instanceof SpatiusAvatarError ? e.code : String(e);
      }
    };
    const w = new Float32Array(BLENDSHAPE_COUNT);
    expect([outcome(null), outcome({ blendshapes: [1, 2] }), outcome({ blendshapes: w, headPose: { rotation: [0, 0], translation: [0, 0, 0] } }), outcome({ blendshapes: w, onDone: () => undefined })])
      .to.deep.equal(['invalid-frame', 'invalid-frame', 'invalid-frame', 'nothing thrown']);
  });

  it('a Room that is not a Room: start() rejects with a SpatiusAvatarError and leaves no timer', async () => {
    const publisher = new MotionPublisher(undefined as never);
    cleanup.push(() => publisher.stop());
    const outcome = await publisher.start().then(() => 'resolved', (e: unknown) => (e instanceof SpatiusAvatarError ? 'SpatiusAvatarError' : String(e)));
    const draws = await drawsDuring(canvasOf(publisher), 500);
    expect({ outcome, draws }).to.deep.equal({ outcome: 'SpatiusAvatarError', draws: 0 });
  });

  it('a voice that is not a live audio track: start() rejects with invalid-track, nothing published', async () => {
    const room = await connectedRoom();
    cleanup.push(() => room.disconnect());
    const results: unknown[] = [];
    const ctx = new AudioContext();
    cleanup.push(() => ctx.close());
    const ended = ctx.createMediaStreamDestination().stream.getAudioTracks()[0]!;
    ended.stop();
    const video = document.createElement('canvas').captureStream(0).getVideoTracks()[0]!;
    cleanup.push(async () => video.stop());
    for (const voice of [video, ended]) {
      const publisher = new MotionPublisher(room, { voice });
      const outcome = await publisher.start().then(() => 'resolved', (e: unknown) => (e instanceof SpatiusAvatarError ? e.code : String(e)));
      const published = [...room.localParticipant.trackPublications.values()].map((p) => `${p.kind}:${p.trackName}`);
      results.push({ voice: `${voice.kind} ${voice.readyState}`, outcome, published });
      await publisher.stop();
    }
    expect(results).to.deep.equal([
      { voice: 'video live', outcome: 'invalid-track', published: [] },
      { voice: 'audio ended', outcome: 'invalid-track', published: [] },
    ]);
  });

  it('stop() while the Room disconnects resolves, and stops the motion track', async () => {
    const room = await connectedRoom();
    const publisher = new MotionPublisher(room);
    await publisher.start();
    const track = (publisher as unknown as { track: MediaStreamTrack }).track;
    const stopping = publisher.stop().then(() => 'resolved', (e: unknown) => String(e));
    void room.disconnect();
    const outcome = await stopping;
    expect({ outcome, track: track.readyState }).to.deep.equal({ outcome: 'resolved', track: 'ended' });
  });

  it('no unhandled rejection or window error came from the probes above', () => {
    expect([...rejections, ...errors].map(String)).to.deep.equal([]);
  });
});

const codeOf = (e: unknown) => (e instanceof SpatiusAvatarError ? e.code : e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e));

/** Records every Worker the page makes during `run`, and the messages each sends after `run` returned. */
async function workersDuring<T>(run: () => Promise<T>): Promise<{ result: T; workers: { terminated: boolean; messagesAfter: () => number }[] }> {
  const Original = globalThis.Worker;
  const workers: { terminated: boolean; messagesAfter: () => number }[] = [];
  let done = false;
  globalThis.Worker = class extends Original {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      let n = 0;
      const rec = { terminated: false, messagesAfter: () => n };
      this.addEventListener('message', () => { if (done) n++; });
      const terminate = this.terminate.bind(this);
      this.terminate = () => { rec.terminated = true; terminate(); };
      workers.push(rec);
    }
  } as typeof Worker;
  try {
    const result = await run();
    done = true;
    return { result, workers };
  } finally {
    globalThis.Worker = Original;
  }
}

describe('MotionPublisher lifecycle (second reader, review 2)', function () {
  this.timeout(60000);
  const { rejections, cleanup } = serverSuite();

  it('a start() that rejects (not-connected, invalid-track) leaves no worker running: the publisher cannot be started again', async () => {
    const ctx = new AudioContext();
    cleanup.push(() => ctx.close());
    const ended = ctx.createMediaStreamDestination().stream.getAudioTracks()[0]!;
    ended.stop();
    const room = await connectedRoom();
    cleanup.push(() => room.disconnect());
    const outcomes: string[] = [];
    const { workers } = await workersDuring(async () => {
      // a page that gives up on a publisher whose start() failed (a second start() returns the same rejection)
      outcomes.push(codeOf(await new MotionPublisher(new Room()).start().catch((e: unknown) => e)));
      outcomes.push(codeOf(await new MotionPublisher(room, { voice: ended }).start().catch((e: unknown) => e)));
    });
    await sleep(2500);
    expect({ outcomes, workers: workers.map((w) => ({ terminated: w.terminated, messagesAfter: w.messagesAfter() })) }).to.deep.equal({
      outcomes: ['not-connected', 'invalid-track'],
      workers: [{ terminated: true, messagesAfter: 0 }, { terminated: true, messagesAfter: 0 }],
    });
  });

  it('stop() right after start() (with a voice): start() rejects with aborted, as docs/errors.md says', async () => {
    const { room, voice } = await roomAndVoice(cleanup);
    const publisher = new MotionPublisher(room, { voice });
    const started = publisher.start().then(() => 'resolved', codeOf);
    await publisher.stop();
    expect(await started).to.equal('aborted');
  });

  it('stop() once the voice is published, while the motion track is being published: start() rejects with aborted', async () => {
    const { room, voice } = await roomAndVoice(cleanup);
    const publisher = new MotionPublisher(room, { voice });
    let stopped: Promise<void> | undefined;
    room.localParticipant.on('localTrackPublished', (pub) => {
      if (pub.kind === 'audio') stopped = publisher.stop();
    });
    const outcome = await publisher.start().then(() => 'resolved', codeOf);
    await stopped;
    await sleep(300);
    const published = [...room.localParticipant.trackPublications.values()].map((p) => `${p.kind}:${p.trackName}`);
    expect({ outcome, published }).to.deep.equal({ outcome: 'aborted', published: [] });
  });

  it('the Room disconnecting while start() publishes: start() settles (aborted or publish-failed), nothing drawing', async () => {
    const room = await connectedRoom();
    const publisher = new MotionPublisher(room);
    cleanup.push(() => publisher.stop());
    const started = publisher.start().then(() => 'resolved', codeOf);
    void room.disconnect();
    const outcome = await Promise.race([started, sleep(20000).then(() => 'pending after 20 s')]);
    expect(outcome).to.match(/^(aborted|publish-failed)$/);
    void RoomEvent;
  });

  it('pushFrame() with a head pose of six rotation values and no translation throws invalid-frame (not a TypeError)', async () => {
    const publisher = new MotionPublisher(new Room());
    cleanup.push(() => publisher.stop());
    const w = new Float32Array(52);
    const thrown = (headPose: unknown) => {
      try {
        publisher.pushFrame({ blendshapes: w, headPose } as never);
        return 'accepted';
      } catch (e) {
        return codeOf(e);
      }
    };
    expect({ sixAndNone: thrown({ rotation: [0, 0, 0, 0, 0, 0] }), twoAndFour: thrown({ rotation: [0, 0], translation: [0, 0, 0, 0] }) })
      .to.deep.equal({ sixAndNone: 'invalid-frame', twoAndFour: 'invalid-frame' });
  });

  it('stop() during start(): once stop() has resolved nothing is published, and nothing gets published after it', async () => {
    const { room, voice } = await roomAndVoice(cleanup);
    const publisher = new MotionPublisher(room, { voice });
    const names = () => [...room.localParticipant.trackPublications.values()].map((p) => `${p.kind}:${p.trackName}`);
    let stopResolved = false;
    const afterStop: string[] = [];
    room.localParticipant.on('localTrackPublished', (pub) => {
      if (stopResolved) afterStop.push(`${pub.kind}:${pub.trackName}`);
    });
    const started = publisher.start().then(() => 'resolved', codeOf);
    await publisher.stop();
    stopResolved = true;
    const atStop = names();
    const outcome = await started;
    expect({ outcome, atStop, publishedAfterStopResolved: afterStop }).to.deep.equal({ outcome: 'aborted', atStop: [], publishedAfterStopResolved: [] });
  });

  it('the page mutes (enabled = false) or stops its voice after start(): what is published follows', async () => {
    const { room, voice } = await roomAndVoice(cleanup);
    const publisher = new MotionPublisher(room, { voice });
    cleanup.push(() => publisher.stop());
    await publisher.start();
    const published = () => [...room.localParticipant.audioTrackPublications.values()][0]!.track!.mediaStreamTrack;
    voice.enabled = false;
    await sleep(100); // followed within one 40 ms tick
    const afterMute = published().enabled;
    voice.stop();
    await sleep(100);
    const afterStop = published().readyState;
    expect({ afterMute, afterStop }).to.deep.equal({ afterMute: false, afterStop: 'ended' });
  });

  it('no unhandled rejection', () => {
    expect(rejections.map(String)).to.deep.equal([]);
  });
});

describe('AudioMotion misuse (second reader)', function () {
  this.timeout(30000);

  it('fromTrack() with a video track returns a rejected promise (not a synchronous throw)', async () => {
    const canvas = document.createElement('canvas');
    const video = canvas.captureStream(0).getVideoTracks()[0]!;
    const ctx = new AudioContext();
    let outcome: string;
    try {
      const p = AudioMotion.fromTrack(ctx, video, () => undefined);
      outcome = await p.then(() => 'resolved', (e: unknown) => `rejected ${e instanceof SpatiusAvatarError ? e.code : String(e)}`);
    } catch (e) {
      outcome = `threw synchronously: ${String(e)}`;
    } finally {
      video.stop();
      await ctx.close();
    }
    expect(outcome).to.match(/^rejected /);
  });

  it('create() on a closed AudioContext rejects with a SpatiusAvatarError', async () => {
    const ctx = new AudioContext();
    const source = ctx.createConstantSource();
    await ctx.close();
    const outcome = await AudioMotion.create(ctx, source, () => undefined).then(() => 'resolved', (e: unknown) => e);
    expect(outcome instanceof SpatiusAvatarError ? 'SpatiusAvatarError' : String(outcome)).to.equal('SpatiusAvatarError');
  });

  it('stop(): the worklet stops making frames and the source is let go', async () => {
    // Offline (Firefox's AudioContext does not run on a machine without an audio device, and its
    // OfflineAudioContext has no suspend()): stop() before 1 s of audio is rendered.
    const ctx = new OfflineAudioContext(1, 48000, 48000);
    const source = ctx.createConstantSource();
    source.start();
    const motion = await AudioMotion.create(ctx, source, () => undefined);
    const port = (motion as unknown as { node: AudioWorkletNode }).node.port;
    let after = 0;
    port.addEventListener('message', () => after++);
    motion.stop();
    await ctx.startRendering();
    await sleep(300);
    expect(after, `worklet messages in 1 s of audio rendered after stop(): ${after}`).to.equal(0);
  });
});
