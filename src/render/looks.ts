/**
 * The default face's looks: a palette and a hair style each, selectable with the element's `look`
 * attribute, every colour overridable with CSS custom properties on the element:
 * `--spatius-avatar-skin`, `-hair`, `-eyes`, `-lips`, `-background`, `-shirt`.
 */
export type HairStyle = 'bob' | 'curls' | 'crop';

export interface Theme {
  skin: string;
  hair: string;
  eyes: string;
  lips: string;
  background: string;
  shirt: string;
  hairStyle: HairStyle;
}

/**
 * The default look (`aurora`): what the worker draws before the element's theme arrives. The worker imports
 * only this, not the other looks (the element resolves the look and sends the whole theme).
 */
export const DEFAULT_THEME: Readonly<Theme> = { skin: '#f2c7a5', hair: '#5b3a29', eyes: '#3f6e8c', lips: '#c8646a', background: '#dfe9f3', shirt: '#4a7bb7', hairStyle: 'bob' };

export const LOOKS: Readonly<Record<string, Theme>> = {
  aurora: DEFAULT_THEME,
  sol: { skin: '#8d5a3b', hair: '#1f1612', eyes: '#4a2e1c', lips: '#8e3f3f', background: '#f6e3c4', shirt: '#d9822b', hairStyle: 'curls' },
  nova: { skin: '#f7dccb', hair: '#d16b9a', eyes: '#5a4b8c', lips: '#b94e6c', background: '#23263a', shirt: '#2f8f83', hairStyle: 'crop' },
};

export const DEFAULT_LOOK = 'aurora';

/** The CSS custom property of each colour. */
export const THEME_PROPERTIES: Readonly<Record<Exclude<keyof Theme, 'hairStyle'>, string>> = {
  skin: '--spatius-avatar-skin',
  hair: '--spatius-avatar-hair',
  eyes: '--spatius-avatar-eyes',
  lips: '--spatius-avatar-lips',
  background: '--spatius-avatar-background',
  shirt: '--spatius-avatar-shirt',
};

/** A look with colours overridden where `overrides` has a non-empty value. */
export function resolveTheme(look: string | null | undefined, overrides: Partial<Record<string, string>> = {}): Theme {
  const base = LOOKS[look ?? ''] ?? LOOKS[DEFAULT_LOOK]!;
  const theme = { ...base };
  for (const key of Object.keys(THEME_PROPERTIES) as (keyof typeof THEME_PROPERTIES)[]) {
    const v = overrides[key]?.trim();
    if (v) theme[key] = v;
  }
  return theme;
}

/** Mixes a #rrggbb colour with black (amount < 0) or white (amount > 0). Other colour syntaxes pass through. */
export function shade(color: string, amount: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(color.trim());
  if (!m) return color;
  const n = parseInt(m[1]!, 16);
  const mix = (c: number) => Math.round(amount < 0 ? c * (1 + amount) : c + (255 - c) * amount);
  const r = mix((n >> 16) & 255), g = mix((n >> 8) & 255), b = mix(n & 255);
  return `#${((r << 16) | (g << 8) | b).toString(16).padStart(6, '0')}`;
}
