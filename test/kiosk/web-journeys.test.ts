// Every role through every screen in es, en and zh-CN, in the web layout and the kiosk's portrait layout, in
// Debian's Chromium against the real API and demo data. On each screen: axe (WCAG 2.2 AA tags) with no violation,
// touch targets of 44 px (web) or 64 px (kiosk), no text cut or overflowing and no sideways scroll at each
// viewport (web: 1280 × 1024 and a 390 × 844 phone; kiosk: 1080 × 1920) in normal and large text, no
// identifier-looking text, and screenshots. The certificate is printed to PDF and verified through the public route.
/// <reference lib="dom" />
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import jsQR from 'jsqr';
import type { Browser, Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningApi } from '../../query-api/src/app.ts';
import { RECORD_CATEGORIES } from '../../shared/src/domain.ts';
import { formatMoney, formatMonthShort } from '../../shared/src/i18n.ts';

/** One money format per language: the amounts as formatMoney writes them, never a bare ¥ or CN¥. */
const MONEY = {
  es: formatMoney(123456, 'es'),
  en: formatMoney(123456, 'en'),
  'zh-CN': formatMoney(123456, 'zh-CN'),
};
import { COMMON } from '../../shared/src/messages/common.ts';
import { KIOSK_MESSAGES } from '../../shared/src/messages/kiosk.ts';
import {
  checkScreen as check,
  ensureRendererBuilt,
  insured,
  launchBrowser,
  readCredentials,
  ROOT,
  startKioskApi,
  VIEWPORTS,
  type DemoCredentials,
  type Layout,
} from './harness.ts';

const LANGS = ['es', 'en', 'zh-CN'] as const;
const COMBOS = LANGS.flatMap((lang) => (['web', 'kiosk'] as const).map((layout) => [lang, layout] as const));
let api: RunningApi;
let browser: Browser;
let credentials: DemoCredentials;
let dataDir: string;

