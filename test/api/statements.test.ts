// The annual statements for mailing, read back as a person and a checker would: the batch writes one PDF per
// person; each PDF's text (unpdf) has the agency, the title, the figures of the API's statement, the serial and
// check code, and no API words; its QR code, decoded from the rendered page (pdftoppm, jsQR), leads to the
// public check page, whose check says the document is valid and what it must say.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import jsQR from 'jsqr';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENTS, formatMoney } from '@consulta/shared';
import { startApi, type RunningApi } from '../../query-api/src/app.ts';
import { runStatements } from '../../query-api/src/rights/statements-cli.ts';
import { call, copyDemoData, login, loginBody } from './helpers.ts';

let data: ReturnType<typeof copyDemoData>;
let out: string;
let api: RunningApi;
const agency = {
  name: { es: 'Agencia Regional', en: 'Regional Agency', 'zh-CN': '市社会保险事业管理中心' },
  publicWebUrl: 'https://consulta.example.org',
};

beforeAll(async () => {
  data = copyDemoData();
  out = mkdtempSync(join(tmpdir(), 'consulta-statements-'));
  process.env['AGENCY_NAME_ES'] = agency.name.es;
  process.env['AGENCY_NAME_EN'] = agency.name.en;
  process.env['AGENCY_NAME_ZH'] = agency.name['zh-CN'];
  process.env['PUBLIC_WEB_URL'] = agency.publicWebUrl;
  api = await startApi({ dataDir: data.dir, agency });
});
afterAll(async () => {
  await api?.close();
  data?.remove();
  rmSync(out, { recursive: true, force: true });
  for (const name of ['AGENCY_NAME_ES', 'AGENCY_NAME_EN', 'AGENCY_NAME_ZH', 'PUBLIC_WEB_URL'])
    delete process.env[name];
});

async function pdfText(file: string): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(readFileSync(file)));
  const { text } = await extractText(pdf, { mergePages: true });
  // NFKC folds the CJK radicals some fonts map to.
  return text.normalize('NFKC');
}

/** Renders page 1 (pdftoppm, grey PGM) and decodes the QR code in it with jsQR. */
function decodeQr(file: string): string | null {
  const pgm = execFileSync('pdftoppm', ['-r', '100', '-gray', '-f', '1', '-l', '1', file], {
    maxBuffer: 64 * 1024 * 1024,
  });
  // PGM: "P5\n<w> <h>\n255\n" then one byte per pixel.
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 64).toString('latin1'));
  if (!header?.[1] || !header[2]) throw new Error('not a PGM image');
  const width = Number(header[1]);
  const height = Number(header[2]);
  const pixels = pgm.subarray(header[0].length);
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const v = pixels[i] ?? 255;
    rgba[i * 4] = v;
    rgba[i * 4 + 1] = v;
    rgba[i * 4 + 2] = v;
    rgba[i * 4 + 3] = 255;
  }
  return jsQR(rgba, width, height)?.data ?? null;
}

describe('npm run statements', () => {
  it('refuses bad options with a usage error and writes nothing', async () => {
    const io = { out: () => undefined, err: () => undefined, progress: false };
    await expect(runStatements(['--out', out], io)).rejects.toThrow(/--year/);
    await expect(
      runStatements(['--year', '2025', '--out', out, '--persons', '0', '--data-dir', data.dir], io),
    ).rejects.toThrow(/positive/);
    await expect(
      runStatements(
        [
          '--year',
          '2025',
          '--out',
          out,
          '--persons',
          '3',
          '--from-id',
          '1',
          '--to-id',
          '2',
          '--data-dir',
          data.dir,
        ],
        io,
      ),
    ).rejects.toThrow(/not both/);
    expect(readdirSync(out)).toEqual([]);
  });

  it('writes one readable PDF per person, each checkable from its QR code, with the API statement figures', async () => {
    const worker = data.creds.insured.find((p) => p.profile === 'worker-arrears');
    if (!worker) throw new Error('no worker');
    const token = await login(api.url, undefined, loginBody.pin(worker));
    const fromApi = (await call(api.url, 'GET', '/v1/me/statements/2025', { token })).body;
    const records = new Database(join(data.dir, 'records.sqlite'), { readonly: true });
    const personId = records
      .prepare('SELECT id FROM person WHERE national_id = ?')
      .pluck()
      .get(worker.nationalId) as number;
    records.close();
    const lines: string[] = [];
    const result = await runStatements(
      [
        '--year',
        '2025',
        '--out',
        out,
        '--from-id',
        String(personId),
        '--to-id',
        String(personId + 2),
        '--language',
        'zh-CN',
        '--data-dir',
        data.dir,
        '--operator',
        'mailroom',
      ],
      { out: (l) => lines.push(l), err: () => undefined, progress: false },
    );
    expect(result?.written).toBe(3);
    expect(lines.join('\n')).toMatch(/statements per second/);
    const file = join(out, `statement-2025-${personId}.pdf`);
    const text = await pdfText(file);
    const t = DOCUMENTS['zh-CN'];
    expect(text).toContain(agency.name['zh-CN']);
    expect(text).toContain(t.statementTitle(2025));
    expect(text).toContain(worker.name);
    expect(text).toContain(formatMoney(fromApi.totals.amountPaid, 'zh-CN'));
    expect(text).not.toContain(worker.nationalId);
    for (const jargon of ['/v1/', 'POST', 'GET ', 'JSON', 'API']) expect(text).not.toContain(jargon);
    const serial = /ST2025-[0-9A-F]{10}/.exec(text)?.[0];
    expect(serial).toBeTruthy();

    const url = decodeQr(file);
    expect(url).toMatch(new RegExp(`^${agency.publicWebUrl}/verify\\?serial=${serial}&code=[A-Z2-9]{10}$`));
    const code = new URL(url ?? '').searchParams.get('code') ?? '';
    expect(text).toContain(code);
    const check = await call(api.url, 'POST', '/v1/certificates/verify', {
      body: { serial, checkCode: code },
    });
    expect(check.body.status).toBe('valid');
    expect(check.body.document).toMatchObject({
      kind: 'statement',
      from: '2025-01',
      to: '2025-12',
      monthsPaid: fromApi.totals.monthsPaid,
      amountPaid: fromApi.totals.amountPaid,
    });
    // The mailing is a disclosure: each statement is in the query log, the run in the maintenance log.
    const ops = new Database(join(data.dir, 'operational.sqlite'), { readonly: true });
    const log = ops
      .prepare("SELECT COUNT(*) FROM query_log WHERE resource = 'statements/batch' AND channel = 'mail'")
      .pluck()
      .get();
    ops.close();
    expect(Number(log)).toBe(3);
  });

  it('prints in Spanish and English too', async () => {
    for (const language of ['es', 'en'] as const) {
      const dir = join(out, language);
      await runStatements(
        ['--year', '2025', '--out', dir, '--persons', '1', '--language', language, '--data-dir', data.dir],
        {
          out: () => undefined,
          err: () => undefined,
          progress: false,
        },
      );
      const [file] = readdirSync(dir);
      const text = await pdfText(join(dir, file ?? ''));
      expect(text).toContain(DOCUMENTS[language].statementTitle(2025));
      expect(text).toContain(agency.name[language]);
      expect(decodeQr(join(dir, file ?? ''))).toContain('/verify?serial=ST2025-');
    }
  });
});
