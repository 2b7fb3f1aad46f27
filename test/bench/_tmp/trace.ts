import { launchBrowser } from '../../kiosk/harness.ts';
const url = process.argv[2]!;
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 412, height: 823 } });
const cdp = await page.context().newCDPSession(page);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'loading'] });
await page.goto(url, { waitUntil: 'networkidle' });
await page.waitForTimeout(1500);
const buf = await browser.stopTracing();
const events = (JSON.parse(buf.toString()).traceEvents ?? JSON.parse(buf.toString())) as any[];
const main = events.find((e) => e.name === 'firstContentfulPaint');
const mainEvents = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
const t0 = Math.min(...events.filter((e) => e.name === 'navigationStart' || e.name === 'TracingStartedInBrowser').map((e) => e.ts));
const big = mainEvents.filter((e) => e.dur > 30000); const nm: Record<string, number> = {}; for (const e of big) nm[e.name] = (nm[e.name] ?? 0) + 1; console.log(nm);
const tasks = mainEvents.filter((e) => (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && e.dur > 15000);
for (const t of tasks) {
  const inner = mainEvents.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur);
  const agg: Record<string, number> = {};
  for (const e of inner) if (['EvaluateScript','FunctionCall','UpdateLayoutTree','Layout','ParseHTML','v8.compile','TimerFire','FireAnimationFrame','RunMicrotasks','v8.run','Paint','PrePaint','ParseAuthorStyleSheet','HitTest','EventDispatch','v8.evaluateModule','Commit'].includes(e.name)) agg[e.name] = (agg[e.name] ?? 0) + e.dur / 1000;
  console.log(((t.ts - t0) / 1000).toFixed(0), 'ms task', (t.dur / 1000).toFixed(0), 'ms', JSON.stringify(Object.fromEntries(Object.entries(agg).map(([k, v]) => [k, Math.round(v)]))));
}
for (const e of events.filter((e) => ['firstContentfulPaint','largestContentfulPaint::Candidate','firstPaint'].includes(e.name))) console.log(e.name, ((e.ts - t0) / 1000).toFixed(0));
await browser.close();
