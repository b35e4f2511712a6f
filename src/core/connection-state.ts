/** Connection states, as in Spatius AvatarKit's AvatarPlayer; reflected as the host attribute `state`. */
export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting' | 'failed';
