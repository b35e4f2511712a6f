// The test fixtures' livekit-server (scripts/livekit-server.mjs, which test/livekit-plugin.mjs and the demo
// start) when it cannot start: a plain message naming the port, and no process left behind. Its processes
// are found by a marker in the environment they inherit (processes.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { freeTcpPort, freeUdpPort, startLivekitServer } from '../../scripts/livekit-server.mjs';
import { processesWith } from './processes.mjs';

/** Runs `fn` with a fresh marker in process.env (children started meanwhile inherit it). */
async function marked(fn) {
  const marker = `SPATIUS_FIXTURE_RUN=${randomUUID()}`;
  const [key, value] = marker.split('=');
  process.env[key] = value;
  try {
    return await fn(marker);
  } finally {
    delete process.env[key];
  }
}

/** A TCP port held by another "process": it accepts connections and never answers. */
const listenTcp = async () => {
  const sockets = new Set();
  const holder = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((r) => holder.listen(0, '127.0.0.1', r));
  const close = () => new Promise((r) => {
    holder.close(r);
    for (const socket of sockets) socket.destroy();
  });
  return { port: holder.address().port, close };
};

test('a restart on ports another process holds: the taken TCP port is named, no livekit-server starts', { timeout: 60000 }, async () => {
  const held = await listenTcp();
  try {
    await marked(async (marker) => {
      const ports = { http: held.port, tcp: await freeTcpPort(), udp: await freeUdpPort() };
      await assert.rejects(startLivekitServer({ ports, name: 'fixture' }), (err) => {
        assert.match(err.message, new RegExp(`^port ${held.port} on 127\\.0\\.0\\.1 is already in use; fixture \\(restarting on its ports\\) needs it$`));
        return true;
      });
      assert.deepEqual(processesWith(marker), [], 'no process left');
    });
  } finally {
    await held.close();
  }
});

test('a restart whose UDP port is taken: the UDP port is named, no livekit-server starts', { timeout: 60000 }, async () => {
  const sock = createSocket('udp4');
  await new Promise((r) => sock.bind(0, '127.0.0.1', r));
  const udp = sock.address().port;
  try {
    await marked(async (marker) => {
      const ports = { http: await freeTcpPort(), tcp: await freeTcpPort(), udp };
      await assert.rejects(startLivekitServer({ ports, name: 'fixture' }), new RegExp(`^Error: UDP port ${udp} on 127\\.0\\.0\\.1 cannot be used \\(EADDRINUSE\\); fixture \\(restarting on its ports: media over UDP\\) needs it$`));
      assert.deepEqual(processesWith(marker), [], 'no process left');
    });
  } finally {
    await new Promise((r) => sock.close(r));
  }
});

test('a server that started: stop() leaves no process and frees its port', { timeout: 60000 }, async () => {
  await marked(async (marker) => {
    const server = await startLivekitServer({ name: 'fixture' });
    assert.equal(processesWith(marker).length, 1, `the one livekit-server: ${JSON.stringify(processesWith(marker))}`);
    assert.ok((await fetch(server.httpUrl)).ok, 'it answers');
    await server.stop();
    assert.deepEqual(processesWith(marker), [], 'no process left');
    await assert.rejects(fetch(server.httpUrl), 'nothing answers on its port');
  });
});

test('a picked port taken before the server binds it: the server starts again on new ports; the cause is shown when it cannot', { timeout: 60000 }, async () => {
  const held = await listenTcp();
  try {
    await marked(async (marker) => {
      // The first pick hands out a port another process holds, as when a port is taken between the pick and the bind.
      let picks = 0;
      const pickPorts = async () => (++picks === 1 ? [held.port, await freeTcpPort(), await freeUdpPort()] : [await freeTcpPort(), await freeTcpPort(), await freeUdpPort()]);
      const server = await startLivekitServer({ name: 'fixture', pickPorts });
      assert.equal(picks, 2, 'picked again after the first start failed');
      assert.notEqual(server.ports.http, held.port);
      assert.ok((await fetch(server.httpUrl)).ok, 'it answers');
      await server.stop();
      // Always the taken port: three attempts, then the server's own words (it prints them on stdout and exits 0).
      await assert.rejects(startLivekitServer({ name: 'fixture', pickPorts: async () => [held.port, await freeTcpPort(), await freeUdpPort()] }), (err) => {
        assert.match(err.message, /^fixture exited with 0\n/);
        assert.match(err.message, new RegExp(`listen tcp 127\\.0\\.0\\.1:${held.port}: bind: address already in use`));
        return true;
      });
      assert.deepEqual(processesWith(marker), [], 'no process left');
    });
  } finally {
    await held.close();
  }
});
