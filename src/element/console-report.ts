/**
 * The element's own console lines, by `log-level`: a page with no script (a CMS template) sees what went wrong
 * only there, since `error` events do not bubble. A fatal error is `console.error` (levels info, warning,
 * error), another `console.warn` (info, warning), the voice blocked by autoplay `console.info` (info only: it is
 * the usual state of a page nobody has clicked yet). The message has its tokens redacted.
 */
import type { LogLevel } from '../core/event-details.js';
import { redactTokens } from '../core/errors.js';
import type { SpatiusAvatarError } from '../core/errors.js';

const RANK: Record<LogLevel, number> = { info: 0, warning: 1, error: 2, none: 3 };

export function logReport(error: SpatiusAvatarError, level: LogLevel, token: string, out: Pick<Console, 'error' | 'warn' | 'info'> = console): void {
  const [needed, write] = error.fatal ? [RANK.error, out.error] : error.code === 'audio-blocked' ? [RANK.info, out.info] : [RANK.warning, out.warn];
  if (RANK[level] > needed) return;
  write.call(out, `<spatius-avatar> ${error.code}${error.fatal ? ' (fatal)' : ''}: ${redactTokens(error.message, token)}`);
}
