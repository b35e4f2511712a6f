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
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** zlib-deflates `data` with the platform's CompressionStream. */
export async function deflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
