// Does Chromium's degraded-call field trial take effect? Two peer connections in one page, a tone from one
// to the other, with and without --force-fieldtrials=WebRTC-FakeNetworkReceiveConfig/…; the receiver's
// getStats (interarrival jitter, NetEq delay) answers.
import puppeteer from 'puppeteer-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../test/chromium.mjs';

export const FIELD_TRIAL = 'WebRTC-FakeNetworkReceiveConfig/queue_delay_ms:100,delay_standard_deviation_ms:100/';

async function loopback(extra: string[]): Promise<{ jitterMs: number; jbMs: number }> {
  const browser = await puppeteer.launch({ executablePath: CHROMIUM as string, headless: true, args: [...(CHROMIUM_ARGS as string[]), ...extra] });
  try {
    const page = await browser.newPage();
    return await page.evaluate(async () => {
      const a = new RTCPeerConnection(), b = new RTCPeerConnection();
      a.onicecandidate = (e) => { if (e.candidate) void b.addIceCandidate(e.candidate); };
      b.onicecandidate = (e) => { if (e.candidate) void a.addIceCandidate(e.candidate); };
      const ctx = new AudioContext();
      const osc = ctx.createOscillator();
      const dest = ctx.createMediaStreamDestination();
      osc.connect(dest);
      osc.start();
      a.addTrack(dest.stream.getAudioTracks()[0]!, dest.stream);
      b.ontrack = (e) => { const el = new Audio(); el.srcObject = e.streams[0]!; void el.play(); };
      await a.setLocalDescription();
      await b.setRemoteDescription(a.localDescription!);
      await b.setLocalDescription();
      await a.setRemoteDescription(b.localDescription!);
      await new Promise((r) => setTimeout(r, 8000));
      let out = { jitterMs: NaN, jbMs: NaN };
      (await b.getStats()).forEach((s: Record<string, number> & { type: string }) => {
        if (s.type === 'inbound-rtp') out = { jitterMs: s.jitter * 1000, jbMs: (s.jitterBufferDelay / s.jitterBufferEmittedCount) * 1000 };
      });
      return out;
    });
  } finally {
    await browser.close();
  }
}

export async function checkFieldTrial(log: (s: string) => void): Promise<string> {
  log('field trial check…');
  const plain = await loopback([]);
  const trial = await loopback([`--force-fieldtrials=${FIELD_TRIAL}`]);
  const took = trial.jitterMs > plain.jitterMs + 20 || trial.jbMs > plain.jbMs + 50;
  return `\`--force-fieldtrials=${FIELD_TRIAL}\` on two peer connections in one page: receiver interarrival jitter `
    + `${trial.jitterMs.toFixed(0)} ms and NetEq delay ${trial.jbMs.toFixed(0)} ms, against ${plain.jitterMs.toFixed(0)} and ${plain.jbMs.toFixed(0)} ms without: `
    + (took ? 'the impairment takes effect.' : `**it has no effect in this Chromium (${process.env.CHROMIUM_BIN ?? '/usr/bin/chromium'})**, so it is not used.`);
}
