// The person's rights at the kiosk, end to end in Debian's Chromium against the real API on a private copy of the
// demo data, in es, en and zh-CN, in the web layout and the kiosk's portrait layout: what to do when the PIN is
// forgotten, the yearly statement (figures against the API, the PDF download and the print read back, its QR code
// decoded), "something is wrong here" with the reference and the list of requests, who looked at my record (a
// wrong PIN tried on the person's ID shows up), the PIN change with its rules (refused by the kiosk and by the
// API), the forced change after a one-time PIN from the counter, and checking a document with a wrong and a right
// check code. Every screen is checked like the other journeys (axe, targets, overflow, identifiers, screenshots).
/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import jsQR from 'jsqr';
import type { Browser, Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningApi } from '../../query-api/src/app.ts';
import { runOps } from '../../query-api/src/ops/cli.ts';
import { formatMoney } from '../../shared/src/i18n.ts';
import { COMMON } from '../../shared/src/messages/common.ts';
import { DOCUMENTS } from '../../shared/src/messages/documents.ts';
import { KIOSK_MESSAGES } from '../../shared/src/messages/kiosk.ts';
import { KIOSK_RIGHTS_MESSAGES } from '../../shared/src/messages/kiosk-rights.ts';
import type { RecordRequestList, Statement, StatementYears } from '../../shared/src/rights.ts';
import {
  checkScreen as check,
  ensureRendererBuilt,
  insured,
  launchBrowser,
  readCredentials,
  startKioskApi,
  VIEWPORTS,
  type DemoCredentials,
  type Layout,
} from './harness.ts';

const LANGS = ['es', 'en', 'zh-CN'] as const;
type Lang = (typeof LANGS)[number];
const COMBOS = LANGS.flatMap((lang) => (['web', 'kiosk'] as const).map((layout) => [lang, layout] as const));

let api: RunningApi & { dataDir: string };
let browser: Browser;
let credentials: DemoCredentials;

