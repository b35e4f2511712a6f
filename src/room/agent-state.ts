/**
 * Which participant is "the agent" and what state it is in (docs/decisions.md): LiveKit Agents publish the
 * agent's state as the participant attribute `lk.agent.state`, and an avatar worker that publishes for an
 * agent names it in `lk.publish_on_behalf`. Pure: a room feeds it its participants.
 */
import type { AgentState } from '../core/event-details.js';

export const AGENT_STATE_ATTRIBUTE = 'lk.agent.state';
/** The attribute LiveKit Agents' avatar plugins set on the avatar participant: the agent it speaks for. */
export const PUBLISH_ON_BEHALF = 'lk.publish_on_behalf';

const STATES: readonly string[] = ['initializing', 'idle', 'listening', 'thinking', 'speaking'] satisfies AgentState[];

/** What the rule reads of a participant (livekit-client's `isAgent`: kind AGENT or the agent grant). */
export interface AgentCandidate {
  identity: string;
  isAgent: boolean;
  attributes: Readonly<Record<string, string>>;
}

export interface AgentInfo {
  identity: string;
  /** Undefined until the agent sets a known `lk.agent.state`. */
  state?: AgentState;
}

/** The state in `lk.agent.state`, or undefined when absent or not one LiveKit Agents uses. */
export function agentStateOf(p: AgentCandidate): AgentState | undefined {
  const value = p.attributes[AGENT_STATE_ATTRIBUTE];
  return value !== undefined && STATES.includes(value) ? (value as AgentState) : undefined;
}

/**
 * The agent among the remote participants: the one the avatar publishes on behalf of, when present; else
 * the first that carries `lk.agent.state`; else the first agent-kind participant that is not the avatar
 * (its state unknown yet). Undefined when there is none.
 */
export function findAgent(participants: Iterable<AgentCandidate>, avatarIdentity: string | undefined): AgentInfo | undefined {
  const all = [...participants];
  const avatar = all.find((p) => p.identity === avatarIdentity);
  const onBehalf = avatar?.attributes[PUBLISH_ON_BEHALF];
  const agent = (onBehalf ? all.find((p) => p.identity === onBehalf) : undefined)
    ?? all.find((p) => agentStateOf(p) !== undefined)
    ?? all.find((p) => p.isAgent && p.identity !== avatarIdentity);
  return agent ? { identity: agent.identity, state: agentStateOf(agent) } : undefined;
}

/** Whether an agent or an avatar worker is in the room (for `agent-timeout`). */
export function agentPresent(participants: Iterable<AgentCandidate>): boolean {
  for (const p of participants) {
    if (p.isAgent || agentStateOf(p) !== undefined || p.attributes[PUBLISH_ON_BEHALF]) return true;
  }
  return false;
}
