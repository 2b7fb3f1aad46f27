// The web version as people move through it, in Debian's Chromium against the real API: the browser's Back button
// stays within the visit and keeps the session, the language stays until logout, an expired authorisation gets
// its own message, times are the agency's with the zone named, a retiree's summary shows the pension, and the
// served files are compressed and cached while personal answers are not.
/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningApi } from '../../query-api/src/app.ts';
import { COMMON } from '../../shared/src/messages/common.ts';
import { KIOSK_MESSAGES } from '../../shared/src/messages/kiosk.ts';
import {
  axeViolations,
  ensureRendererBuilt,
  insured,
  launchBrowser,
  readCredentials,
  screenshot,
  startKioskApi,
  type DemoCredentials,
} from './harness.ts';

let api: RunningApi;
let madrid: RunningApi;
let browser: Browser;
let credentials: DemoCredentials;

beforeAll(async () => {
  ensureRendererBuilt();
  const dataDir = inject('demoDataDir');
  credentials = readCredentials(dataDir);
  api = await startKioskApi(dataDir);
  madrid = await startKioskApi(dataDir, { timeZone: 'Europe/Madrid' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
  await madrid?.close();
});

async function newPage(url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  page.on('close', () => void context.close());
  await page.goto(url);
  return page;
}

async function login(page: Page, lang: 'es' | 'en' | 'zh-CN', profile = 'worker-arrears'): Promise<void> {
  const who = insured(credentials, profile);
  await page.getByTestId(`lang-${lang}`).click();
  await page.getByTestId('start-insured').click();
  await page.getByTestId('national-id').fill(who.nationalId);
  await page.getByTestId('id-next').click();
  await page.getByTestId('pin').fill(who.pin);
  await page.getByTestId('pin-submit').click();
  await page.getByTestId('summary').waitFor();
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

describe('the browser Back button', () => {
  it('goes back one screen within the session and never leaves it or shows the login again', async () => {
    const page = await newPage(`${api.url}/`);
    const origin = new URL(api.url).origin;
    await login(page, 'en');
    await page.getByTestId('menu-benefits').click();
    await page.getByTestId('as-of').waitFor();
    await page.goBack();
    await page.getByTestId('summary').waitFor();
    await expect(h1(page)).resolves.toBe(KIOSK_MESSAGES.en.menu.title);
    // Back from the menu: the PIN screen is not shown again and the session stays.
    await page.goBack();
    await page.waitForTimeout(300);
    expect(new URL(page.url()).origin).toBe(origin);
    await expect(h1(page)).resolves.toBe(KIOSK_MESSAGES.en.menu.title);
    await page.getByTestId('menu-registration').click();
    await page.getByTestId('as-of').waitFor();
    // Nothing of the person in the address or the history's state.
    expect(page.url()).toBe(`${api.url}/`);
    const state = await page.evaluate(() => JSON.stringify(window.history.state));
    expect(state).toMatch(/^\{"consulta":\d+\}$/);
    await page.close();
  });

  it('before login goes back through the steps', async () => {
    const page = await newPage(`${api.url}/`);
    await page.getByTestId('start-employer').click();
    await page.getByTestId('unit-number').waitFor();
    await page.goBack();
    await page.getByTestId('start-insured').waitFor();
    await page.close();
  });
});

describe('language', () => {
  it('stays after "back to the start" and goes with the session at logout', async () => {
    const page = await newPage(`${api.url}/`);
    await page.getByTestId('lang-zh-CN').click();
    await page.getByTestId('start-insured').click();
    await page.getByTestId('logout').click();
    await page.getByTestId('start-insured').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await expect(h1(page)).resolves.toBe(KIOSK_MESSAGES['zh-CN'].start.title);
    await login(page, 'zh-CN');
    await page.getByTestId('logout').click();
    await page.getByTestId('start-insured').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    await page.close();
  });
});

describe('messages', () => {
  it('an expired authorisation is said to have expired, in the chosen language', async () => {
    const expired = credentials.delegates.find((d) => new Date(d.validUntil ?? 0) < new Date())!;
    expect(expired).toBeDefined();
    const page = await newPage(`${api.url}/`);
    await page.getByTestId('lang-en').click();
    await page.getByTestId('start-delegate').click();
    await page.getByTestId('delegate-id').fill(expired.delegateNationalId);
    await page.getByTestId('delegate-next').click();
    await page.getByTestId('authorization-code').fill(expired.authorizationCode);
    await page.getByTestId('delegate-submit').click();
    const alert = page.locator('[data-code="authorization_expired"]');
    await alert.waitFor();
    await expect(h1(page)).resolves.toBe(KIOSK_MESSAGES.en.errors.problems.authorization_expired.title);
    await expect(alert.textContent()).resolves.toBe(
      KIOSK_MESSAGES.en.errors.problems.authorization_expired.text,
    );
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'en-40-authorisation-expired');
    await page.close();
  });

  it("a retiree's summary shows the pension", async () => {
    const page = await newPage(`${api.url}/`);
    await login(page, 'en', 'retiree');
    const benefit = page.getByTestId('summary-benefit');
    await expect(benefit.textContent()).resolves.toContain(COMMON.en.benefit.pension);
    await expect(benefit.textContent()).resolves.toMatch(/CNY\u00a0[\d,]+\.\d\d/);
    await screenshot(page, 'en-41-retiree-summary');
    await page.close();
  });
});

describe('times', () => {
  it("are the agency's, with the zone named (default Asia/Shanghai; AGENCY_TIME_ZONE changes it)", async () => {
    const page = await newPage(`${api.url}/`);
    await login(page, 'en');
    await expect(page.getByTestId('as-of').textContent()).resolves.toContain('China Standard Time');
    await page.close();
    const other = await newPage(`${madrid.url}/`);
    await login(other, 'en');
    await expect(other.getByTestId('as-of').textContent()).resolves.toMatch(/Central European/);
    await other.close();
  });
});

describe('served files', () => {
  it('compressed, hashed assets cached for a year, personal answers never cached', async () => {
    const page = await (await fetch(`${api.url}/`, { headers: { 'accept-encoding': 'br' } })).text();
    const script = /src="\.\/(assets\/index-[^"]+\.js)"/.exec(page)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${api.url}/${script}`, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(asset.headers.get('content-encoding')).toBe('br');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const disclosure = await fetch(`${api.url}/v1/disclosure`);
    expect(disclosure.headers.get('cache-control')).toBe('no-store');
  });
});
