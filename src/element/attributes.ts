/**
 * The attributes of `<spatius-avatar>` that take a constrained value: how each is parsed, its default and
 * what it expects. The same rule gives the Lit converter (so the property always holds a valid value of
 * its type) and the `invalid-attribute` report, made once when the attribute changes to a bad value; and it
 * checks the value a page sets as the property (`propertyValue`, `invalidPropertyMessage`).
 */
import type { LogLevel, LookName, RendererName } from '../core/event-details.js';

export interface AttributeRule<T> {
  /** The value of the attribute (null: absent), or undefined when it is invalid. */
  parse(value: string | null): T | undefined;
  fallback: T;
  /** What a valid value looks like, for the report. */
  expected: string;
  /** What a valid value of the property looks like, when not `expected`. */
  expectedProperty?: string;
}

function choice<T extends string>(choices: readonly T[], fallback: T): AttributeRule<T> {
  return {
    parse: (v) => (v === null ? fallback : (choices as readonly string[]).includes(v.trim()) ? (v.trim() as T) : undefined),
    fallback,
    expected: choices.join(', '),
  };
}

function number(fallback: number, min: number, max: number, unit = ''): AttributeRule<number> {
  return {
    parse: (v) => {
      if (v === null) return fallback;
      const n = Number(v.trim());
      return v.trim() !== '' && Number.isFinite(n) && n >= min && n <= max ? n : undefined;
    },
    fallback,
    expected: `a number${unit} from ${min} to ${max}`,
  };
}

const onOff: AttributeRule<boolean> = {
  parse: (v) => {
    if (v === null) return true;
    const t = v.trim().toLowerCase();
    return t === 'on' || t === 'true' || t === '' ? true : t === 'off' || t === 'false' ? false : undefined;
  },
  fallback: true,
  expected: 'on or off',
  expectedProperty: 'a boolean (or "on", "off")',
};

/**
 * A flag (`mic`, `muted`, `manual`, `captions`, `start-button`), off when absent. Unlike an HTML boolean
 * attribute, whose mere presence means on, `"off"` and `"false"` mean off, as the README's on/off words
 * and a framework writing `false` as text (Vue's `:start-button="false"`) expect: `mic="off"` must never turn
 * the microphone on. Present and empty, `on`, `true` or its own name: on. Anything else is reported, and off.
 */
function flag(name: string): AttributeRule<boolean> {
  return {
    parse: (v) => {
      if (v === null) return false;
      const t = v.trim().toLowerCase();
      return t === '' || t === 'on' || t === 'true' || t === name ? true : t === 'off' || t === 'false' ? false : undefined;
    },
    fallback: false,
    expected: 'on or off (present and empty: on)',
    expectedProperty: 'a boolean (or "on", "off")',
  };
}

/** Every validated attribute, by attribute name. */
export const ATTRIBUTE_RULES = {
  'jitter-buffer': onOff,
  'max-buffer-delay': number(80, 0, 1000, ' of ms'),
  'stall-timeout': number(3000, 100, 600000, ' of ms'),
  renderer: choice<RendererName>(['default', 'none'], 'default'),
  look: choice<LookName>(['aurora', 'sol', 'nova'], 'aurora'),
  'log-level': choice<LogLevel>(['info', 'warning', 'error', 'none'], 'warning'),
  volume: number(1, 0, 1),
  'agent-timeout': number(20000, 0, 600000, ' of ms (0: never)'),
  mic: flag('mic'),
  muted: flag('muted'),
  manual: flag('manual'),
  captions: flag('captions'),
  'start-button': flag('start-button'),
} as const;

export type ValidatedAttribute = keyof typeof ATTRIBUTE_RULES;

/** A Lit converter from a rule: invalid values become the default (the report is made elsewhere). */
export function converter<T>(rule: AttributeRule<T>): { fromAttribute(value: string | null): T } {
  return { fromAttribute: (value) => rule.parse(value) ?? rule.fallback };
}

/** The report for a bad value of `name`, or undefined when the value is fine. */
export function invalidAttributeMessage(name: string, value: string | null): string | undefined {
  const rule = (ATTRIBUTE_RULES as Record<string, AttributeRule<unknown>>)[name];
  if (!rule || rule.parse(value) !== undefined) return undefined;
  return `${name}="${value}" is not ${rule.expected}; using the default (${String(rule.fallback === true ? 'on' : rule.fallback === false ? 'off' : rule.fallback)})`;
}

/**
 * The value a page's script sets as the property, checked by the attribute's rule: a value of the rule's type
 * is read as the attribute would be (so a number is range-checked, NaN and Infinity refused), a string as the
 * attribute text (what frameworks pass from a template: `'50'`, `'off'`), null and undefined give the
 * default; undefined when it is invalid (another type, out of range, unknown).
 */
export function propertyValue<T>(rule: AttributeRule<T>, value: unknown): T | undefined {
  if (value === null || value === undefined) return rule.fallback;
  if (typeof value === 'string') return rule.parse(value);
  if (typeof value !== typeof rule.fallback) return undefined;
  return rule.parse(String(value));
}

/** The report for a bad value set as the property `name` (checked by `rule`). */
export function invalidPropertyMessage(name: string, rule: AttributeRule<unknown>, value: unknown): string {
  return `${name} = ${show(value)} is not ${rule.expectedProperty ?? rule.expected}; using the default (${String(rule.fallback)})`;
}

/** The value as the report quotes it: a string quoted, an array or other object (a function too) named, anything else as text (NaN, true). */
function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  return Object(value) === value ? (Array.isArray(value) ? 'an array' : 'an object') : String(value);
}
