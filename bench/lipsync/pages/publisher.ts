// The bench publisher page: a voice (a 1 kHz tone, silent except for 30 ms bursts) and a motion track in
// one stream. An event is a tone burst and a jawOpen spike in the same 40 ms tick, or, as the known-shift
// control, the spike 120 ms after the burst (+120: the face should read 120 ms later) or the burst 100 ms
// after the spike (-100). The sender's own tap records when each burst left its audio graph.
import { Room, Track } from 'livekit-client';
import { AudioTap, absNow } from './audio-tap.js';

export interface SentEvent { id: number; shift: number; seq: number; spikeAt: number; audioTap: number }

const params = new URLSearchParams(location.search);
const FRAME_MS = 40;

async function main(): Promise<void> {
  const room = new Room({ adaptiveStream: false, dynacast: false });
  const worker = new Worker('/sender.worker.js', { type: 'module' });
  const spikes = new Map<number, { seq: number; at: number }>();
  worker.onmessage = (e: MessageEvent<{ kind: 'spiked'; id: number; seq: number; at: number }>) => spikes.set(e.data.id, e.data);

  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 16;
  const g = canvas.getContext('2d')!;
  const video = canvas.captureStream(0).getVideoTracks()[0] as CanvasCaptureMediaStreamTrack;
  const ctx = new AudioContext({ latencyHint: 'interactive' });
  await ctx.resume();
  const osc = ctx.createOscillator();
  osc.frequency.value = 1000;
  const gain = ctx.createGain();
  gain.gain.value = 0;
  const dest = ctx.createMediaStreamDestination();
  osc.connect(gain).connect(dest);
  osc.start();
  const tap = await AudioTap.create(ctx, gain);

  // Each tick: due spikes go to the worker first, then the frame is captured (the spike rides on it).
  const actions = new Map<number, (() => void)[]>();
  let tick = 0;
  setInterval(() => {
    for (const a of actions.get(tick) ?? []) a();
    actions.delete(tick);
    g.fillStyle = '#000';
    g.fillRect(0, 0, 16, 16);
    video.requestFrame();
    tick++;
  }, FRAME_MS);

  room.localParticipant.on('localSenderCreated', (sender: RTCRtpSender, track: Track) => {
    if (track.mediaStreamTrack === video) sender.transform = new RTCRtpScriptTransform(worker, {});
  });
  await room.connect(params.get('url')!, params.get('token')!);
  await room.localParticipant.publishTrack(dest.stream.getAudioTracks()[0]!, { name: 'voice', stream: 'avatar', source: Track.Source.Microphone, dtx: false, red: false });
  await room.localParticipant.publishTrack(video, { name: 'motion', stream: 'avatar', simulcast: false, videoCodec: 'vp8', source: Track.Source.Camera });

  const burst = (delayS: number) => {
    const t = ctx.currentTime + delayS;
    gain.gain.setValueAtTime(0.5, t);
    gain.gain.setValueAtTime(0, t + 0.03);
  };
  const at = (ticks: number, f: () => void) => {
    const list = actions.get(tick + ticks) ?? [];
    list.push(f);
    actions.set(tick + ticks, list);
  };
  const spike = (id: number) => worker.postMessage({ kind: 'spike', id });

  /** Runs the events (shifts in order), one every 12 to 17 ticks; resolves with what was sent. */
  (window as unknown as Record<string, unknown>).runEvents = async (shifts: number[]): Promise<SentEvent[]> => {
    const firstOnset = tap.onsets.length;
    const sent: { id: number; shift: number }[] = [];
    for (let id = 0; id < shifts.length; id++) {
      const shift = shifts[id]!;
      await new Promise<void>((resolve) => at(1, () => {
        if (shift === 120) { burst(0); at(3, () => spike(id)); }
        else if (shift === -100) { spike(id); burst(0.1); }
        else { spike(id); burst(0); }
        resolve();
      }));
      sent.push({ id, shift });
      await new Promise((r) => setTimeout(r, FRAME_MS * (12 + (id % 6))));
    }
    await new Promise((r) => setTimeout(r, 1000));
    const onsets = tap.onsets.slice(firstOnset);
    return sent.map((s, i) => ({ ...s, seq: spikes.get(s.id)?.seq ?? -1, spikeAt: spikes.get(s.id)?.at ?? NaN, audioTap: onsets[i]?.tap ?? NaN }));
  };
  (window as unknown as Record<string, unknown>).ready = true;
  void absNow;
}

main().catch((e) => console.error('publisher failed', e));
