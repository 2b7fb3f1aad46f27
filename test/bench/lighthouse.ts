// Lighthouse (12.2, its default mobile profile: a mid-range phone, simulated slow 4G and 4× CPU slowdown) on the
// web channel's start page, run several times because the score moves with the machine's load: the median of
// each figure is the result, and the metrics behind the score (FCP, LCP, TBT, CLS, Speed Index) and the bytes
// transferred are kept, so a run on a busy machine can be judged by the parts that do not depend on its load.
// Targets: performance ≥ 90, accessibility 100. Lighthouse drives Debian's Chromium (CHROME_PATH, default
// /usr/bin/chromium). `npm run bench -- --only lighthouse [--lighthouse-runs N]`.
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { CHROMIUM } from '../kiosk/harness.ts';

export const LIGHTHOUSE_TARGETS = { performance: 90, accessibility: 100 };

export interface LighthouseRun {
  performance: number;
  accessibility: number;
  firstContentfulPaintMs: number;
  largestContentfulPaintMs: number;
  totalBlockingTimeMs: number;
  cumulativeLayoutShift: number;
  speedIndexMs: number;
  /** Every response's bytes on the wire (compressed), as Lighthouse counts them. */
  transferredKB: number;
  /** The part of those bytes that is JavaScript. */
  scriptKB: number;
  requests: number;
  /** Main-thread work during the load as Lighthouse reports it: the time observed × its 4× CPU slowdown. */
  mainThreadMs: number;
  /** Lighthouse's measure of this machine's speed at the time (a busy machine inflates blocking time). */
  benchmarkIndex: number;
}

export interface LighthouseResult {
  url: string;
  formFactor: string;
  runs: LighthouseRun[];
  /** The median of each figure over the runs (taken figure by figure). */
  median: LighthouseRun;
  targets: typeof LIGHTHOUSE_TARGETS;
  meetsTargets: boolean;
}

const FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** One Lighthouse run in a fresh Chromium (nothing cached): the scores out of 100 and the figures behind them. */
export async function lighthouseOnce(url: string): Promise<{ run: LighthouseRun; formFactor: string }> {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env['CHROME_PATH'] || CHROMIUM,
    chromeFlags: FLAGS,
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
    });
    if (!result) throw new Error('Lighthouse returned no result');
    const { lhr } = result;
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const value = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
    const requests =
      (
        lhr.audits['network-requests']?.details as
          { items?: { transferSize?: number; resourceType?: string }[] } | undefined
      )?.items ?? [];
    const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;
    const scriptBytes = requests
      .filter((r) => r.resourceType === 'Script')
      .reduce((sum, r) => sum + (r.transferSize ?? 0), 0);
    return {
      formFactor: lhr.configSettings.formFactor,
      run: {
        performance: Math.round((lhr.categories['performance']?.score ?? 0) * 100),
        accessibility: Math.round((lhr.categories['accessibility']?.score ?? 0) * 100),
        firstContentfulPaintMs: Math.round(value('first-contentful-paint')),
        largestContentfulPaintMs: Math.round(value('largest-contentful-paint')),
        totalBlockingTimeMs: Math.round(value('total-blocking-time')),
        cumulativeLayoutShift: Math.round(value('cumulative-layout-shift') * 1000) / 1000,
        speedIndexMs: Math.round(value('speed-index')),
        transferredKB: kb(value('total-byte-weight')),
        scriptKB: kb(scriptBytes),
        requests: requests.length,
        mainThreadMs: Math.round(value('mainthread-work-breakdown')),
        benchmarkIndex: Math.round(lhr.environment.benchmarkIndex),
      },
    };
  } finally {
    chrome.kill();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round(((sorted[mid - 1]! + sorted[mid]!) / 2) * 1000) / 1000;
}

/** `runs` Lighthouse runs one after another, each in a fresh browser; the median of every figure. */
export async function lighthouseStartPage(url: string, runs = 5): Promise<LighthouseResult> {
  const results: LighthouseRun[] = [];
  let formFactor = '';
  for (let i = 0; i < runs; i++) {
    const once = await lighthouseOnce(url);
    formFactor = once.formFactor;
    results.push(once.run);
  }
  const keys = Object.keys(results[0]!) as (keyof LighthouseRun)[];
  const mid = Object.fromEntries(
    keys.map((k) => [k, median(results.map((r) => r[k]))]),
  ) as unknown as LighthouseRun;
  return {
    url,
    formFactor,
    runs: results,
    median: mid,
    targets: LIGHTHOUSE_TARGETS,
    meetsTargets:
      mid.performance >= LIGHTHOUSE_TARGETS.performance &&
      mid.accessibility >= LIGHTHOUSE_TARGETS.accessibility,
  };
}

export function printLighthouseTable(result: LighthouseResult): void {
  console.log(
    `\nLighthouse ${result.formFactor} on ${result.url} (${result.runs.length} runs; targets: performance ≥ ${result.targets.performance}, accessibility ${result.targets.accessibility})`,
  );
  const head = [
    'run',
    'perf',
    'a11y',
    'FCP ms',
    'LCP ms',
    'TBT ms',
    'CLS',
    'SI ms',
    'KB',
    'JS KB',
    'req',
    'main ms',
    'bench',
  ];
  const row = (name: string, r: LighthouseRun) =>
    [
      name,
      r.performance,
      r.accessibility,
      r.firstContentfulPaintMs,
      r.largestContentfulPaintMs,
      r.totalBlockingTimeMs,
      r.cumulativeLayoutShift,
      r.speedIndexMs,
      r.transferredKB,
      r.scriptKB,
      r.requests,
      r.mainThreadMs,
      r.benchmarkIndex,
    ]
      .map((v, i) => String(v).padStart(i === 0 ? 6 : 8))
      .join('');
  console.log(head.map((h, i) => h.padStart(i === 0 ? 6 : 8)).join(''));
  result.runs.forEach((r, i) => console.log(row(String(i + 1), r)));
  console.log(row('median', result.median));
  console.log(result.meetsTargets ? 'Targets met.' : 'Targets NOT met.');
}
