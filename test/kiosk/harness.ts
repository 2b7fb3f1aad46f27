// Shared helpers of the kiosk's end-to-end tests: a fresh renderer build, the real API serving it, Debian's
// Chromium through Playwright, axe checks and screenshots (test-output/screenshots, git-ignored).
/// <reference lib="dom" />
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { startApi, type ApiOptions, type RunningApi } from '../../query-api/src/app.ts';
import {
  readDemoCredentials as readCredentials,
  type DemoCredentials,
} from '../../query-api/src/generator/index.ts';

// The generator's own type and reader: tests read exactly what it writes.
export { readCredentials, type DemoCredentials };

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RENDERER_DIST = join(ROOT, 'renderer', 'dist');
export const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export function insured(credentials: DemoCredentials, profile: string): DemoCredentials['insured'][number] {
  const found = credentials.insured.find((i) => i.profile === profile);
  if (!found) throw new Error(`no demo identity with profile ${profile}`);
  return found;
}

/** The kiosk client's key as X-Client-Key expects it (`<clientId>.<secret>`). */
export function kioskKey(credentials: DemoCredentials): string {
  const client = credentials.clients.find((c) => c.channel === 'kiosk');
  if (!client) throw new Error('no kiosk client in the demo credentials');
  return client.key.includes('.') ? client.key : `${client.clientId}.${client.key}`;
}

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Builds renderer/dist when it is missing or older than its sources (the screens or the shared texts). */
export function ensureRendererBuilt(): void {
  const index = join(RENDERER_DIST, 'index.html');
  const sources = [
    join(ROOT, 'renderer', 'src'),
    join(ROOT, 'renderer', 'index.html'),
    join(ROOT, 'renderer', 'vite.config.ts'),
    join(ROOT, 'shared', 'src'),
  ];
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: join(ROOT, 'renderer'),
      stdio: 'inherit',
      // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build (twice the size).
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
}

/**
 * The real API on loopback serving the built renderer; the web channel's rate limit raised for a fast test. The
 * answer names the API's private data folder (for the operator commands a test runs against it).
 */
export async function startKioskApi(
  dataDir: string,
  extra: Partial<ApiOptions> = {},
): Promise<RunningApi & { dataDir: string }> {
  // Each API writes its query log into a copy of its own: the shared demo set stays as built for the tests that copy it.
  const copy = copyDataDir(dataDir).dir;
  const api = await startApi({
    dataDir: copy,
    port: 0,
    staticDir: RENDERER_DIST,
    rateLimits: { web: { perSecond: 500, burst: 1000 } },
    ...extra,
  });
  return Object.assign(api, { dataDir: copy });
}

/** A private copy of the demo data (for tests that lock identities out or stop the API). */
export function copyDataDir(dataDir: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'consulta-kiosk-'));
  cpSync(dataDir, dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-gpu',
    ],
  });
}

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'];

