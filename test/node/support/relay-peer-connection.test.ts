// The page side of the UDP relay: which of the server's ICE candidates are pointed at the relay, and where.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rewriteCandidate } from '../../support/relay-peer-connection.js';

const SERVER_UDP = 7882;
const udp = (address: string, port: number) => `candidate:1 1 udp 2130706431 ${address} ${port} typ host ufrag x`;

test("the server's loopback UDP candidate goes to the relay: 127.0.0.1 by default, or the relay's own host", () => {
  assert.equal(rewriteCandidate(udp('127.0.0.1', SERVER_UDP), SERVER_UDP, 40000), udp('127.0.0.1', 40000));
  assert.equal(rewriteCandidate(udp('127.0.0.1', SERVER_UDP), SERVER_UDP, 40000, '192.0.2.2'), udp('192.0.2.2', 40000));
});

test('TCP candidates and the server port on other addresses are dropped; other ports and malformed lines stay', () => {
  assert.equal(rewriteCandidate(`candidate:2 1 tcp 1 127.0.0.1 ${SERVER_UDP} typ host tcptype passive`, SERVER_UDP, 40000, '192.0.2.2'), null);
  assert.equal(rewriteCandidate(udp('fd00::1', SERVER_UDP), SERVER_UDP, 40000, '192.0.2.2'), null);
  assert.equal(rewriteCandidate(udp('127.0.0.1', 9999), SERVER_UDP, 40000, '192.0.2.2'), udp('127.0.0.1', 9999));
  assert.equal(rewriteCandidate('candidate:garbage', SERVER_UDP, 40000), 'candidate:garbage');
});
