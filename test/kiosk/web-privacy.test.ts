// Privacy and resilience of the kiosk in Chromium against the real API: idle warning and logout leaving nothing
// behind, the API stopped mid-session, an expired session, lock-out, spoken guidance that never speaks the PIN,
// keyboard-only use, and the high-contrast and large-text switches.
/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningApi } from '../../query-api/src/app.ts';
import { KIOSK_MESSAGES } from '../../shared/src/messages/kiosk.ts';
import {
  axeViolations,
  copyDataDir,
  ensureRendererBuilt,
  insured,
  launchBrowser,
  readCredentials,
  screenshot,
  startKioskApi,
  type DemoCredentials,
} from './harness.ts';

let browser: Browser;
let credentials: DemoCredentials;
let dataDir: string;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  ensureRendererBuilt();
  dataDir = inject('demoDataDir');
  credentials = readCredentials(dataDir);
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await browser?.close();
});

/** A private copy of the data and an API of its own, so stopping or locking affects no other test. */
async function privateApi(options: Parameters<typeof startKioskApi>[1] = {}): Promise<RunningApi> {
  const copy = copyDataDir(dataDir);
  const api = await startKioskApi(copy.dir, options);
  let closed = false;
  cleanups.push(async () => {
    if (!closed) await api.close();
    copy.remove();
  });
  return {
    url: api.url,
    close: async () => {
      closed = true;
      await api.close();
    },
  };
}

async function newPage(url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1024 } });
  const page = await context.newPage();
  page.on('close', () => void context.close());
  await page.goto(url);
  return page;
}

async function loginWorker(
  page: Page,
  lang: 'es' | 'en' | 'zh-CN',
  who = insured(credentials, 'worker-arrears'),
) {
  await page.getByTestId(`lang-${lang}`).click();
  await page.getByTestId('start-insured').click();
  await page.getByTestId('national-id').fill(who.nationalId);
  await page.getByTestId('id-next').click();
  await page.getByTestId('pin').fill(who.pin);
  await page.getByTestId('pin-submit').click();
  await page.getByTestId('summary').waitFor();
  return who;
}

/** Everything a later visitor or a script on the page could still find of the person. */
async function traces(page: Page) {
  return page.evaluate(() => ({
    text: document.documentElement.innerText,
    html: document.documentElement.outerHTML,
    inputs: Array.from(document.querySelectorAll('input'), (i) => i.value),
    local: window.localStorage.length,
    session: window.sessionStorage.length,
    history: window.history.length,
    historyState: JSON.stringify(window.history.state),
    href: window.location.href,
    resources: performance.getEntriesByType('resource').map((e) => e.name),
  }));
}

describe('privacy', () => {
  it('warns after the idle time with a countdown, continues, then logs out leaving nothing behind', async () => {
    const api = await privateApi();
    // The logout comes well after the warning, so that axe and the screenshot on the warning (seconds on a busy
    // machine) never race it.
    const page = await newPage(`${api.url}/?idleWarning=2&idleLogout=15`);
    const historyAtStart = await page.evaluate(() => window.history.length);
    const worker = await loginWorker(page, 'en');
    await page.getByTestId('menu-registration').click();
    await page.getByTestId('person-name').waitFor();
    const name = (await page.getByTestId('person-name').textContent()) ?? '';
    expect(name.length).toBeGreaterThan(0);

    const warning = page.getByTestId('idle-warning');
    await warning.waitFor({ timeout: 4000 });
    await expect(warning.textContent()).resolves.toMatch(/logged out in \d+ seconds?/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'en-30-idle-warning');
    // The one big button keeps the session (and has the focus, so Enter works too).
    await page.keyboard.press('Enter');
    await warning.waitFor({ state: 'detached' });
    await expect(page.getByTestId('person-name').textContent()).resolves.toBe(name);

    // No touch now: warned again, then logged out.
    await warning.waitFor({ timeout: 4000 });
    await page
      .getByRole('heading', { level: 1, name: KIOSK_MESSAGES.es.start.title })
      .waitFor({ timeout: 20_000 });
    const left = await traces(page);
    for (const secret of [worker.nationalId, worker.pin, name]) {
      expect(left.text).not.toContain(secret);
      expect(left.html).not.toContain(secret);
      expect(left.href).not.toContain(secret);
      for (const r of left.resources) expect(r).not.toContain(secret);
    }
    expect(left.inputs).toEqual([]);
    expect(left.local).toBe(0);
    expect(left.session).toBe(0);
    // Back works within a visit, so the history has entries; each holds only a step counter, never a screen, and
    // after the logout the current one stands for the start screen.
    expect(left.history).toBeGreaterThanOrEqual(historyAtStart);
    expect(left.historyState).toBe('{"consulta":0}');
    await screenshot(page, 'es-31-after-idle-logout');
    await page.close();
  });

  it('shows a clear screen in the person language when the API stops mid-session, and goes back to start', async () => {
    const api = await privateApi();
    const page = await newPage(api.url);
    const worker = await loginWorker(page, 'zh-CN');
    await api.close();
    await page.getByTestId('menu-contributions').click();
    await page.getByTestId('error-network').waitFor();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      KIOSK_MESSAGES['zh-CN'].errors.problems.network.title,
    );
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'zh-CN-32-api-down');
    expect((await traces(page)).text).not.toContain(worker.nationalId);
    await page.getByTestId('error-back').click();
    await page.getByTestId('start-insured').waitFor();
    await page.close();
  });

  it('says plainly when the session expired', async () => {
    const api = await privateApi({ sessionIdleSeconds: 1 });
    const page = await newPage(api.url);
    await loginWorker(page, 'es');
    await page.waitForTimeout(2500);
    await page.getByTestId('menu-benefits').click();
    await page.getByTestId('error-expired').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'es-33-session-expired');
    await page.getByTestId('error-back').click();
    await page.getByTestId('start-insured').waitFor();
    await page.close();
  });

  it('counts wrong PINs down and then says the identity is locked, with when to come back', async () => {
    const api = await privateApi();
    const spare = insured(credentials, 'spare-1');
    const page = await newPage(api.url);
    await page.getByTestId('lang-en').click();
    await page.getByTestId('start-insured').click();
    await page.getByTestId('national-id').fill(spare.nationalId);
    await page.getByTestId('id-next').click();
    const wrong = spare.pin === '000000' ? '111111' : '000000';
    let locked = false;
    for (let attempt = 0; attempt < 8 && !locked; attempt++) {
      await page.getByTestId('pin').fill(wrong);
      await page.getByTestId('pin-submit').click();
      // One wait for either answer: a race of two waits leaves the loser pending, and it rejects
      // (unhandled) when the page closes.
      const locker = page.getByTestId('error-locked');
      await locker.or(page.locator('.error[role="alert"]')).first().waitFor();
      if (await locker.isVisible()) locked = true;
      else {
        await expect(page.locator('.error[role="alert"]').textContent()).resolves.toContain(
          KIOSK_MESSAGES.en.login.wrong,
        );
        if (attempt === 0) {
          expect(await axeViolations(page)).toEqual([]);
          await screenshot(page, 'en-34-wrong-pin');
        }
      }
    }
    expect(locked).toBe(true);
    // The time is the agency's (China), with the zone named, not bare UTC.
    await expect(page.getByTestId('error-locked').textContent()).resolves.toMatch(
      /locked until .*China Standard Time/,
    );
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'en-35-locked');
    await page.close();
  });
});

