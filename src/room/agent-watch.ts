/**
 * The agent participant of one Room: reports who it is and its `lk.agent.state` whenever that changes, and
 * whether an agent or an avatar worker is in the room at all (rules in src/room/agent-state.ts).
 */
import { RoomEvent } from 'livekit-client';
import type { Room } from 'livekit-client';
import { agentPresent, findAgent } from './agent-state.js';
import type { AgentInfo } from './agent-state.js';

export type { AgentInfo };

export class AgentWatch {
  #last = '';
  readonly #check = (): void => this.evaluate();

  readonly #room: Room;
  readonly #avatar: () => string | undefined;
  readonly #onAgent: (agent: AgentInfo | undefined, present: boolean) => void;

  constructor(
    room: Room,
    avatar: () => string | undefined,
    onAgent: (agent: AgentInfo | undefined, present: boolean) => void,
  ) {
    this.#room = room;
    this.#avatar = avatar;
    this.#onAgent = onAgent;
    room
      .on(RoomEvent.ParticipantConnected, this.#check)
      .on(RoomEvent.ParticipantDisconnected, this.#check)
      .on(RoomEvent.ParticipantAttributesChanged, this.#check)
      .on(RoomEvent.Connected, this.#check);
  }

  /** Looks again (the avatar changed, or a participant came, went or changed its attributes). */
  evaluate(): void {
    const participants = [...this.#room.remoteParticipants.values()];
    const agent = findAgent(participants, this.#avatar());
    const present = agentPresent(participants);
    const key = JSON.stringify([agent?.identity, agent?.state, present, this.#avatar()]);
    if (key === this.#last) return;
    this.#last = key;
    this.#onAgent(agent, present);
  }

  stop(): void {
    this.#room
      .off(RoomEvent.ParticipantConnected, this.#check)
      .off(RoomEvent.ParticipantDisconnected, this.#check)
      .off(RoomEvent.ParticipantAttributesChanged, this.#check)
      .off(RoomEvent.Connected, this.#check);
  }
}
