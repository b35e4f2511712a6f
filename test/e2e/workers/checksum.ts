/** FNV-1a over bytes: the round-trip test's proof that the receiver forwards exactly the sender's media bytes. */
export function fnv1a(b: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h >>> 0;
}

/** Section type the round-trip test uses for its check; receivers skip unknown sections (spec section 4). */
export const CHECK_SECTION = 0x7e;
