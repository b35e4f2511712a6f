/**
 * The script URLs this package starts by itself (the motion worker, the publisher's sender worker), made
 * acceptable to `new Worker` where a page enforces Trusted Types (`require-trusted-types-for 'script'`).
 *
 * One Trusted Types policy, `spatius-avatar`, made once per page (a module shared by every entry of the
 * module build), lets through the URLs registered here and nothing else. Where the page's `trusted-types`
 * directive does not allow the name (or a second copy of this package already made it), the policy is not
 * made and the plain URL is returned: the browser then asks the page's default policy, or refuses, and the
 * caller reports what `new Worker` threw.
 */

/** A TrustedScriptURL (not in TypeScript's DOM types): an object whose string (and JSON) is the URL. */
export interface TrustedScriptURLLike {
  toJSON(): string;
  toString(): string;
}

interface TrustedTypePolicyLike {
  createScriptURL(url: string): TrustedScriptURLLike;
}
interface TrustedTypesLike {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): TrustedTypePolicyLike;
}

const own = new Set<string>();
let policy: TrustedTypePolicyLike | null | undefined;

/** `url` (one of our own scripts) as a TrustedScriptURL where Trusted Types exist, else as it is. */
export function ownScriptUrl(url: string): string | TrustedScriptURLLike {
  own.add(url);
  if (policy === undefined) {
    const tt = (globalThis as { trustedTypes?: TrustedTypesLike }).trustedTypes;
    try {
      policy = tt?.createPolicy('spatius-avatar', {
        createScriptURL: (u) => {
          if (!own.has(u)) throw new TypeError(`spatius-avatar: ${u} is not one of its own scripts`);
          return u;
        },
      }) ?? null;
    } catch {
      policy = null; // the page's trusted-types directive does not allow our policy
    }
  }
  return policy ? policy.createScriptURL(url) : url;
}