beforeAll(async () => {
  ensureRendererBuilt();
  dataDir = inject('demoDataDir');
  credentials = readCredentials(dataDir);
  api = await startKioskApi(dataDir);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

/**
 * The names of a person's insuring region and transfer regions in the language the kiosk shows them (Chinese: the
 * local name; English and Spanish: the English one), read from the records database.
 */
function regionNames(nationalId: string, lang: string): { insuring: string; transfers: string[] } {
  const db = new Database(join(dataDir, 'records.sqlite'), { readonly: true });
  try {
    const column = lang === 'zh-CN' ? 'name' : 'name_en';
    const insuring = db
      .prepare(`SELECT r.${column} FROM person p JOIN region r ON r.code = p.region WHERE p.national_id = ?`)
      .pluck()
      .get(nationalId) as string;
    const transfers = db
      .prepare(
        `SELECT r.${column} FROM transfer t JOIN person p ON p.id = t.person_id
         JOIN region r ON r.code IN (t.from_region, t.to_region) WHERE p.national_id = ?`,
      )
      .pluck()
      .all(nationalId) as string[];
    return { insuring, transfers };
  } finally {
    db.close();
  }
}

async function open(lang: (typeof LANGS)[number], layout: Layout = 'web'): Promise<Page> {
  const viewport = VIEWPORTS[layout][0]!;
  const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
  const page = await context.newPage();
  page.on('close', () => void context.close());
  await page.goto(`${api.url}/${layout === 'kiosk' ? '?layout=kiosk' : ''}`);
  await page.getByTestId(`lang-${lang}`).click();
  expect(await page.getAttribute('html', 'lang')).toBe(lang);
  expect(await page.getAttribute('html', 'data-layout')).toBe(layout);
  return page;
}

async function pressKeys(page: Page, text: string): Promise<void> {
  const keypad = page.locator('.keypad');
  for (const ch of text) await keypad.getByRole('button', { name: ch, exact: true }).click();
}

/** Letters and digits: the on-screen keypad on the kiosk, the device's own keyboard on the web. */
async function typeLetters(page: Page, layout: Layout, testId: string, text: string): Promise<void> {
  if (layout === 'kiosk') {
    await pressKeys(page, text);
  } else {
    await expect(page.locator('.keypad').count()).resolves.toBe(0);
    await expect(page.getByTestId(testId).getAttribute('inputmode')).resolves.toBe('text');
    await page.getByTestId(testId).pressSequentially(text);
  }
  await expect(page.getByTestId(testId).inputValue()).resolves.toBe(text);
}

async function logout(page: Page, lang: (typeof LANGS)[number]): Promise<void> {
  await page.getByTestId('logout').click();
  await page.getByRole('heading', { level: 1, name: KIOSK_MESSAGES.es.start.title }).waitFor();
  // The language goes back to the default with everything else of the person.
  expect(await page.getAttribute('html', 'lang')).toBe('es');
  void lang;
}

describe.each(COMBOS)('kiosk journeys in %s, %s layout', (lang, layout) => {
  const m = KIOSK_MESSAGES[lang];

  it('start screen and the published disclosure', { timeout: 300_000 }, async () => {
    const page = await open(lang, layout);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(m.start.title);
    await check(page, `${lang}-01-start`);
    await page.getByTestId('start-disclosure').click();
    await page.getByRole('heading', { level: 1, name: m.disclosure.title }).waitFor();
    await page.locator('table').first().waitFor();
    await check(page, `${lang}-02-disclosure`);
    await page.getByTestId('logout').click();
    await page.close();
  });

  it(
    'insured person: login with the keypad, the five categories, contributions by year, the certificate',
    { timeout: 900_000 },
    async () => {
      const worker = insured(credentials, 'worker-arrears');
      const page = await open(lang, layout);
      await page.getByTestId('start-insured').click();
      await pressKeys(page, worker.nationalId);
      await check(page, `${lang}-03-login-id`);
      await page.getByTestId('id-next').click();
      await pressKeys(page, worker.pin);
      await expect(page.getByTestId('pin').getAttribute('type')).resolves.toBe('password');
      await check(page, `${lang}-04-login-pin`);
      await page.getByTestId('pin-submit').click();
      await page.getByTestId('summary').waitFor();
      await expect(page.getByTestId('as-of').textContent()).resolves.toContain(COMMON[lang].asOf);
      await check(page, `${lang}-05-menu`);
      // Money reads the one way of the language (e.g. "CNY 1,234.56", "1.234,56 CNY", "1,234.56元").
      const unit = MONEY[lang].replace(/[\d.,\s\u00a0]/g, '');
      await expect(page.getByTestId('summary').textContent()).resolves.toContain(unit);

      for (const [i, category] of [
        'registration',
        'contributions',
        'benefits',
        'accounts',
        'other',
      ].entries()) {
        await page.getByTestId(`menu-${category}`).click();
        await page.getByTestId('as-of').waitFor();
        await check(page, `${lang}-${String(6 + i).padStart(2, '0')}-${category}`);
        const regions = regionNames(worker.nationalId, lang);
        if (category === 'registration') {
          await expect(page.locator('main').textContent()).resolves.toContain(worker.nationalId);
          await expect(page.locator('main').textContent()).resolves.toContain(regions.insuring);
        }
        if (category === 'other') {
          expect(regions.transfers.length).toBeGreaterThan(1);
          const text = await page.locator('main').textContent();
          for (const name of regions.transfers) expect(text).toContain(name);
        }
        if (category === 'contributions') {
          // The chart: a visible title, a legend, a value beside every bar.
          const chart = page.getByTestId('contributions-chart');
          await expect(chart.locator('.chart-title').textContent()).resolves.toBe(m.contributions.chartTitle);
          await expect(chart.locator('.legend li').count()).resolves.toBe(2);
          const bars = await chart.locator('.bars li').count();
          expect(bars).toBeGreaterThan(1);
          await expect(chart.locator('.bar-value').count()).resolves.toBe(bars);
          // The individual part is the person's own here.
          await expect(page.locator('main').textContent()).resolves.toContain(m.contributions.individualPart);
          // The year with arrears is marked in the table; open it and find the unpaid months marked.
          const arrearsYear = page.locator('.arrears button').first();
          await arrearsYear.click();
          await page.locator('.arrears .mark').first().waitFor();
          await check(page, `${lang}-07b-contributions-year`);
          // The browser's Back returns to the years, still logged in.
          await page.goBack();
          await page.getByTestId('contributions-chart').waitFor();
        }
        if (category === 'accounts')
          await expect(
            page.getByTestId('accounts-chart').locator('.bar-value').count(),
          ).resolves.toBeGreaterThan(1);
        await page.getByTestId('to-menu').click();
        await page.getByTestId('summary').waitFor();
      }

      await page.getByTestId('menu-certificate').click();
      await check(page, `${lang}-11-certificate`);
      await page.getByTestId('certificate-issue').click();
      await page.getByTestId('certificate').waitFor();
      await check(page, `${lang}-12-certificate-preview`);
      const serial = (await page.getByTestId('certificate-serial').textContent()) ?? '';
      const checkCode = (await page.getByTestId('certificate-check-code').textContent()) ?? '';
      expect(serial).not.toBe('');
      // Its QR code, decoded from the pixels the page shows, leads to the public check of this certificate.
      const qr = await page.getByTestId('certificate-qr').evaluate((img: HTMLImageElement) => {
        const canvas = document.createElement('canvas');
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        const context = canvas.getContext('2d');
        context?.drawImage(img, 0, 0);
        const data = context?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
        return { width: canvas.width, height: canvas.height, data: Array.from(data) };
      });
      const scanned = jsQR(new Uint8ClampedArray(qr.data), qr.width, qr.height)?.data ?? '';
      const checkUrl = new URL(scanned);
      expect(checkUrl.pathname).toBe('/verify');
      expect(checkUrl.searchParams.get('serial')).toBe(serial);
      expect(checkUrl.searchParams.get('code')).toBe(checkCode);

      // Printed to PDF by Chromium with the print style sheet: the certificate only, serial and code on it.
      const pdfDir = join(ROOT, 'test-output', 'certificates');
      mkdirSync(pdfDir, { recursive: true });
      const pdfPath = join(pdfDir, `certificate-${layout}-${lang}.pdf`);
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ format: 'A4' });
      writeFileSync(pdfPath, pdf);
      await page.emulateMedia({ media: 'screen' });
      // The PDF's text, read in-process (unpdf: pdf.js); NFKC folds the CJK radicals some fonts map to.
      const pdfText = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
      const text = pdfText.text.normalize('NFKC');
      expect(text).toContain(serial);
      expect(text).toContain(checkCode);
      expect(text).not.toContain(m.nav.logout);

      // Anyone can verify it through the public route (no session, no client key).
      const verify = await fetch(`${api.url}/v1/certificates/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ serial, checkCode }),
      });
      expect(verify.status).toBe(200);
      const verification = (await verify.json()) as { valid: boolean; certificate?: { serial: string } };
      expect(verification.valid).toBe(true);
      expect(verification.certificate?.serial).toBe(serial);
      const forged = await fetch(`${api.url}/v1/certificates/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ serial, checkCode: 'WRONG0' }),
      });
      expect(((await forged.json()) as { valid: boolean }).valid).toBe(false);

      await logout(page, lang);
      const body = (await page.locator('body').textContent()) ?? '';
      expect(body).not.toContain(serial);
      expect(body).not.toContain(worker.nationalId);
      if (worker.name) expect(body).not.toContain(worker.name);
      await page.close();
    },
  );

  it('delegate: only the categories of the authorisation', { timeout: 600_000 }, async () => {
    const delegate = credentials.delegates.find(
      (d) => d.categories.length < 5 && new Date(d.validUntil ?? 0) > new Date(),
    )!;
    const page = await open(lang, layout);
    await page.getByTestId('start-delegate').click();
    await page.getByTestId('delegate-id').fill(delegate.delegateNationalId);
    await check(page, `${lang}-13-login-delegate`);
    await page.getByTestId('delegate-next').click();
    await typeLetters(page, layout, 'authorization-code', delegate.authorizationCode);
    await check(page, `${lang}-14-login-delegate-code`);
    await page.getByTestId('delegate-submit').click();
    await page.getByTestId('menu-registration').waitFor();
    await page.locator('.loading').waitFor({ state: 'detached' });
    await check(page, `${lang}-15-delegate-menu`);
    // Another person's record: never "your record", never "your part".
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(m.menu.titleDelegate);
    for (const category of RECORD_CATEGORIES) {
      const button = page.getByTestId(`menu-${category}`);
      await expect(button.isDisabled()).resolves.toBe(!delegate.categories.includes(category));
    }
    await expect(page.getByTestId('menu-certificate').count()).resolves.toBe(0);
    const allowed = delegate.categories[0]!;
    await page.getByTestId(`menu-${allowed}`).click();
    await page.getByTestId('as-of').waitFor();
    await check(page, `${lang}-16-delegate-${allowed}`);
    if (m.contributions.individualPart !== m.contributions.individualPartOther)
      await expect(page.locator('main').textContent()).resolves.not.toContain(m.contributions.individualPart);
    await logout(page, lang);
    await page.close();
  });

  it(
    'employer: totals per month, staff in arrears first, one employee with this unit',
    { timeout: 600_000 },
    async () => {
      const employer = credentials.employers[0]!;
      const page = await open(lang, layout);
      await page.getByTestId('start-employer').click();
      await typeLetters(page, layout, 'unit-number', employer.unitNumber);
      await check(page, `${lang}-17-login-employer`);
      await page.getByTestId('unit-next').click();
      await page.getByTestId('password').fill(employer.password);
      await check(page, `${lang}-18-login-employer-password`);
      await page.getByTestId('employer-submit').click();
      await page.getByTestId('employer-facts').waitFor();
      await check(page, `${lang}-19-employer-summary`);
      // Months named per locale on the chart, never "24-11".
      const labels = await page.getByTestId('employer-chart').locator('.bar-label').allTextContents();
      expect(labels.length).toBeGreaterThan(1);
      for (const label of labels) expect(label).not.toMatch(/^\d\d-\d\d$/);
      const months = new Set(
        Array.from({ length: 480 }, (_, i) =>
          formatMonthShort(`${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`, lang),
        ),
      );
      for (const label of labels) expect(months, label).toContain(label);
      await page.getByTestId('employer-staff').click();
      await page.locator('table, .page p').first().waitFor();
      await expect(page.getByTestId('staff-filter-arrears').getAttribute('aria-pressed')).resolves.toBe(
        'true',
      );
      await check(page, `${lang}-20-employer-staff-arrears`);
      await page.getByTestId('staff-filter-all').click();
      await page.getByTestId('staff-open').first().waitFor();
      await check(page, `${lang}-21-employer-staff-all`);
      await page.getByTestId('staff-open').first().click();
      await page.getByTestId('member-back').waitFor();
      await page.getByTestId('as-of').waitFor();
      await check(page, `${lang}-22-employer-member`);
      if (m.contributions.individualPart !== m.contributions.individualPartOther)
        await expect(page.locator('main').textContent()).resolves.not.toContain(
          m.contributions.individualPart,
        );
      await logout(page, lang);
      await page.close();
    },
  );
});
