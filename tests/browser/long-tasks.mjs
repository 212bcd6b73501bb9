// Main-thread responsiveness, two ways:
//   - CPU time per task from a Chrome trace (traceMainThread): no task may compute 50 ms, the long-task
//     threshold of the web platform. Thread time does not grow when the OS runs other processes, so this
//     strict check holds on a loaded machine.
//   - wall time as the page sees it, PerformanceObserver('longtask') (observeLongTasks): wall time includes
//     the time the thread waited for a core, and this suite shares 2 cores with several builds; at a load
//     of about 14, tasks of under 10 ms CPU were seen to take 50 to 171 ms. So the budget there is not 50 ms:
//     no task over MAX_TASK_MS (1000 ms: a page that does not answer a click for a second is frozen,
//     and a frame's worth of work does not stretch that far), and long tasks at most MAX_SHARE of the
//     observed window (a page computing in back-to-back chunks fails, one that idles between frames
//     does not: 20% was seen under that load).
import assert from 'node:assert/strict';

export const MAX_TASK_MS = 1000;
export const MAX_SHARE = 0.75;
export const MAX_CPU_MS = 50;

/**
 * Starts observing long tasks on `page`; returns stop(), which resolves to { tasks: [{ start, duration }],
 * windowMs } covering the time since this call.
 */
export async function observeLongTasks(page) {
  await page.evaluate(() => {
    const log = { since: performance.now(), tasks: [] };
    window.__apLongTasks = log;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) log.tasks.push({ start: Math.round(e.startTime), duration: Math.round(e.duration) });
    }).observe({ type: 'longtask' });
  });
  // The observer's callback runs after the task it reports: a frame's wait lets the last one arrive.
  return () => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(() => {
    const log = window.__apLongTasks;
    done({ tasks: log.tasks, windowMs: performance.now() - log.since });
  }, 0))));
}

/** Asserts the wall-time budget above on what stop() returned; `what` names the activity in the message. */
export function assertResponsive({ tasks, windowMs }, what) {
  const total = tasks.reduce((s, t) => s + t.duration, 0);
  const seen = `${tasks.length} long tasks in ${Math.round(windowMs)} ms: ${JSON.stringify(tasks.map((t) => t.duration))}`;
  const worst = Math.max(0, ...tasks.map((t) => t.duration));
  assert.ok(worst <= MAX_TASK_MS, `${what}: a main-thread task took ${worst} ms (budget ${MAX_TASK_MS}); ${seen}`);
  assert.ok(total <= MAX_SHARE * windowMs,
            `${what}: long tasks took ${Math.round(total)} of ${Math.round(windowMs)} ms (budget ${MAX_SHARE * 100}%); ${seen}`);
  return { worst, share: windowMs > 0 ? total / windowMs : 0, count: tasks.length };
}

/**
 * Records the renderer main thread's tasks through a Chrome trace; stop() resolves to each RunTask with
 * its wall time (dur) and the CPU time the thread really spent in it (tdur), in ms.
 */
export async function traceMainThread(page) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  await cdp.send('Tracing.start', { categories: 'toplevel,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  return async () => {
    const done = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
    await cdp.send('Tracing.end');
    await done;
    // The page's main thread: the CrRendererMain thread that ran the most tasks.
    const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
    const byThread = new Map();
    for (const e of events)
      if (e.name === 'RunTask' && e.ph === 'X' && mains.has(`${e.pid}:${e.tid}`))
        byThread.set(`${e.pid}:${e.tid}`, [...(byThread.get(`${e.pid}:${e.tid}`) ?? []), e]);
    const tasks = [...byThread.values()].sort((a, b) => b.length - a.length)[0] ?? [];
    return tasks.map((e) => ({ wall: e.dur / 1000, cpu: (e.tdur ?? e.dur) / 1000 }));
  };
}

/** Asserts that no traced task computed over MAX_CPU_MS; returns the largest CPU time of a task. */
export function assertNoBusyTask(tasks, what) {
  const busy = tasks.filter((t) => t.cpu > MAX_CPU_MS);
  assert.deepEqual(busy, [], `${what}: main-thread tasks that computed over ${MAX_CPU_MS} ms: ${JSON.stringify(busy)}`);
  return Math.max(0, ...tasks.map((t) => t.cpu));
}