describe('access', () => {
  it('speaks guidance in the chosen language but never the PIN', async () => {
    const api = await privateApi();
    const context = await browser.newContext();
    await context.addInitScript(() => {
      const spoken: { text: string; lang: string }[] = [];
      (window as unknown as { __spoken: typeof spoken }).__spoken = spoken;
      Object.defineProperty(window, 'speechSynthesis', {
        value: {
          speak: (u: SpeechSynthesisUtterance) => spoken.push({ text: u.text, lang: u.lang }),
          cancel: () => undefined,
        },
      });
    });
    const page = await context.newPage();
    await page.goto(api.url);
    await page.getByTestId('lang-zh-CN').click();
    await page.getByTestId('speech').click();
    const worker = insured(credentials, 'worker-arrears');
    await page.getByTestId('start-insured').click();
    await page.getByTestId('national-id').fill(worker.nationalId);
    await page.getByTestId('id-next').click();
    for (const digit of worker.pin)
      await page.locator('.keypad').getByRole('button', { name: digit, exact: true }).click();
    await page.getByTestId('pin-submit').click();
    await page.getByTestId('summary').waitFor();
    const spoken = await page.evaluate(
      () => (window as unknown as { __spoken: { text: string; lang: string }[] }).__spoken,
    );
    expect(spoken.map((s) => s.text)).toContain(KIOSK_MESSAGES['zh-CN'].speech.pin);
    expect(spoken.every((s) => s.lang === 'zh-CN')).toBe(true);
    const all = spoken.map((s) => s.text).join(' ');
    expect(all).not.toContain(worker.pin);
    for (const digit of new Set(worker.pin)) expect(spoken.some((s) => s.text === digit)).toBe(false);
    await context.close();
  });

  it('is fully operable with the keyboard alone', async () => {
    const api = await privateApi();
    const page = await newPage(api.url);
    const worker = insured(credentials, 'retiree');
    // Tab to "type my ID number" (after the skip link and the switches), Enter, type, Enter, type, Enter.
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      if (
        (await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === 'start-insured'
      )
        break;
    }
    await page.keyboard.press('Enter');
    await page.getByTestId('national-id').focus();
    await page.keyboard.type(worker.nationalId);
    await page.keyboard.press('Enter');
    await page.getByTestId('pin').waitFor();
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).resolves.toBe(
      'pin',
    );
    await page.keyboard.type(worker.pin);
    await page.keyboard.press('Enter');
    await page.getByTestId('summary').waitFor();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('page-title');
    await page.close();
  });

  it('has high-contrast and large-text switches that keep the screens accessible', async () => {
    const api = await privateApi();
    const page = await newPage(api.url);
    await loginWorker(page, 'en');
    await page.getByTestId('contrast').click();
    await page.getByTestId('large-text').click();
    await expect(page.getAttribute('html', 'data-contrast')).resolves.toBe('high');
    await expect(page.getAttribute('html', 'data-text')).resolves.toBe('large');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'en-36-menu-high-contrast-large');
    await page.getByTestId('menu-contributions').click();
    await page.getByTestId('as-of').waitFor();
    await page.locator('.loading').waitFor({ state: 'detached' });
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'en-37-contributions-high-contrast-large');
    await page.close();
  });
});
