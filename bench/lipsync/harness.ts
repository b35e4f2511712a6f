// Runs the lip-sync measurement: a real livekit-server, a publisher browser (bench/lipsync/pages/publisher.ts)
// and a subscriber browser per network condition (pages/subscriber.ts), Debian's Chromium via puppeteer; the
// subscriber can be Debian's Firefox ESR instead (`subscriber: 'firefox'`, over WebDriver BiDi, test/firefox.mjs).
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { AccessToken, RoomServiceClient } from 'livekit-server-sdk';
import puppeteer from 'puppeteer-core';
import type { Browser, Page } from 'puppeteer-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../test/chromium.mjs';
import { firefoxLaunchOptions } from '../../test/firefox.mjs';
import { startLivekitServer } from '../../scripts/livekit-server.mjs';
import type { PolicySpec } from './pages/subscriber.worker.js';
import type { SentEvent } from './pages/publisher.js';
import type { AgentResult } from './pages/agent.js';
import type { DecodedOnset, VoiceBurst } from './pages/burst-finder.js';
import { PulseServer } from './pulse.js';
import type { SinkInputLatency } from './pulse.js';
import { MonitorRecorder } from './recorder.js';
import type { Recording } from './recorder.js';

export interface Onset { tap: number; heard: number; heardOts: number; outputLatencyMs: number }
export interface StatsRow { at: number; jitter: number; jbDelay: number; jbEmitted: number; jbTarget: number; playoutDelay: number; playoutSamples: number; outputLatencyMs: number; baseLatencyMs: number; packetsLost: number; concealed: number; packetsReceived: number; samplesReceived: number }
export interface Collected {
  worker: { arrivals: [number, number][]; spikes: number[]; bursts: VoiceBurst[]; decodedOnsets: DecodedOnset[]; decodeErrors: number; lanes: { name: string; shown: [number, number][]; targets: number[]; stats: unknown }[] };
  onsets: Onset[];
  stats: StatsRow[];
  streams: Record<string, string>;
  /** The voice receiver's getSynchronizationSources() every 10 ms, each change: [rtpTimestamp, timestamp, polled at]. */
  deliveries: [number, number, number][];
  /** [Date.now(), absolute time] pairs read together (the delivery timestamps' clock). */
  clock: [number, number][];
}
export interface ConditionResult { name: string; sent: SentEvent[]; collected: Collected; fieldTrials: string; jitterMs: number; ssrc?: unknown; load?: number; probe?: Record<string, unknown>[]; browser?: SubscriberBrowser; capabilities?: Capabilities; pulse?: PulseRun }

/** Firefox's audio output: cubeb's mock device (no sound server), or a PulseAudio null sink started per run. */
export type FirefoxAudio = 'mock' | 'pulse';

/** The page's control clicks (pages/subscriber.ts controlClicks()): scheduled, found at the tap, what the context said. */
export interface ClickControl {
  scheduled: { grid: number; shift: number; ctxMs: number }[];
  onsets: Onset[];
  outputLatencyMs: number; baseLatencyMs: number; state: string;
  ots: { contextTime: number; performanceTime: number; currentTime: number; at: number }[];
}

/** A run on the sound server (FIREFOX_AUDIO=pulse): the monitor's recording, the clicks, what the server reported. */
export interface PulseRun {
  recording: Recording; clicks: ClickControl; recorderLatencyMs: number;
  /** Every sink input's buffer and sink latency, and the sink's, read every 2 s during the events. */
  sinkInputs: SinkInputLatency[]; sink: { latencyUs: number; configuredUs: number }[];
}

/** The recorder's requested latency (ms): 2 keeps the null sink's own latency to about 1 ms (docs/sync.md). */
export const PULSE_RECORD_LATENCY_MS = Number(process.env.PULSE_RECORD_LATENCY_MS ?? 2);
/** Control clicks per run. */
export const CONTROL_CLICKS = 12;

/** The browser the subscriber runs in (the publisher and the agent always run in Chromium). */
export type SubscriberBrowser = 'chromium' | 'firefox';

