// Development aid: `node --import tsx bench/lipsync/agent-probe.ts [n]`: the agent-side alignment alone.
import { writeFileSync } from 'node:fs';
import { LipsyncBed } from './harness.js';
import { agentFigures } from './analyze.js';

const bed = await LipsyncBed.start();
try {
  const r = await bed.agent(Number(process.argv[2] ?? 20), console.log);
  writeFileSync('/tmp/lipsync-agent.json', JSON.stringify(r));
  console.log(JSON.stringify(agentFigures(r), null, 1));
} finally {
  await bed.stop();
}
