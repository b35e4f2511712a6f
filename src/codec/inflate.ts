/** Bounded zlib (RFC 1950) inflate on the platform's DecompressionStream. */

const SLICE = 1024; // input fed in slices so a bomb is stopped after ~1 MiB of output, not after all of it
const noop = (): void => {};

export type InflateResult = Uint8Array | 'inflate' | 'inflate-limit';

/**
 * Inflates `data`, stopping as soon as the output would exceed `limit` bytes.
 * Never throws or rejects: a broken stream is `'inflate'`, an oversized one `'inflate-limit'`.
 */
export async function inflateBounded(data: Uint8Array, limit: number): Promise<InflateResult> {
  let stream: DecompressionStream;
  try {
    stream = new DecompressionStream('deflate');
  } catch {
    return 'inflate';
  }
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  let stop = false;
  const pump = (async () => {
    for (let at = 0; at < data.length && !stop; at += SLICE) {
      await writer.write(data.slice(at, at + SLICE));
    }
    if (!stop) await writer.close();
  })();
  pump.catch(noop);

  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        stop = true;
        reader.cancel().catch(noop);
        writer.abort().catch(noop);
        return 'inflate-limit';
      }
      chunks.push(value);
    }
    await pump;
  } catch {
    stop = true;
    writer.abort().catch(noop);
    return 'inflate';
  }
  let out: Uint8Array;
  if (chunks.length === 1) {
    out = chunks[0]!;
  } else {
    out = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.byteLength;
    }
  }
  // A zlib stream ends with the Adler-32 of its output. Checking that the body ends there makes
  // "bytes after the stream" malformed on every platform (Chromium's inflater rejects them, Node's
  // ignores them).
  const n = data.length;
  const trailer = n >= 4 ? ((data[n - 4]! << 24) | (data[n - 3]! << 16) | (data[n - 2]! << 8) | data[n - 1]!) >>> 0 : -1;
  return trailer === adler32(out) ? out : 'inflate';
}

/** Adler-32 (RFC 1950) of `b`. */
export function adler32(b: Uint8Array): number {
  let a = 1, s = 0;
  for (let i = 0; i < b.length; ) {
    const end = Math.min(b.length, i + 5552); // the largest run before the sums must be reduced
    for (; i < end; i++) {
      a += b[i]!;
      s += a;
    }
    a %= 65521;
    s %= 65521;
  }
  return ((s << 16) | a) >>> 0;
}

/** zlib-deflates `data` with the platform's CompressionStream. */
export async function deflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