/** Runs axe on the page and returns the violations as readable lines (empty when none). */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(' | ')}`,
  );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Every interactive element's box: touch targets must be `min` × `min` px or more (44 web, 64 kiosk). */
export async function smallTargets(page: Page, min = 44): Promise<string[]> {
  return page.$$eval(
    'button, a[href], input',
    (elements, min) =>
      elements
        .filter((e) => (e as HTMLElement).offsetParent !== null && !e.classList.contains('skip'))
        .map((e) => ({
          text: (e.textContent || (e as HTMLInputElement).name || e.tagName).trim(),
          box: e.getBoundingClientRect(),
        }))
        .filter(({ box }) => box.width < min || box.height < min)
        .map(({ text, box }) => `${text} ${Math.round(box.width)}×${Math.round(box.height)}`),
    min,
  );
}

/**
 * Text cut or overflowing: the page scrolls sideways, or an element's content is wider than its box (an input
 * whose value scrolls, a cell whose text spills, a child that sticks out of its parent). Returns readable lines.
 */
export async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1)
      found.push(`the page scrolls sideways (${root.scrollWidth} > ${root.clientWidth})`);
    const describe = (e: Element) =>
      `${e.tagName.toLowerCase()}${e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''} "${(e.textContent || (e as HTMLInputElement).value || '').trim().slice(0, 40)}"`;
    for (const e of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
      if (e.closest('.visually-hidden, .skip, svg') || e.offsetParent === null) continue;
      const style = getComputedStyle(e);
      if (e.scrollWidth > e.clientWidth + 1 && (style.overflowX !== 'visible' || e.tagName === 'INPUT'))
        found.push(`${describe(e)} content ${e.scrollWidth} px in a ${e.clientWidth} px box`);
      const parent = e.parentElement;
      if (!parent || parent === document.body) continue;
      const box = e.getBoundingClientRect();
      const outer = parent.getBoundingClientRect();
      if (box.width > 0 && (box.right > outer.right + 1 || box.left < outer.left - 1))
        found.push(
          `${describe(e)} sticks out of its parent by ${Math.round(Math.max(box.right - outer.right, outer.left - box.left))} px`,
        );
    }
    return found.slice(0, 10);
  });
}

/** snake_case words and dotted paths (person.nationalId) and API paths: developer text, never for people. */
export const IDENTIFIER = /\b[a-z]+(?:_[a-z0-9]+)+\b|\b[a-z]+\.[a-z]+[A-Z][A-Za-z]*\b|\/v1\//;

/** Identifier-looking text anywhere a person reads or hears it: the rendered text, labels, titles. */
export async function identifierText(page: Page): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const out = [document.body.innerText, document.title];
    for (const e of Array.from(document.querySelectorAll('[aria-label], [title], [alt], [placeholder]')))
      for (const a of ['aria-label', 'title', 'alt', 'placeholder']) out.push(e.getAttribute(a) ?? '');
    return out;
  });
  return texts.flatMap((t) => t.split('\n')).filter((line) => IDENTIFIER.test(line));
}

export type Layout = 'web' | 'kiosk';
/** The viewports every screen is checked at: the web's desktop and phone, the kiosk's portrait screen. */
export const VIEWPORTS: Record<Layout, { name: string; width: number; height: number }[]> = {
  web: [
    { name: 'desktop', width: 1280, height: 1024 },
    { name: 'phone', width: 390, height: 844 },
  ],
  kiosk: [{ name: 'portrait', width: 1080, height: 1920 }],
};

/**
 * Waits for the screen to settle, then checks it: axe and touch targets once; overflow and identifier-looking
 * text at every viewport of the layout in normal and large text; a screenshot per viewport.
 */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await page.locator('.loading').waitFor({ state: 'detached' });
  const layout = ((await page.getAttribute('html', 'data-layout')) ?? 'web') as Layout;
  // From the top, as a person arrives on the screen (axe's target-size check reads what covers each target).
  await page.evaluate(() => window.scrollTo(0, 0));
  // axe on every screen of the web layout; the kiosk layout differs in its keypads, so axe runs on those there.
  if (layout === 'web' || (await page.locator('.keypad').count()) > 0)
    expect(await axeViolations(page), `axe on ${name}`).toEqual([]);
  expect(await smallTargets(page, layout === 'kiosk' ? 64 : 44), `touch targets on ${name}`).toEqual([]);
  expect(await identifierText(page), `identifier-looking text on ${name}`).toEqual([]);
  const text = (await page.locator('body').innerText()) ?? '';
  expect(text, `a currency sign other than the language's on ${name}`).not.toMatch(/¥/);
  const start = page.viewportSize();
  for (const viewport of VIEWPORTS[layout]) {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    for (const large of [false, true]) {
      if (large) await page.getByTestId('large-text').click();
      await page.waitForFunction(
        (large) => document.documentElement.dataset['text'] === (large ? 'large' : 'normal'),
        large,
      );
      const where = `${name} at ${viewport.name}${large ? ', large text' : ''}`;
      // Tables re-measure on resize (a ResizeObserver, then a render): give the layout a moment to settle.
      await expect
        .poll(() => overflowing(page), { message: `text cut or overflowing on ${where}`, timeout: 5_000 })
        .toEqual([]);
      if (large) await page.getByTestId('large-text').click();
    }
    await screenshot(page, `${layout}-${name}-${viewport.name}`);
  }
  if (start) await page.setViewportSize(start);
}
