// A real sound server for a bench run (FIREFOX_AUDIO=pulse): Debian's PulseAudio in user space, its runtime dir
// and socket under a temp dir of its own, one null sink (48 kHz stereo) as the default output, killed at stop().
// Firefox plays into it through cubeb's PulseAudio backend (PULSE_SERVER in its environment) as on a desktop;
// the recorder (recorder.ts) reads the sink's monitor. docs/sync.md, "Firefox", "On a real sound server".
import { spawn, execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const SINK = 'bench';
export const SINK_RATE = 48000;

/** One sink input as `pactl list sink-inputs` gives it (µs), read while Firefox plays. */
export interface SinkInputLatency { at: number; index: number; name: string; bufferUs: number; sinkUs: number }

export class PulseServer {
  private constructor(readonly dir: string, private readonly proc: ChildProcess, readonly log: string[]) {}

  /** The environment a client needs to use this server and no other. */
  get env(): Record<string, string> {
    return { PULSE_SERVER: `unix:${join(this.dir, 'native')}`, XDG_RUNTIME_DIR: join(this.dir, 'run') };
  }

  static async start(): Promise<PulseServer> {
    const root = mkdtempSync(join(tmpdir(), 'spatius-pulse-'));
    for (const d of ['home', 'run', 'config']) mkdirSync(join(root, d));
    const config = join(root, 'default.pa');
    writeFileSync(config, [
      `load-module module-native-protocol-unix auth-anonymous=1 socket=${join(root, 'native')}`,
      `load-module module-null-sink sink_name=${SINK} rate=${SINK_RATE} channels=2`,
      `set-default-sink ${SINK}`,
      '',
    ].join('\n'));
    const env = { ...process.env, HOME: join(root, 'home'), XDG_RUNTIME_DIR: join(root, 'run'), XDG_CONFIG_HOME: join(root, 'config') };
    // -n: no default script; no daemonizing, no exit on idle, no pid file (another user's server stays theirs)
    const proc = spawn('pulseaudio', ['-n', '-F', config, '--daemonize=no', '--exit-idle-time=-1', '--use-pid-file=no', '--log-target=stderr', '--log-level=notice'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const log: string[] = [];
    proc.stderr!.on('data', (b: Buffer) => { if (log.length < 200) log.push(b.toString()); });
    proc.on('error', (e) => log.push(`pulseaudio: ${e.message}`)); // not installed: the wait below says so
    const server = new PulseServer(root, proc, log);
    const deadline = Date.now() + 10000;
    while (!existsSync(join(root, 'native'))) {
      if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`pulseaudio did not start: ${log.join('')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await server.pactl('info');
    return server;
  }

  async pactl(...args: string[]): Promise<string> {
    return (await run('pactl', args, { env: { ...process.env, ...this.env } })).stdout;
  }

  /** Every sink input's buffer and sink latency, as the server reports them. */
  async sinkInputs(): Promise<SinkInputLatency[]> {
    const at = performance.timeOrigin + performance.now();
    const out = await this.pactl('list', 'sink-inputs');
    return out.split(/^Sink Input #/m).slice(1).map((block) => ({
      at,
      index: Number(block.split('\n')[0]),
      name: /media\.name = "([^"]*)"/.exec(block)?.[1] ?? /application\.name = "([^"]*)"/.exec(block)?.[1] ?? '',
      bufferUs: Number(/Buffer Latency: (\d+) usec/.exec(block)?.[1] ?? NaN),
      sinkUs: Number(/Sink Latency: (\d+) usec/.exec(block)?.[1] ?? NaN),
    }));
  }

  /** The null sink's latency and configured latency (µs), as the server reports them. */
  async sinkLatency(): Promise<{ latencyUs: number; configuredUs: number }> {
    const out = await this.pactl('list', 'sinks');
    const m = /Latency: (\d+) usec, configured (\d+) usec/.exec(out);
    return { latencyUs: Number(m?.[1] ?? NaN), configuredUs: Number(m?.[2] ?? NaN) };
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode === null) {
      const exited = new Promise((r) => this.proc.once('exit', r));
      this.proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (this.proc.exitCode === null) this.proc.kill('SIGKILL');
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
