// Where a page's main-thread time goes: a DevTools trace (devtools.timeline and toplevel) of the renderer's
// main thread (CrRendererMain), summed as top-level tasks, and broken down by event name and by the script
// functions called from the browser (FunctionCall), inclusive durations.
import type { Page } from 'puppeteer-core';

interface TraceEvent { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; args?: { name?: string; data?: { functionName?: string; type?: string }; renderer_main_thread_task_execution?: { task_type?: string } } }

export interface TraceSummary {
  seconds: number;
  /** Top-level tasks on the main thread (RunTask and the like, ph X at the top), ms per second. */
  tasksMsPerS: number;
  /** ms per second, inclusive, the largest first. */
  byName: [string, number][];
  byFunction: [string, number][];
  byEventType: [string, number][];
  /** The scheduler's task types (ThreadControllerImpl::RunTask), and what ran outside it (mojo IPC and the like). */
  byTaskType: [string, number][];
}

export async function traceMainThread(page: Page, ms: number): Promise<TraceSummary> {
  await page.tracing.start({ categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'v8.execute', 'scheduler', 'sequence_manager'] });
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, ms));
  const buffer = await page.tracing.stop();
  const seconds = (Date.now() - t0) / 1000;
  const events = (JSON.parse(new TextDecoder().decode(buffer)) as { traceEvents: TraceEvent[] }).traceEvents;
  // the main thread with the most complete events (the page's own renderer)
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`);
  const count = new Map<string, number>();
  for (const e of events) if (e.ph === 'X') count.set(`${e.pid}:${e.tid}`, (count.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
  const main = mains.sort((a, b) => (count.get(b) ?? 0) - (count.get(a) ?? 0))[0];
  const on = events.filter((e) => e.ph === 'X' && `${e.pid}:${e.tid}` === main && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  let tasks = 0, end = -Infinity;
  const byTaskType = new Map<string, number>(), byName = new Map<string, number>(), byFunction = new Map<string, number>(), byEventType = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  for (const e of on) {
    if (e.ts >= end) { tasks += e.dur!; end = e.ts + e.dur!; } // top level: not inside the previous top-level event
    add(byName, e.name, e.dur!);
    if (e.name === 'ThreadControllerImpl::RunTask') add(byTaskType, (e.args?.renderer_main_thread_task_execution?.task_type ?? '?').replace(/^TASK_TYPE_/, ''), e.dur!);
    if (e.name === 'FunctionCall') add(byFunction, e.args?.data?.functionName || '(anonymous)', e.dur!);
    if (e.name === 'EventDispatch') add(byEventType, e.args?.data?.type || '?', e.dur!);
  }
  add(byTaskType, 'outside the scheduler (IPC…)', tasks - [...byTaskType.values()].reduce((a, b) => a + b, 0));
  const top = (m: Map<string, number>, n: number): [string, number][] => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => [k, v / 1000 / seconds]);
  return { seconds, tasksMsPerS: tasks / 1000 / seconds, byName: top(byName, 8), byTaskType: top(byTaskType, 6), byFunction: top(byFunction, 8), byEventType: top(byEventType, 5) };
}