/** What the subscriber's browser gave (pages/subscriber.ts `capabilities()`), read at the end of a run. */
export interface Capabilities {
  userAgent: string;
  attachMode: string | null;
  outputLatencyMs: number; baseLatencyMs: number;
  /** The voice's audio inbound-rtp fields present (name: type), and whether a media-playout entry was there. */
  inboundFields: Record<string, string>;
  mediaPlayout: boolean;
  /** getSynchronizationSources() of the voice receiver: one reading, with absNow() and Date.now() read beside it. */
  sources: { timestamp: number; rtpTimestamp: number }[]; abs: number; date: number;
  /** Worker clock minus page clock (absolute ms, round-trip midpoint, median of 20) and the round trip. */
  workerClockMs: number; workerRoundTripMs: number;
  /** From the worker: audio frames seen, with a metadata rtpTimestamp, whether AudioDecoder exists there. */
  audioFrames: number; audioFramesWithRtp: number; audioDecoder: boolean;
  /** The AudioContext's clock against the wall clock over the run (context ms per ms), and its sample rate. */
  contextClockRate: number; sampleRate: number;
}

/** Firefox: the tap's render-moment offset is the minimum over this window (ms), not 3 s (pages/audio-tap.ts). */
export const FIREFOX_TAP_WINDOW_MS = 100;

interface Livekit { url: string; httpUrl: string; apiKey: string; apiSecret: string; ports: { udp: number }; stop(): Promise<void> }

/**
 * Through the UDP relay of test/support/udp-relay.mjs (the bed started with `loopback`): the subscriber page
 * rewrites the server's candidates to `port` (test/support/relay-peer-connection.ts).
 */
export interface RelayRoute { port: number }

const here = fileURLToPath(new URL('.', import.meta.url));
const HTML = (script: string) => `<!doctype html><meta charset="utf-8"><body><script type="module" src="/${script}.js"></script></body>`;

export class LipsyncBed {
  private constructor(private readonly livekit: Livekit, private readonly server: Server, private readonly base: string, private readonly dir: string, private readonly publisherBrowser: Browser, readonly subscriber: SubscriberBrowser, readonly firefoxAudio: FirefoxAudio) {}

  /** The server's RTC UDP port (the relay's target). */
  get udpPort(): number {
    return this.livekit.ports.udp;
  }

