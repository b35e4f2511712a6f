// Compares two V8 heap snapshots (.heapsnapshot: DevTools' Memory panel, or the test plugin's cdp-heap-file),
// the way the page heap's growth over the leak test's cycles was looked into (docs/reliability.md):
//   node scripts/heap-snapshot-diff.mjs A.heapsnapshot B.heapsnapshot [--top 30] [--paths "object Promise"] [--js]
// Prints the self size per node type in each, the largest differences per node type and name ("object Room",
// "closure onResponse", "native AudioContext", "code system / InstructionStream"...), and with --paths the shortest
// retainer paths from the GC roots (weak edges left out) of three nodes of that type and name in B. --js leaves
// Blink's (native) and synthetic nodes out of the differences.
import { readFileSync } from 'node:fs';

function load(file) {
  const { snapshot: { meta }, nodes, edges, strings } = JSON.parse(readFileSync(file, 'utf8'));
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const [iType, iName, iSize, iEdges] = ['type', 'name', 'self_size', 'edge_count'].map((f) => meta.node_fields.indexOf(f));
  const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((f) => meta.edge_fields.indexOf(f));
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const count = nodes.length / nf;
  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0, e = 0; i < count; i++) {
    firstEdge[i] = e;
    e += nodes[i * nf + iEdges] * ef;
  }
  firstEdge[count] = edges.length;
  const type = (i) => nodeTypes[nodes[i * nf + iType]];
  const name = (i) => strings[nodes[i * nf + iName]];
  const size = (i) => nodes[i * nf + iSize];
  const key = (i) => `${type(i)} ${name(i).slice(0, 80)}`;
  const edgeType = (e) => edgeTypes[edges[e + eType]];
  const edgeName = (e) => {
    const t = edgeType(e);
    return t === 'element' || t === 'hidden' ? `[${edges[e + eName]}]` : `${t === 'property' ? '.' : `${t}:`}${strings[edges[e + eName]]}`;
  };
  const target = (e) => edges[e + eTo] / nf;
  return { count, firstEdge, ef, type, name, size, key, edgeType, edgeName, target };
}

/** For each node: its parent on a shortest path from the root (node 0) and the edge taken, weak edges left out. */
function shortestPaths(h) {
  const parent = new Int32Array(h.count).fill(-1);
  const via = new Int32Array(h.count).fill(-1);
  parent[0] = 0;
  const queue = [0];
  for (let q = 0; q < queue.length; q++) {
    const i = queue[q];
    for (let e = h.firstEdge[i]; e < h.firstEdge[i + 1]; e += h.ef) {
      if (h.edgeType(e) === 'weak') continue;
      const to = h.target(e);
      if (parent[to] < 0) {
        parent[to] = i;
        via[to] = e;
        queue.push(to);
      }
    }
  }
  return { parent, via };
}

function summary(h, jsOnly) {
  const byKey = new Map();
  const byType = {};
  for (let i = 0; i < h.count; i++) {
    byType[h.type(i)] = (byType[h.type(i)] ?? 0) + h.size(i);
    if (jsOnly && (h.type(i) === 'native' || h.type(i) === 'synthetic')) continue;
    const entry = byKey.get(h.key(i)) ?? [0, 0];
    entry[0]++;
    entry[1] += h.size(i);
    byKey.set(h.key(i), entry);
  }
  return { byKey, byType };
}

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : undefined;
};
const flag = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? (args.splice(at, 1), true) : false;
};
const top = Number(option('--top') ?? 30);
const pathsFor = option('--paths');
const jsOnly = flag('--js');
if (args.length !== 2) {
  console.error('usage: node scripts/heap-snapshot-diff.mjs A.heapsnapshot B.heapsnapshot [--top 30] [--paths "type name"] [--js]');
  process.exit(2);
}
const [a, b] = args.map(load);
const [sa, sb] = [a, b].map((h) => summary(h, jsOnly));

console.log('self size per node type (A -> B, growth):');
for (const t of new Set([...Object.keys(sa.byType), ...Object.keys(sb.byType)])) {
  const [x, y] = [sa.byType[t] ?? 0, sb.byType[t] ?? 0];
  console.log(`  ${t.padEnd(22)} ${String(x).padStart(10)} -> ${String(y).padStart(10)}  ${y - x >= 0 ? '+' : ''}${y - x}`);
}
const diffs = [];
for (const k of new Set([...sa.byKey.keys(), ...sb.byKey.keys()])) {
  const [x, y] = [sa.byKey.get(k) ?? [0, 0], sb.byKey.get(k) ?? [0, 0]];
  if (x[1] !== y[1] || x[0] !== y[0]) diffs.push([y[1] - x[1], y[0] - x[0], k]);
}
diffs.sort((p, q) => Math.abs(q[0]) - Math.abs(p[0]));
console.log(`largest differences per node type and name (bytes, count)${jsOnly ? ', Blink\'s nodes left out' : ''}:`);
for (const [bytes, n, k] of diffs.slice(0, top)) console.log(`  ${String(bytes).padStart(9)} ${String(n).padStart(6)}  ${k}`);

if (pathsFor) {
  const { parent, via } = shortestPaths(b);
  const found = [];
  for (let i = 0; i < b.count; i++) if (b.key(i) === pathsFor) found.push(i);
  console.log(`"${pathsFor}": ${found.length} in B; retainer paths of the last three:`);
  for (const i of found.slice(-3)) {
    const steps = [];
    for (let n = i; n !== 0 && parent[n] >= 0 && steps.length < 16; n = parent[n]) steps.push(`${b.edgeName(via[n])} of ${b.key(parent[n]).slice(0, 60)}`);
    console.log(`  ${parent[i] < 0 ? '(not reachable without weak edges)' : steps.join(' <- ')}`);
  }
}
