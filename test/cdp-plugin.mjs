// A @web/test-runner plugin that reads the test page's memory through the DevTools protocol (Chromium
// only: @web/test-runner-chrome's launcher exposes the puppeteer page), and hands the leak and soak tests
// their lengths from the environment. Commands:
//   cdp-memory {gc?}  -> after HeapProfiler.collectGarbage (twice, when gc) on the page and on every dedicated
//                        worker: { page: {used, total, embedder, backing}, workers: [{url, used, total, embedder,
//                        backing}], dom: {documents, nodes,
//                        jsEventListeners} } (Runtime.getHeapUsage, Memory.getDOMCounters); { unavailable:
//                        true } in a browser without CDP (Firefox over WebDriver BiDi; null would read as
//                        "no plugin handles this command").
//   cdp-heap-summary {url, names?, byType?} -> after a forced GC, a heap snapshot (HeapProfiler.takeHeapSnapshot)
//                        of the first worker whose URL contains `url` (the page when no url is given), summed per
//                        "type name" (objects, closures, native and hidden nodes): { [key]: [count, selfSize] },
//                        only the keys in `names` when given (a whole summary is ~1 MB in the page that asks);
//                        per node type only ("object", "closure", "code", "native"...) with byType: true;
//                        { unavailable: true } without CDP. For finding what a leak keeps (compare two readings).
//                        Answers { pending: id } when the snapshot takes over 15 s: ask again with { pending: id }.
//   cdp-heap-file {name} -> a heap snapshot of the page (after a forced GC) written to <tmpdir>/<name>.heapsnapshot,
//                        for DevTools' Memory panel or a script (diffs per constructor, retainer paths: how the
//                        page heap's growth was looked into, docs/reliability.md): { file }.
//   leak-config       -> { cycles } (LEAK_CYCLES, default 100)
//   soak-config       -> { minutes } (SOAK_MINUTES, default 10)
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `promise`, or a rejection after `ms` (a CDP call to a worker that is going away may never answer). */
function within(ms, promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function collect(client, gc) {
  if (gc) {
    await client.send('HeapProfiler.collectGarbage');
    await client.send('HeapProfiler.collectGarbage');
  }
  const { usedSize, totalSize, embedderHeapUsedSize, backingStorageSize } = await client.send('Runtime.getHeapUsage');
  // backing: ArrayBuffer contents and external strings, which live outside the JS heap (usedSize does not
  // count them: an inflated Uint8Array kept alive shows only there). embedder: Blink's own GC heap.
  return { used: usedSize, total: totalSize, embedder: embedderHeapUsedSize ?? null, backing: backingStorageSize ?? null };
}

/** A heap snapshot of `client`'s target (after a forced GC), as its JSON text. */
async function heapSnapshot(client) {
  await client.send('HeapProfiler.enable');
  await client.send('HeapProfiler.collectGarbage');
  let json = '';
  const onChunk = ({ chunk }) => (json += chunk);
  client.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await client.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    client.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  return json;
}

/** A heap snapshot of `client`'s target, summed per node type and name (per node type only, when byType). */
async function heapSummary(client, names, byType) {
  const { snapshot, nodes, strings } = JSON.parse(await heapSnapshot(client));
  const fields = snapshot.meta.node_fields;
  const types = snapshot.meta.node_types[0];
  const [t, n, s] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const summary = {};
  for (let i = 0; i < nodes.length; i += fields.length) {
    const key = byType ? types[nodes[i + t]] : `${types[nodes[i + t]]} ${strings[nodes[i + n]].slice(0, 80)}`;
    const entry = (summary[key] ??= [0, 0]);
    entry[0]++;
    entry[1] += nodes[i + s];
  }
  return names ? Object.fromEntries(names.map((name) => [name, summary[name] ?? [0, 0]])) : summary;
}

export function cdpPlugin() {
  /** Heap snapshots still being taken, by id (cdp-heap-summary). */
  const jobs = new Map();
  /** The page's DevTools session for cdp-heap-file, kept across snapshots. */
  let snapshotSession;
  let nextJob = 1;
  return {
    name: 'cdp-memory',
    async executeCommand({ command, payload, session }) {
      if (command === 'leak-config') return { cycles: Number(process.env.LEAK_CYCLES ?? 100) };
      if (command === 'soak-config') return { minutes: Number(process.env.SOAK_MINUTES ?? 10) };
      if (command !== 'cdp-memory' && command !== 'cdp-heap-summary' && command !== 'cdp-heap-file') return undefined;
      const launcher = session.browser;
      const page = launcher.type === 'puppeteer' && typeof launcher.getPage === 'function' ? launcher.getPage(session.id) : undefined;
      if (!page) return { unavailable: true };
      if (command === 'cdp-heap-file') {
        // One session for every snapshot of the page (the profiler stays enabled between them).
        if (!String(payload?.name).match(/^[\w.-]+$/)) throw new Error('cdp-heap-file: a file name (letters, digits, . - _) expected');
        snapshotSession ??= await page.createCDPSession();
        const file = join(tmpdir(), `${payload.name}.heapsnapshot`);
        await writeFile(file, await heapSnapshot(snapshotSession));
        return { file };
      }
      let client;
      try {
        client = await page.createCDPSession();
      } catch {
        return { unavailable: true }; // no CDP (Firefox over WebDriver BiDi)
      }
      try {
        if (command === 'cdp-heap-summary') {
          // A snapshot can take longer than the runner's 20 s per command on a loaded machine: it runs in
          // the background, and this answers within 15 s with the result or { pending } (ask again).
          let job = payload?.pending !== undefined ? jobs.get(payload.pending) : undefined;
          if (!job) {
            const worker = payload?.url ? page.workers().find((w) => w.url().includes(payload.url)) : undefined;
            if (payload?.url && !worker) return { unavailable: true };
            const target = worker ? worker.client : await page.createCDPSession();
            const id = nextJob++;
            job = { id, result: heapSummary(target, payload?.names, payload?.byType === true).finally(() => { if (!worker) target.detach().catch(() => undefined); }) };
            job.result.catch(() => undefined);
            jobs.set(id, job);
          }
          const done = await within(15000, job.result.then((r) => ({ r })), 'heap summary').catch(() => undefined);
          if (!done) return { pending: job.id };
          jobs.delete(job.id);
          return done.r;
        }
        const gc = payload?.gc !== false;
        const workers = [];
        for (const worker of page.workers()) {
          try {
            workers.push({ url: worker.url(), ...(await within(3000, collect(worker.client, gc), 'a worker\'s heap')) });
          } catch {
            // a worker that ended, or is ending, while being read (its target may never answer)
          }
        }
        const pageHeap = await collect(client, gc);
        const dom = await client.send('Memory.getDOMCounters');
        return { page: pageHeap, workers, dom: { documents: dom.documents, nodes: dom.nodes, jsEventListeners: dom.jsEventListeners } };
      } finally {
        await client.detach().catch(() => undefined);
      }
    },
  };
}