beforeAll(async () => {
  ensureRendererBuilt();
  const dataDir = inject('demoDataDir');
  credentials = readCredentials(dataDir);
  // Many document checks in one run: the public check's own throttle raised with the web channel's.
  api = await startKioskApi(dataDir, {
    rateLimits: { web: { perSecond: 500, burst: 1000 }, verify: { perSecond: 50, burst: 200 } },
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

async function open(lang: Lang, layout: Layout): Promise<Page> {
  const viewport = VIEWPORTS[layout][0]!;
  const context = await browser.newContext({
    viewport: { width: viewport.width, height: viewport.height },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  // Idle logout is tested on its own (web-privacy); here a slow screen check on a busy machine must not end the visit.
  await page.goto(`${api.url}/?idleWarning=600&idleLogout=900${layout === 'kiosk' ? '&layout=kiosk' : ''}`);
  await page.getByTestId(`lang-${lang}`).click();
  return page;
}

/** Types on the on-screen keypad (kiosk) or into the field (web), and checks what the field holds. */
async function type(page: Page, layout: Layout, testId: string, text: string): Promise<void> {
  const field = page.getByTestId(testId);
  if (layout === 'kiosk') {
    const keypad = page.locator('.keypad');
    const space = KIOSK_MESSAGES[(await page.getAttribute('html', 'lang')) as Lang].keypad.space;
    for (const ch of text)
      await keypad.getByRole('button', { name: ch === ' ' ? space : ch, exact: true }).click();
  } else {
    await field.fill(text);
  }
  await expect(field.inputValue()).resolves.toBe(text);
}

/** A session straight from the API (web channel), to compare what the screens show with the API's answers. */
async function apiLogin(nationalId: string, pin: string): Promise<{ status: number; token: string }> {
  const reply = await fetch(`${api.url}/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ method: 'pin', nationalId, pin }),
  });
  const body = (await reply.json()) as { token?: string };
  return { status: reply.status, token: body.token ?? '' };
}

async function apiGet<T>(token: string, path: string): Promise<T> {
  const reply = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(reply.status, path).toBe(200);
  return (await reply.json()) as T;
}

async function login(page: Page, layout: Layout, nationalId: string, pin: string): Promise<void> {
  await page.getByTestId('start-insured').click();
  await type(page, layout, 'national-id', nationalId);
  await page.getByTestId('id-next').click();
  await type(page, layout, 'pin', pin);
  await page.getByTestId('pin-submit').click();
}

async function ops(...args: string[]): Promise<string[]> {
  const out: string[] = [];
  const code = await runOps([...args, '--data-dir', api.dataDir, '--operator', 'counter-7'], {
    out: (l) => out.push(l),
    err: (l) => out.push(l),
  });
  expect(code, out.join('\n')).toBe(0);
  return out;
}

/** The QR code's text, decoded from the pixels of the image the page shows. */
async function scanQr(page: Page, testId: string): Promise<string> {
  const image = await page.getByTestId(testId).evaluate((img: HTMLImageElement) => {
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d');
    context?.drawImage(img, 0, 0);
    const data = context?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
    return { width: canvas.width, height: canvas.height, data: Array.from(data) };
  });
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? '';
}

async function pdfText(pdf: Uint8Array): Promise<string> {
  const text = await extractText(await getDocumentProxy(pdf), { mergePages: true });
  return text.text.normalize('NFKC');
}

describe.each(COMBOS)('the person’s rights at the kiosk in %s, %s layout', (lang, layout) => {
  const m = KIOSK_MESSAGES[lang];
  const r = KIOSK_RIGHTS_MESSAGES[lang];
  const index = COMBOS.findIndex(([l, y]) => l === lang && y === layout);
  const name = (step: string) => `${lang}-r${step}`;

  it(
    'forgot PIN, statement, something is wrong here, my requests, who looked, change PIN',
    { timeout: 900_000 },
    async () => {
      // Each combination has its own person: requests have a daily limit and the PIN changes.
      const person = insured(credentials, `spare-${index + 1}`);
      // Someone tries the person's ID with a wrong PIN: the person will see it.
      expect((await apiLogin(person.nationalId, person.pin === '000001' ? '000002' : '000001')).status).toBe(
        401,
      );
      const page = await open(lang, layout);
      await page.getByTestId('start-insured').click();
      await type(page, layout, 'national-id', person.nationalId);
      await page.getByTestId('id-next').click();

      // Forgot the PIN: where to go and what to bring, before any PIN is typed.
      await expect(page.getByTestId('forgot-pin-text').isVisible()).resolves.toBe(false);
      await page.getByTestId('forgot-pin').click();
      await expect(page.getByTestId('forgot-pin').getAttribute('aria-expanded')).resolves.toBe('true');
      await expect(page.getByTestId('forgot-pin-text').textContent()).resolves.toContain(
        m.login.forgotPin.bring,
      );
      await check(page, name('01-forgot-pin'));
      await type(page, layout, 'pin', person.pin);
      await page.getByTestId('pin-submit').click();
      await page.getByTestId('summary').waitFor();
      await check(page, name('02-menu'));

      // The yearly statement: the years, one year against the API's own answer.
      const { token } = await apiLogin(person.nationalId, person.pin);
      const years = await apiGet<StatementYears>(token, '/v1/me/statements');
      expect(years.years.length).toBeGreaterThan(0);
      const year = Math.max(...years.years);
      await page.getByTestId('menu-statement').click();
      await page.getByTestId(`statement-${year}`).waitFor();
      await check(page, name('03-statement-years'));
      await page.getByTestId(`statement-${year}`).click();
      await page.getByTestId('statement').waitFor();
      const expected = await apiGet<Statement>(token, `/v1/me/statements/${year}`);
      const totals = (await page.getByTestId('statement-totals').textContent()) ?? '';
      expect(totals).toContain(formatMoney(expected.totals!.amountPaid, lang));
      expect(totals).toContain(formatMoney(expected.totals!.individualPart, lang));
      await expect(page.getByTestId('statement').textContent()).resolves.not.toContain(person.nationalId);
      await check(page, name('04-statement'));
      // Back goes to the years and keeps the session.
      await page.goBack();
      await page.getByTestId(`statement-${year}`).click();
      await page.getByTestId('statement').waitFor();

      // Download: a PDF with the serial and check code the screen now shows, and a QR code to the check page.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('statement-download').click(),
      ]);
      await expect(page.getByTestId('statement-status').textContent()).resolves.toBe(r.statement.downloaded);
      const serial = (await page.getByTestId('statement-serial').textContent()) ?? '';
      const checkCode = (await page.getByTestId('statement-check-code').textContent()) ?? '';
      expect(serial).toMatch(new RegExp(`^ST${year}-`));
      const downloaded = readFileSync(await download.path());
      expect(downloaded.subarray(0, 5).toString()).toBe('%PDF-');
      const downloadedText = await pdfText(new Uint8Array(downloaded));
      expect(downloadedText).toContain(serial);
      expect(downloadedText).toContain(checkCode);
      const checkUrl = new URL(await scanQr(page, 'statement-qr'));
      expect(checkUrl.pathname).toBe('/verify');
      expect(checkUrl.searchParams.get('serial')).toBe(serial);
      expect(checkUrl.searchParams.get('code')).toBe(checkCode);
      await check(page, name('05-statement-issued'));
      // The print sheet: the statement with its serial and check code, none of the buttons.
      await page.emulateMedia({ media: 'print' });
      const printed = await pdfText(new Uint8Array(await page.pdf({ format: 'A4' })));
      await page.emulateMedia({ media: 'screen' });
      expect(printed).toContain(serial);
      expect(printed).toContain(checkCode);
      expect(printed).not.toContain(r.statement.download);
      expect(printed).not.toContain(m.nav.logout);

      // Something is wrong here: from the statement, the category and the year come along.
      await page.getByTestId('report-problem').click();
      await page.getByTestId('report-send').waitFor();
      await expect(
        page.getByTestId('report-category-contributions').getAttribute('aria-pressed'),
      ).resolves.toBe('true');
      await page.getByTestId('report-send').click();
      await expect(page.getByTestId('report-message').textContent()).resolves.toBe(r.request.chooseReason);
      await page.getByTestId(`report-month-${year}-02`).click();
      await page.getByTestId(`report-month-${year}-03`).click();
      await page.getByTestId('report-reason-amount').click();
      await page.getByTestId('report-add-details').click();
      await type(page, layout, 'report-details', 'BASE 5000');
      await check(page, name('06-report'));
      await page.getByTestId('report-send').click();
      await page.getByTestId('request-receipt').waitFor();
      const reference = (await page.getByTestId('request-reference').textContent()) ?? '';
      expect(reference).toMatch(/^\d{9}$/);
      await check(page, name('07-report-sent'));
      const filed = await apiGet<RecordRequestList>(token, '/v1/me/requests');
      expect(filed.items).toContainEqual(
        expect.objectContaining({
          reference,
          category: 'contributions',
          months: [`${year}-02`, `${year}-03`],
          description: `${r.request.reasons.amount}: BASE 5000`,
          status: 'received',
        }),
      );

      // My requests: the reference and its status.
      await page.getByTestId('request-to-list').click();
      await page.getByTestId('requests-list').waitFor();
      const list = (await page.getByTestId('requests-list').textContent()) ?? '';
      expect(list).toContain(reference);
      expect(list).toContain(r.requests.statusName.received);
      await check(page, name('08-requests'));

      // Who looked at my record: the person's own looks, and the wrong PIN someone tried.
      await page.getByTestId('to-menu').click();
      await page.getByTestId('menu-access-log').click();
      await page.getByTestId('access-log').waitFor();
      const seen = (await page.getByTestId('access-log').textContent()) ?? '';
      expect(seen).toContain(r.accessLog.whoName.self);
      expect(seen).toContain(r.accessLog.whatName.statement);
      expect(seen).toContain(r.accessLog.outcome.wrong_pin);
      await check(page, name('09-access-log'));

      // Change my PIN: the rules before typing; a run refused here, the birth date refused by the API.
      await page.getByTestId('to-menu').click();
      await page.getByTestId('menu-change-pin').click();
      await page.getByTestId('pin-current').waitFor();
      for (const rule of r.pin.rules)
        await expect(page.getByTestId('pin-rules').textContent()).resolves.toContain(rule);
      await check(page, name('10-change-pin'));
      await type(page, layout, 'pin-current', person.pin);
      await page.getByTestId('pin-next').click();
      await type(page, layout, 'pin-new', '345678');
      await page.getByTestId('pin-next').click();
      await expect(page.locator('.error').textContent()).resolves.toBe(r.pin.weakness.run);
      const birth = person.nationalId.slice(8, 14);
      await type(page, layout, 'pin-new', birth);
      await page.getByTestId('pin-next').click();
      await type(page, layout, 'pin-repeat', birth);
      await page.getByTestId('pin-next').click();
      await expect(page.locator('.error').textContent()).resolves.toBe(r.pin.weakness.birth_date);
      await page.getByTestId('pin-new').waitFor();
      await check(page, name('11-change-pin-refused'));
      const newPin = '528193';
      await type(page, layout, 'pin-new', newPin);
      await page.getByTestId('pin-next').click();
      await type(page, layout, 'pin-repeat', newPin);
      await page.getByTestId('pin-next').click();
      await page.getByTestId('pin-changed').waitFor();
      await check(page, name('12-pin-changed'));
      await page.getByTestId('pin-continue').click();
      await page.getByTestId('summary').waitFor();
      await page.getByTestId('logout').click();
      // The new PIN works at once; the old one no longer does.
      expect((await apiLogin(person.nationalId, person.pin)).status).toBe(401);
      await login(page, layout, person.nationalId, newPin);
      await page.getByTestId('summary').waitFor();
      await page.getByTestId('logout').click();
      await page.context().close();
    },
  );

  it(
    'a one-time PIN from the counter: the kiosk asks for a PIN of one’s own first, then goes on',
    { timeout: 600_000 },
    async () => {
      const person = credentials.insured.filter((p) => p.profile === 'extra')[index]!;
      const reset = await ops('pin', 'reset', person.nationalId, '--reason', 'forgot PIN, ID card checked');
      const oneTime = /: (\d{6})$/.exec(reset[0] ?? '')?.[1] ?? '';
      expect(oneTime).toMatch(/^\d{6}$/);
      const page = await open(lang, layout);
      await login(page, layout, person.nationalId, oneTime);
      await page.getByTestId('pin-forced').waitFor();
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(r.pin.forcedTitle);
      // No current PIN to type: the one just accepted is used.
      await expect(page.getByTestId('pin-current').count()).resolves.toBe(0);
      await check(page, name('13-forced-pin'));
      // The record stays closed until the PIN is changed: the menu leads back here.
      await page.getByTestId('to-menu').click();
      await page.getByTestId('pin-forced').waitFor();
      await expect(page.getByTestId('summary').count()).resolves.toBe(0);
      await type(page, layout, 'pin-new', '111111');
      await page.getByTestId('pin-next').click();
      await expect(page.locator('.error').textContent()).resolves.toBe(r.pin.weakness.equal_digits);
      await type(page, layout, 'pin-new', '604917');
      await page.getByTestId('pin-next').click();
      await type(page, layout, 'pin-repeat', '604918');
      await page.getByTestId('pin-next').click();
      await expect(page.locator('.error').textContent()).resolves.toBe(r.pin.mismatch);
      await type(page, layout, 'pin-new', '604917');
      await page.getByTestId('pin-next').click();
      await type(page, layout, 'pin-repeat', '604917');
      await page.getByTestId('pin-next').click();
      await page.getByTestId('pin-changed').waitFor();
      await page.getByTestId('pin-continue').click();
      await page.getByTestId('summary').waitFor();
      await expect(page.getByTestId('as-of').textContent()).resolves.toContain(COMMON[lang].asOf);
      await page.getByTestId('logout').click();
      expect((await apiLogin(person.nationalId, oneTime)).status).toBe(401);
      expect((await apiLogin(person.nationalId, '604917')).status).toBe(201);
      await page.context().close();
    },
  );

  it('check a document: a wrong check code is not genuine, the right one shows what the paper must say', async () => {
    const d = DOCUMENTS[lang];
    const worker = insured(credentials, 'worker-arrears');
    const { token } = await apiLogin(worker.nationalId, worker.pin);
    const issued = await fetch(`${api.url}/v1/me/certificates`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(issued.status).toBe(201);
    const certificate = (await issued.json()) as {
      serial: string;
      checkCode: string;
      holder: { maskedNationalId: string };
    };
    const page = await open(lang, layout);
    await page.getByTestId('start-check-document').click();
    await page.getByTestId('check-serial').waitFor();
    await check(page, name('14-check-serial'));
    await type(page, layout, 'check-serial', certificate.serial);
    await page.getByTestId('check-next').click();
    const wrong = certificate.checkCode.startsWith('A')
      ? `B${certificate.checkCode.slice(1)}`
      : `A${certificate.checkCode.slice(1)}`;
    await type(page, layout, 'check-code', wrong);
    await check(page, name('15-check-code'));
    await page.getByTestId('check-submit').click();
    await page.getByTestId('check-verdict').waitFor();
    await expect(page.getByTestId('check-verdict').getAttribute('data-verdict')).resolves.toBe('unknown');
    await expect(page.getByTestId('check-verdict').textContent()).resolves.toBe(d.verifyUnknown);
    await expect(page.getByTestId('check-facts').count()).resolves.toBe(0);
    await check(page, name('16-check-unknown'));
    await page.getByTestId('check-again').click();
    await type(page, layout, 'check-serial', certificate.serial);
    await page.getByTestId('check-next').click();
    await type(page, layout, 'check-code', certificate.checkCode);
    await page.getByTestId('check-submit').click();
    await page.getByTestId('check-verdict').waitFor();
    await expect(page.getByTestId('check-verdict').getAttribute('data-verdict')).resolves.toBe('valid');
    const facts = (await page.getByTestId('check-facts').textContent()) ?? '';
    expect(facts).toContain(certificate.serial);
    expect(facts).toContain(certificate.holder.maskedNationalId);
    expect(facts).toContain(d.kind.certificate);
    await check(page, name('17-check-valid'));
    // Nothing of it stays after "back to the start".
    await page.getByTestId('logout').click();
    await page.getByTestId('start-insured').waitFor();
    await expect(page.locator('body').textContent()).resolves.not.toContain(certificate.serial);
    await page.context().close();
  });
});
