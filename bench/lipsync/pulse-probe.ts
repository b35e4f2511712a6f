// Probe: Firefox on the bench's PulseAudio null sink, no WebRTC. Does its AudioContext run, what latency does it
// report (outputLatency, getOutputTimestamp, the server's sink input), and where do 12 clicks it renders land in the
// monitor's recording, read by two recorders at once (REC_LATENCY_MS, 2 by default, and 50 ms): their offsets must
// agree. A recorder above 2 ms lets the sink take Firefox's own latency (docs/sync.md, "On a real sound server").
// Starts a browser: run it under the shared lock, `/work/briefs/locked npx tsx bench/lipsync/pulse-probe.ts` here.
import puppeteer from 'puppeteer-core';
import { firefoxLaunchOptions } from '../../test/firefox.mjs';
import { PulseServer } from './pulse.js';
import { MonitorRecorder } from './recorder.js';

const server = await PulseServer.start();
const rec = MonitorRecorder.start(server, Number(process.env.REC_LATENCY_MS ?? 2));
const rec2 = MonitorRecorder.start(server, 50);
const options = firefoxLaunchOptions();
const browser = await puppeteer.launch({ ...options, env: { ...process.env, ...server.env } as Record<string, string>, protocolTimeout: 120000 });
try {
  const page = await browser.newPage();
  await page.goto('data:text/html,<p>probe</p>');
  // a string (tsx would name the arrow functions with a helper the page does not have)
  const out = (await page.evaluate(`(async () => {
    const abs = () => performance.timeOrigin + performance.now();
    const ctx = new AudioContext({ latencyHint: 'interactive' });
    const resumed = await Promise.race([ctx.resume().then(() => 'resumed'), new Promise((r) => setTimeout(() => r('timeout'), 5000))]);
    const offsets = []; const offTimes = [];
    const ots = [];
    const timer = setInterval(() => {
      offsets.push(abs() - ctx.currentTime * 1000); offTimes.push({ ct: ctx.currentTime, off: abs() - ctx.currentTime * 1000 });
      const o = ctx.getOutputTimestamp();
      ots.push({ contextTime: o.contextTime, performanceTime: o.performanceTime, at: performance.now(), ct: ctx.currentTime });
    }, 2);
    await new Promise((r) => setTimeout(r, 2000));
    const clicks = [];
    const t0 = ctx.currentTime + 0.5;
    for (let k = 0; k < 12; k++) {
      const t = t0 + k * 0.4 + (k % 3 === 1 ? 0.12 : 0);
      const osc = ctx.createOscillator();
      const g = ctx.createGain();
      g.gain.value = 0.5;
      osc.frequency.value = 1000;
      osc.connect(g).connect(ctx.destination);
      osc.start(t); osc.stop(t + 0.02);
      clicks.push({ ctxTime: t });
    }
    await new Promise((r) => setTimeout(r, 6000));
    clearInterval(timer);
    const recent = offsets.slice(-500);
    const minOffset = Math.min(...recent);
    const offsetAt = (ct) => { let best = Infinity; for (const o of offTimes) if (Math.abs(o.ct - ct) < 0.1) best = Math.min(best, o.off); return best; };
    return {
      state: ctx.state, resumed, sampleRate: ctx.sampleRate, outputLatency: ctx.outputLatency, baseLatency: ctx.baseLatency,
      ots: ots.filter((_, i) => i % 200 === 0), minOffset, minOffsetAll: Math.min(...offsets), maxOffsetRecent: Math.max(...recent),
      clicks: clicks.map(function (c) { return { ...c, tap: c.ctxTime * 1000 + minOffset, tapLocal: c.ctxTime * 1000 + offsetAt(c.ctxTime) }; }),
    };
  })()`)) as { clicks: { ctxTime: number; tap: number; tapLocal: number }[] } & Record<string, unknown>;
  await new Promise((r) => setTimeout(r, 500));
  const sinks = await server.sinkInputs();
  const sinkLatency = await server.sinkLatency();
  const recording = await rec.stop();
  const recording2 = await rec2.stop();
  console.log(JSON.stringify({ ...out, clicks: undefined, sinks, lag: [recording.lagMedianMs, recording.lagP95Ms], samples: recording.samples, sinkLatency, lag2: [recording2.lagMedianMs, recording2.lagP95Ms], dateMinusAbs: recording.dateMinusAbsMs }, null, 1));
  for (const c of out.clicks) {
    const o = [...recording.onsets].sort((a, b) => Math.abs(a.at - c.tap) - Math.abs(b.at - c.tap))[0];
    console.log(`click ctx ${c.ctxTime.toFixed(3)} recorded − tap(end window) ${o ? (o.at - c.tap).toFixed(1) : 'none'}, − tap(±100 ms window) ${o ? (o.at - c.tapLocal).toFixed(1) : 'none'}`);
  }
  console.log('onsets', recording.onsets.length, 'recorder 50 ms − recorder', recording.onsets.map((o) => { const p = recording2.onsets.find((x) => Math.abs(x.at - o.at) < 100); return p ? (p.at - o.at).toFixed(2) : 'none'; }).join(' '));
} finally {
  await browser.close();
  await rec.stop().catch(() => undefined);
  await rec2.stop().catch(() => undefined);
  await server.stop();
}
