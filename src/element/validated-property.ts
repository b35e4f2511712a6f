/**
 * `@validated(attribute)`: the property of a validated attribute (src/element/attributes.ts) checks what a
 * page's script sets, by the attribute's rule. A value outside it is replaced by the default at once (so the
 * property reads back the value used, and no bad value reaches the worker) and queued as a non-fatal
 * `invalid-attribute` report, which the element fires after its next update (`takePropertyReports`), as it
 * does for attributes. Put it under Lit's `@property()`, which then wraps this accessor (a Lit "wrapped"
 * accessor: it still requests the update and reflects). The attribute's own path sets the property to an
 * already valid value, so a bad attribute is reported once, by the attribute.
 */
import type { ReactiveElement } from 'lit';
import { SpatiusAvatarError } from '../core/errors.js';
import { ATTRIBUTE_RULES, invalidPropertyMessage, propertyValue } from './attributes.js';
import type { AttributeRule, ValidatedAttribute } from './attributes.js';

const pending = new WeakMap<object, SpatiusAvatarError[]>();

export function validated(attribute: ValidatedAttribute) {
  const rule = ATTRIBUTE_RULES[attribute] as AttributeRule<unknown>;
  return (proto: ReactiveElement, name: string): void => {
    const values = new WeakMap<object, unknown>();
    Object.defineProperty(proto, name, {
      get(this: ReactiveElement): unknown {
        return values.has(this) ? values.get(this) : rule.fallback;
      },
      set(this: ReactiveElement, value: unknown) {
        const valid = propertyValue(rule, value);
        values.set(this, valid === undefined ? rule.fallback : valid);
        if (valid !== undefined) return;
        const reports = pending.get(this) ?? [];
        reports.push(new SpatiusAvatarError('invalid-attribute', invalidPropertyMessage(name, rule, value), false));
        pending.set(this, reports);
        this.requestUpdate(); // reported after the update, as an attribute's (the value may not have changed)
      },
      configurable: true,
      enumerable: true,
    });
  };
}

/** The reports of bad property values queued on `host` since the last call. */
export function takePropertyReports(host: object): SpatiusAvatarError[] {
  const reports = pending.get(host) ?? [];
  pending.delete(host);
  return reports;
}
