// The voice's tone bursts in its encoded frames, in the subscriber's receive transform (worker). The
// publisher's voice is silent between 30 ms bursts, and the receiver plays it through NetEq into the
// <audio> element; the analysis finds when each burst's RTP timestamp left NetEq (getSynchronizationSources,
// bench/lipsync/analyze.ts). Two readings of each burst:
//
// - sizes: Opus spends a few tens of bytes on a quiet 20 ms frame and many more on a tone: the burst's first
//   encoded frame is the first one JUMP_BYTES above the recent median size after QUIET_FRAMES quiet ones;
// - decoded: the same frames decoded in order (WebCodecs' Opus decoder, libopus as NetEq's): the onset's
//   sample (the first above the tap's threshold after 150 ms below it), as an RTP timestamp = its frame's
//   RTP timestamp + the sample's index in the frame. A 20 ms frame leaves NetEq whole, so the onset leaves
//   it that many samples after its frame's first sample.

/** A frame this many bytes above the quiet frames' (median) size is sound. */
const JUMP_BYTES = 20;
/** At least this many quiet frames (20 ms each) before a burst: 160 ms, as the onset detector's 150 ms. */
const QUIET_FRAMES = 8;
/** The onset threshold on the decoded samples: the tap's (pages/onset.worklet.ts). */
const THRESHOLD = 0.05;
const RATE = 48000;

export interface VoiceBurst {
  /** RTP timestamp (48 kHz) of the burst's first encoded frame by size. */
  rtp: number;
  /** When that frame reached the receive transform (after the bench's injected jitter), absolute ms. */
  arrival: number;
  /** Sizes in bytes of the 2 frames before and the 4 from the burst's first (the check that sizes jump). */
  sizes: number[];
}

export interface DecodedOnset {
  /** RTP timestamp of the frame holding the onset, and the onset's sample index in it (48 kHz). */
  frameRtp: number;
  sample: number;
  arrival: number;
}

const rtpDiff = (a: number, b: number): number => ((a - b + 2 ** 31) >>> 0) - 2 ** 31;

export class BurstFinder {
  readonly bursts: VoiceBurst[] = [];
  readonly onsets: DecodedOnset[] = [];
  decodeErrors = 0;
  #quietRun = 0;
  readonly #recent: number[] = [];
  #open: VoiceBurst | undefined;
  #decoder: AudioDecoder | undefined;
  #firstRtp: number | undefined;
  /** Decoded frames by chunk timestamp (µs from the first frame): RTP timestamp and arrival. */
  readonly #pending = new Map<number, { rtp: number; arrival: number }>();
  #quietSamples = 0;

  constructor(decode = typeof AudioDecoder !== 'undefined') {
    if (!decode) return;
    this.#decoder = new AudioDecoder({ output: (data) => this.#decoded(data), error: () => { this.decodeErrors++; } });
    this.#decoder.configure({ codec: 'opus', sampleRate: RATE, numberOfChannels: 1 });
  }

  /** An encoded audio frame in arrival order (call before the frame goes on: its data is copied). */
  add(rtp: number, data: ArrayBuffer, arrival: number): void {
    this.#bySize(rtp, data.byteLength, arrival);
    if (!this.#decoder || this.#decoder.state !== 'configured') return;
    this.#firstRtp ??= rtp;
    const timestamp = Math.round((rtpDiff(rtp, this.#firstRtp) * 1e6) / RATE);
    this.#pending.set(timestamp, { rtp, arrival });
    try {
      this.#decoder.decode(new EncodedAudioChunk({ type: 'key', timestamp, data: data.slice(0) }));
    } catch {
      this.decodeErrors++;
    }
  }

  #bySize(rtp: number, size: number, arrival: number): void {
    if (this.#open && this.#open.sizes.length < 6) this.#open.sizes.push(size);
    this.#recent.push(size);
    if (this.#recent.length > 50) this.#recent.shift();
    const sorted = [...this.#recent].sort((a, b) => a - b);
    const quiet = sorted[Math.floor(sorted.length / 2)]!;
    if (size >= quiet + JUMP_BYTES) {
      if (this.#quietRun >= QUIET_FRAMES) {
        this.#open = { rtp, arrival, sizes: [...this.#recent.slice(-3, -1), size] };
        this.bursts.push(this.#open);
      }
      this.#quietRun = 0;
    } else this.#quietRun++;
  }

  #decoded(data: AudioData): void {
    // The frame this output came from: its chunk's timestamp (or the latest chunk at or before it).
    let key: number | undefined;
    for (const k of this.#pending.keys()) if (k <= data.timestamp && (key === undefined || k > key)) key = k;
    const frame = key === undefined ? undefined : this.#pending.get(key);
    if (key !== undefined) for (const k of [...this.#pending.keys()]) if (k <= key) this.#pending.delete(k);
    const n = data.numberOfFrames;
    const samples = new Float32Array(n);
    data.copyTo(samples, { planeIndex: 0, format: 'f32-planar' });
    data.close();
    // The output's first sample is the frame's first (a shorter first output was trimmed at its start).
    const skip = frame ? Math.max(0, Math.round(((data.timestamp - key!) * RATE) / 1e6)) : 0;
    for (let i = 0; i < n; i++) {
      if (Math.abs(samples[i]!) >= THRESHOLD) {
        if (this.#quietSamples >= RATE * 0.15 && frame) this.onsets.push({ frameRtp: frame.rtp, sample: skip + i, arrival: frame.arrival });
        this.#quietSamples = 0;
      } else this.#quietSamples++;
    }
  }
}
