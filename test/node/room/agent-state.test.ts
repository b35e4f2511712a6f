import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { agentPresent, agentStateOf, findAgent } from '../../../src/room/agent-state.js';
import type { AgentCandidate } from '../../../src/room/agent-state.js';

const p = (identity: string, attributes: Record<string, string> = {}, isAgent = false): AgentCandidate => ({ identity, attributes, isAgent });

describe('agent state', () => {
  test('reads the states LiveKit Agents set, and nothing else', () => {
    for (const s of ['initializing', 'idle', 'listening', 'thinking', 'speaking']) assert.equal(agentStateOf(p('a', { 'lk.agent.state': s })), s);
    assert.equal(agentStateOf(p('a', { 'lk.agent.state': 'dancing' })), undefined);
    assert.equal(agentStateOf(p('a')), undefined);
  });

  test('the agent is the one the avatar publishes for, else the one with a state, else an agent-kind participant', () => {
    const avatar = p('avatar', { 'lk.publish_on_behalf': 'agent-2' }, true);
    const a1 = p('agent-1', { 'lk.agent.state': 'listening' }, true);
    const a2 = p('agent-2', { 'lk.agent.state': 'thinking' }, true);
    assert.deepEqual(findAgent([a1, avatar, a2], 'avatar'), { identity: 'agent-2', state: 'thinking' });
    assert.deepEqual(findAgent([p('user'), a1, a2], undefined), { identity: 'agent-1', state: 'listening' });
    assert.deepEqual(findAgent([p('avatar', {}, true), p('bare-agent', {}, true)], 'avatar'), { identity: 'bare-agent', state: undefined });
    assert.equal(findAgent([p('avatar', {}, true), p('user')], 'avatar'), undefined, 'the avatar alone is not the agent');
    assert.equal(findAgent([], undefined), undefined);
  });

  test('an agent, an avatar worker or a participant with a state counts as present', () => {
    assert.equal(agentPresent([p('user')]), false);
    assert.equal(agentPresent([p('user'), p('x', {}, true)]), true);
    assert.equal(agentPresent([p('x', { 'lk.agent.state': 'idle' })]), true);
    assert.equal(agentPresent([p('x', { 'lk.publish_on_behalf': 'agent' })]), true);
  });
});
