/** Attribute parsing for `<spatius-avatar>`: a missing attribute is the default; a bad one is reported and defaulted. */

export function parseBoolean(value: string | null, fallback: boolean, invalid: (value: string) => void): boolean {
  if (value === null) return fallback;
  const v = value.trim().toLowerCase();
  if (v === 'on' || v === 'true' || v === '') return true;
  if (v === 'off' || v === 'false') return false;
  invalid(value);
  return fallback;
}

export function parseMilliseconds(value: string | null, fallback: number, min: number, max: number, invalid: (value: string) => void): number {
  if (value === null) return fallback;
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    invalid(value);
    return fallback;
  }
  return n;
}

export function parseChoice<T extends string>(value: string | null, choices: readonly T[], fallback: T, invalid: (value: string) => void): T {
  if (value === null) return fallback;
  if ((choices as readonly string[]).includes(value)) return value as T;
  invalid(value);
  return fallback;
}
