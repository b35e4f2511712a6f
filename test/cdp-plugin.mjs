// A @web/test-runner plugin that reads the test page's memory through the DevTools protocol (Chromium
// only: @web/test-runner-chrome's launcher exposes the puppeteer page), and hands the leak and soak tests
// their lengths from the environment. Commands:
//   cdp-memory {gc?}  -> after HeapProfiler.collectGarbage (twice, when gc) on the page and on every dedicated
//                        worker: { page: {used, total}, workers: [{url, used, total}], dom: {documents, nodes,
//                        jsEventListeners} } (Runtime.getHeapUsage, Memory.getDOMCounters); { unavailable:
//                        true } in a browser without CDP (Firefox over WebDriver BiDi; null would read as
//                        "no plugin handles this command").
//   leak-config       -> { cycles } (LEAK_CYCLES, default 100)
//   soak-config       -> { minutes } (SOAK_MINUTES, default 10)
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
  const { usedSize, totalSize } = await client.send('Runtime.getHeapUsage');
  return { used: usedSize, total: totalSize };
}

export function cdpPlugin() {
  return {
    name: 'cdp-memory',
    async executeCommand({ command, payload, session }) {
      if (command === 'leak-config') return { cycles: Number(process.env.LEAK_CYCLES ?? 100) };
      if (command === 'soak-config') return { minutes: Number(process.env.SOAK_MINUTES ?? 10) };
      if (command !== 'cdp-memory') return undefined;
      const launcher = session.browser;
      const page = launcher.type === 'puppeteer' && typeof launcher.getPage === 'function' ? launcher.getPage(session.id) : undefined;
      if (!page) return { unavailable: true };
      let client;
      try {
        client = await page.createCDPSession();
      } catch {
        return { unavailable: true }; // no CDP (Firefox over WebDriver BiDi)
      }
      try {
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