  /**
   * `loopback`: the server's media on 127.0.0.1 too, for runs through the UDP relay (RelayRoute);
   * `subscriber`: the subscriber's browser (Chromium by default); `firefoxAudio`: a Firefox subscriber's audio
   * output (cubeb's mock device by default, or a PulseAudio null sink per run: bench/lipsync/pulse.ts).
   */
  static async start({ loopback = false, subscriber = 'chromium' as SubscriberBrowser, firefoxAudio = 'mock' as FirefoxAudio } = {}): Promise<LipsyncBed> {
    const dir = mkdtempSync(join(tmpdir(), 'lipsync-'));
    await build({
      entryPoints: [
        ...['publisher', 'subscriber', 'agent', 'sender.worker', 'subscriber.worker', 'onset.worklet'].map((n) => ({ out: n, in: join(here, 'pages', `${n}.ts`) })),
        // MotionPublisher and AudioMotion load these by `new URL('./x.ts', import.meta.url)`: served as built .js.
        ...['motion-sender.worker', 'audio-motion.worklet'].map((n) => ({ out: n, in: join(here, '../../src/publisher', `${n}.ts`) })),
      ],
      bundle: true, format: 'esm', target: 'es2022', outdir: dir, logLevel: 'error', platform: 'browser',
    });
    const livekit = (await startLivekitServer({ loopback })) as Livekit;
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path.endsWith('.html')) return void res.writeHead(200, { 'content-type': 'text/html' }).end(HTML(path.slice(1, -5)));
      let body: Buffer;
      try {
        body = readFileSync(join(dir, path.replace(/^\//, '').replace(/\.ts$/, '.js')));
      } catch {
        return void res.writeHead(404).end();
      }
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const publisherBrowser = await launch([]);
    return new LipsyncBed(livekit, server, `http://127.0.0.1:${port}`, dir, publisherBrowser, subscriber, firefoxAudio);
  }

  private async token(identity: string, room: string): Promise<string> {
    const at = new AccessToken(this.livekit.apiKey, this.livekit.apiSecret, { identity, ttl: '1h' });
    at.addGrant({ roomJoin: true, room, canPublish: true, canSubscribe: true });
    return at.toJwt();
  }

  /** One condition: a fresh room, the publisher, a subscriber browser with `fieldTrials`, the events. */
  async run(name: string, fieldTrials: string, jitterMs: number, policies: PolicySpec[], shifts: number[], log: (s: string) => void, syncStreams = false, relay?: RelayRoute): Promise<ConditionResult> {
    const room = `lipsync-${name.replace(/\W+/g, '-')}-${Date.now().toString(36)}`;
    // The room option WebRTC's own lip sync would need (off by default): one MediaStream per participant.
    if (syncStreams) await new RoomServiceClient(this.livekit.httpUrl, this.livekit.apiKey, this.livekit.apiSecret).createRoom({ name: room, syncStreams: true });
    const firefox = this.subscriber === 'firefox';
    if (firefox && fieldTrials) throw new Error('field trials are Chromium flags: no Firefox subscriber with them');
    // Chromium gathers no 127.0.0.1 candidate without this flag: the relay is on 127.0.0.1 (Firefox: its
    // media.peerconnection.ice.loopback pref, test/firefox.mjs).
    // A sound server of its own per run, and the monitor's recorder, before Firefox (its cubeb stream opens on it)
    const pulse = firefox && this.firefoxAudio === 'pulse' ? await PulseServer.start() : undefined;
    const recorder = pulse ? MonitorRecorder.start(pulse, PULSE_RECORD_LATENCY_MS) : undefined;
    const subscriberBrowser = firefox ? await launchFirefox(pulse).catch(async (e) => { await recorder?.stop(); await pulse?.stop(); throw e; }) : await launch([...(fieldTrials ? [`--force-fieldtrials=${fieldTrials}`] : []), ...(relay ? ['--allow-loopback-in-peer-connection'] : [])]);
    let pub: Page | undefined;
    try {
      pub = await this.publisherBrowser.newPage();
      pub.on('console', (m) => { if (m.type() === 'error') log(`[publisher] ${m.text()}`); });
      await pub.goto(`${this.base}/publisher.html?url=${encodeURIComponent(this.livekit.url)}&token=${await this.token('avatar', room)}`);
      await pub.waitForFunction('window.ready === true', { timeout: 30000 });
      const sub = await subscriberBrowser.newPage();
      sub.on('console', (m) => { if (m.type() === 'error') log(`[subscriber] ${m.text()}`); });
      // LIPSYNC_DEBUG=1: every console line of a Firefox subscriber, and its page errors
      if (firefox && process.env.LIPSYNC_DEBUG) {
        sub.on('console', (m) => { if (m.type() !== 'error') log(`[subscriber] ${m.type()} ${m.text()}`); });
        sub.on('pageerror', (e) => log(`[subscriber] page error ${String(e)}`));
      }
      await sub.goto(`${this.base}/subscriber.html?url=${encodeURIComponent(this.livekit.url)}&token=${await this.token('viewer', room)}&jitter=${jitterMs}${relay ? `&relay=${relay.port}&udp=${this.livekit.ports.udp}` : ''}&policies=${encodeURIComponent(JSON.stringify(policies))}${firefox ? `&outputLatency=0&tapWindow=${FIREFOX_TAP_WINDOW_MS}` : ''}`);
      await sub.waitForFunction('window.ready === true', { timeout: 30000 }).catch((e: Error) => { throw new Error(`subscriber not ready: ${e.message}`); });
      const warmUp = Date.now();
      let clicks: ClickControl | undefined;
      if (pulse) {
        // the known-shift control of the recording's clock, while the voice is silent (pages/subscriber.ts)
        await new Promise((r) => setTimeout(r, 1500));
        clicks = (await sub.evaluate((n) => (window as unknown as { controlClicks(n: number): Promise<unknown> }).controlClicks(n), CONTROL_CLICKS).catch((e: Error) => { throw new Error(`control clicks: ${e.message}; sound server: ${pulse.log.join('')}`); })) as ClickControl;
      }
      await new Promise((r) => setTimeout(r, Math.max(0, 8000 - (Date.now() - warmUp)))); // warm-up: NetEq, the adaptive estimator's first second
      log(`${name}: ${shifts.length} events…`);
      const sinkInputs: SinkInputLatency[] = [];
      const sink: { latencyUs: number; configuredUs: number }[] = [];
      const poll = pulse ? setInterval(() => {
        void pulse.sinkInputs().then((l) => sinkInputs.push(...l), () => undefined);
        void pulse.sinkLatency().then((l) => sink.push(l), () => undefined);
      }, 2000) : undefined;
      const sent = (await pub.evaluate((s) => (window as unknown as { runEvents(s: number[]): Promise<SentEvent[]> }).runEvents(s), shifts)) as SentEvent[];
      clearInterval(poll);
      const collected = (await sub.evaluate(() => (window as unknown as { collect(): Promise<unknown> }).collect())) as Collected;
      const ssrc = await sub.evaluate(() => (window as unknown as { ssrc(): unknown }).ssrc());
      const probe = (await sub.evaluate(() => (window as unknown as { inbound(): Promise<unknown> }).inbound())) as Record<string, unknown>[];
      if (!firefox) return { name, sent, collected, fieldTrials, jitterMs, ssrc, load: loadavg()[0]!, probe };
      const capabilities = (await sub.evaluate(() => (window as unknown as { capabilities(): Promise<unknown> }).capabilities())) as Capabilities;
      const recording = await recorder?.stop();
      const run = pulse && recording && clicks ? { recording, clicks, recorderLatencyMs: PULSE_RECORD_LATENCY_MS, sinkInputs, sink } : undefined;
      return { name, sent, collected, fieldTrials, jitterMs, ssrc, load: loadavg()[0]!, probe, browser: 'firefox', capabilities, ...(run ? { pulse: run } : {}) };
    } finally {
      await pub?.close().catch(() => undefined);
      await subscriberBrowser.close().catch(() => undefined);
      await recorder?.stop().catch(() => undefined);
      await pulse?.stop();
    }
  }

  /** The agent-side alignment: the real MotionPublisher + AudioMotion, `n` clicks (pages/agent.ts). */
  async agent(n: number, log: (s: string) => void): Promise<AgentResult> {
    const room = `lipsync-agent-${Date.now().toString(36)}`;
    const page = await this.publisherBrowser.newPage();
    try {
      page.on('console', (m) => { if (m.type() === 'error') log(`[agent] ${m.text()}`); });
      await page.goto(`${this.base}/agent.html?url=${encodeURIComponent(this.livekit.url)}&token=${await this.token('agent', room)}`);
      await page.waitForFunction('window.ready === true', { timeout: 30000 });
      log(`agent: ${n} clicks…`);
      return (await page.evaluate((k) => (window as unknown as { runClicks(k: number): Promise<AgentResult> }).runClicks(k), n)) as AgentResult;
    } finally {
      await page.close().catch(() => undefined);
    }
  }

  async stop(): Promise<void> {
    await this.publisherBrowser.close().catch(() => undefined);
    this.server.close();
    await this.livekit.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Debian's Firefox ESR, headless over WebDriver BiDi, with the tests' prefs (autoplay allowed, loopback ICE, timers
 * unthrottled) and cubeb's mock audio device: this machine has no sound server, and without a device Firefox's
 * AudioContext never leaves `suspended` (resume() never settles), so the WebAudio tap could not run. The mock
 * device pulls the audio graph on a thread of its own that renders 10 ms and then sleeps 10 ms (2 to 3.5 % slower
 * than real time: FIREFOX_TAP_WINDOW_MS) and reports no output latency (docs/sync.md, "Firefox").
 */
export const FIREFOX_BENCH_PREFS = { 'media.cubeb.force_mock_context': true };

/** With a sound server: its environment for Firefox (cubeb's PulseAudio backend finds it), no mock device. */
async function launchFirefox(pulse?: PulseServer): Promise<Browser> {
  const options = firefoxLaunchOptions();
  if (pulse) return puppeteer.launch({ ...options, env: { ...process.env, ...pulse.env } as Record<string, string>, protocolTimeout: 600000 });
  return puppeteer.launch({ ...options, extraPrefsFirefox: { ...options.extraPrefsFirefox, ...FIREFOX_BENCH_PREFS }, protocolTimeout: 600000 });
}

async function launch(extra: string[]): Promise<Browser> {
  return puppeteer.launch({ executablePath: CHROMIUM as string, headless: true, args: [...(CHROMIUM_ARGS as string[]), ...extra], protocolTimeout: 600000 });
}
