// A @web/test-runner plugin for the examples group (test/examples/): builds the React and Vue examples when the
// server starts (examples/build.mjs; not when EXAMPLES_BUILT=1: npm test built them already), and stands in for a CDN: a second HTTP server, on another port of
// 127.0.0.1 (another origin than the test pages' localhost), serving the package's dist/ with
// Access-Control-Allow-Origin. It serves examples/html/index.html with the page's placeholders replaced, as its
// author would fill them in: the CDN's address, and the LiveKit URL and token from the query.
//   examples-cdn -> { url, served: [paths the CDN answered] }
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildExamples, warningsOf } from '../../examples/build.mjs';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const HTML_EXAMPLE = fileURLToPath(new URL('../../examples/html/index.html', import.meta.url));
const TYPES = { '.js': 'text/javascript', '.map': 'application/json' };

export function examplesPlugin() {
  let cdn;
  let cdnUrl;
  const served = [];
  return {
    name: 'examples',
    async serverStart() {
      // npm test builds them once before its two tracks (EXAMPLES_BUILT=1): two runs side by side rebuilding the
      // same files could serve each other a half-written one.
      if (process.env.EXAMPLES_BUILT !== '1') {
        const started = performance.now();
        const warnings = warningsOf(await buildExamples());
        if (warnings.length) throw new Error(`bundling the package into the examples gave warnings:\n${warnings.join('\n')}`);
        console.log(`[examples] React and Vue examples built in ${Math.round(performance.now() - started)} ms`);
      }
      cdn = createServer(async (req, res) => {
        const name = basename(new URL(req.url, 'http://x').pathname); // dist/ only, one level
        try {
          const body = await readFile(DIST + name);
          served.push(`/${name}`);
          res.writeHead(200, { 'content-type': TYPES[extname(name)] ?? 'application/octet-stream', 'access-control-allow-origin': '*' });
          res.end(body);
        } catch {
          res.writeHead(404, { 'access-control-allow-origin': '*' }).end();
        }
      });
      await new Promise((resolve, reject) => cdn.once('error', reject).listen(0, '127.0.0.1', resolve));
      cdnUrl = `http://127.0.0.1:${cdn.address().port}`;
    },
    async serverStop() {
      await new Promise((resolve) => (cdn ? cdn.close(resolve) : resolve()));
    },
    async serve(context) {
      if (context.path !== '/examples/html/index.html') return undefined;
      const query = context.URL.searchParams;
      const body = (await readFile(HTML_EXAMPLE, 'utf8'))
        .replace('https://cdn.example.com/spatius-avatar/', `${cdnUrl}/`)
        .replace('wss://your-project.livekit.cloud', query.get('url') ?? '')
        .replace('YOUR_VIEWER_TOKEN', query.get('token') ?? '');
      return { body, type: 'html' };
    },
    async executeCommand({ command }) {
      if (command !== 'examples-cdn') return undefined;
      return { url: cdnUrl, served: [...served] };
    },
  };
}
