// Server-side PDF of the annual statement (kiosk print, web download, and the batch for mailing): the agency's
// name, the statement in the person's language with Chinese text embedded (Noto Sans CJK from the system's
// fonts-noto-cjk), the serial, the check code and a QR code leading to the public check page. No API words.
//
// Speed: parsing the CJK font and subsetting its CFF outlines costs ~250 ms per document. The font is parsed
// once per process; every document's subset starts with the same base glyphs (every character of the printed
// texts and of common names), so the encoded subset is the same bytes for almost every document and is cached.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import {
  COMMON,
  DOCUMENTS,
  LANGUAGES,
  formatDate,
  formatMoney,
  formatMonth,
  formatNumber,
  maskNationalId,
  type DocumentFacts,
  type Language,
  type Statement,
} from '@consulta/shared';
import {
  EMPLOYER_TRADES,
  EMPLOYER_WORDS,
  GIVEN_ANY,
  GIVEN_FEMALE,
  GIVEN_MALE,
  SURNAMES,
} from '../generator/catalog.ts';
import type { OperationalStore } from '../store/types.ts';
import {
  STATEMENT_VALID_DAYS,
  newCheckCode,
  registerStatement,
  statementFacts,
  statementSerial,
  verifyUrl,
  type AgencyConfig,
} from './documents.ts';

const require = createRequire(import.meta.url);

/** Where Debian/Ubuntu (fonts-noto-cjk), Fedora and Arch put Noto Sans CJK; CJK_FONT overrides. */
const FONT_CANDIDATES = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/OTF/NotoSansCJK-Regular.ttc',
];
const FONT_FACE = 'NotoSansCJKsc-Regular';

interface FontkitGlyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}
interface FontkitSubset {
  glyphs: number[];
  includeGlyph(id: number): number;
  encode(): Uint8Array;
}
interface FontkitFont {
  layout(text: string, features?: unknown): { glyphs: FontkitGlyph[] };
  createSubset(): FontkitSubset;
}

export class FontMissingError extends Error {}

export function findCjkFont(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env['CJK_FONT'];
  const candidates = explicit ? [explicit] : FONT_CANDIDATES;
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new FontMissingError(
      `no Noto Sans CJK font found (looked at ${candidates.join(', ')}): install it with \`apt-get install fonts-noto-cjk\` or set CJK_FONT`,
    );
  }
  return found;
}

/** Every text the documents print (whole, so that ligatures and contextual forms are seen as printed). */
function baseTexts(): string[] {
  const parts: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') parts.push(value);
    else if (typeof value === 'function') parts.push(String((value as (...a: unknown[]) => string)(2025, 1)));
    else if (value && typeof value === 'object') for (const v of Object.values(value)) collect(v);
  };
  for (const lang of LANGUAGES) {
    collect(DOCUMENTS[lang]);
    collect(COMMON[lang]);
    for (let m = 1; m <= 12; m++) parts.push(formatMonth(`2025-${String(m).padStart(2, '0')}`, lang));
    parts.push(formatMoney(123456789, lang), formatDate('2025-12-31', lang));
  }
  for (const [surname] of SURNAMES) parts.push(surname);
  parts.push(...GIVEN_MALE, ...GIVEN_FEMALE, ...GIVEN_ANY, ...EMPLOYER_WORDS, ...EMPLOYER_TRADES);
  let ascii = '';
  for (let c = 0x20; c < 0x7f; c++) ascii += String.fromCharCode(c);
  parts.push(ascii, '¥€·—–…“”‘’，。：；（）、％');
  return parts;
}

let loaded: { font: FontkitFont; base: FontkitGlyph[] } | null = null;

/** The CJK font, parsed once, with the base glyphs first in every subset and encoded subsets cached. */
function cjkFont(): { font: FontkitFont; base: FontkitGlyph[] } {
  if (loaded) return loaded;
  const fontkit = require('fontkit') as { create(buffer: Buffer, postscriptName?: string): FontkitFont };
  const font = fontkit.create(readFileSync(findCjkFont()), FONT_FACE);
  const seen = new Set<number>();
  const baseGlyphs = baseTexts()
    .flatMap((text) => font.layout(text).glyphs)
    .filter((g) => g.id !== 0 && !seen.has(g.id) && seen.add(g.id));
  const base = baseGlyphs.map((g) => g.id);
  const encoded = new Map<string, Uint8Array>();
  const createSubset = font.createSubset.bind(font);
  font.createSubset = () => {
    const subset = createSubset();
    for (const id of base) subset.includeGlyph(id);
    const encode = subset.encode.bind(subset);
    subset.encode = () => {
      const key = subset.glyphs.join(',');
      const hit = encoded.get(key);
      if (process.env['PDF_DEBUG']) console.error('subset', subset.glyphs.length, hit ? 'hit' : 'miss');
      if (hit) return hit;
      const bytes = encode();
      if (encoded.size >= 32) encoded.clear();
      encoded.set(key, bytes);
      return bytes;
    };
    return subset;
  };
  // Shaping CJK text is the next cost: the same labels, months and amounts recur in every document.
  const layout = font.layout.bind(font);
  const runs = new Map<string, ReturnType<FontkitFont['layout']>>();
  font.layout = (text, features) => {
    const key = features === undefined ? text : `${text}\u0000${JSON.stringify(features)}`;
    let run = runs.get(key);
    if (!run) {
      run = layout(text, features);
      if (runs.size >= 50_000) runs.clear();
      runs.set(key, run);
    }
    return run;
  };
  loaded = { font, base: baseGlyphs };
  return loaded;
}

/**
 * Sets the CJK font on a document. The base glyphs take subset ids 1..n in every document, so their widths and
 * Unicode mappings are filled in for all of them (pdfkit fills only the glyphs a document draws, and the font's
 * tables must have no holes).
 */
function useCjkFont(doc: PDFKit.PDFDocument): void {
  const { font, base } = cjkFont();
  doc.font(font as unknown as string);
  const embedded = (doc as unknown as { _font: { widths: number[]; unicode: number[][]; scale: number } })
    ._font;
  base.forEach((glyph, i) => {
    embedded.widths[i + 1] = glyph.advanceWidth * embedded.scale;
    embedded.unicode[i + 1] = glyph.codePoints;
  });
}

/** Draws a QR code of `text` at (x, y), `size` points wide, from its modules (no image step). */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  const cell = size / (n + 2 * quiet);
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  doc.fillColor('#000000');
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.modules.get(r, c))
        doc.rect(x + (c + quiet) * cell, y + (r + quiet) * cell, cell + 0.01, cell + 0.01);
    }
  }
  doc.fill();
  doc.restore();
}

const formatted = new Map<string, string>();
/** Display formats are memoised: Intl formatters are costly to build, and a batch repeats the same values. */
function memo(kind: string, value: string | number, lang: Language, format: () => string): string {
  const key = `${kind}|${lang}|${value}`;
  let out = formatted.get(key);
  if (out === undefined) {
    out = format();
    if (formatted.size >= 100_000) formatted.clear();
    formatted.set(key, out);
  }
  return out;
}

export interface StatementPdfInput {
  statement: Omit<Statement, 'asOf'>;
  facts: DocumentFacts;
  checkCode: string;
  agency: AgencyConfig;
  language: Language;
  asOf: string;
}

function toBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** One statement as a PDF (A4). */
export function renderStatementPdf(input: StatementPdfInput): Promise<Buffer> {
  const { statement: s, facts, checkCode, agency, language: lang, asOf } = input;
  const t = DOCUMENTS[lang];
  const common = COMMON[lang];
  const money = (v: number): string => memo('money', v, lang, () => formatMoney(v, lang));
  const month = (m: string): string => memo('month', m, lang, () => formatMonth(m, lang));
  const date = (d: string): string => memo('date', d, lang, () => formatDate(d, lang));
  const num = (n: number): string => memo('number', n, lang, () => formatNumber(n, lang));
  const doc = new PDFDocument({
    // The CJK font from the start: pdfkit would otherwise load Helvetica's metrics for every document.
    font: cjkFont().font as unknown as string,
    size: 'A4',
    margin: 48,
    info: {
      Title: t.statementTitle(s.year),
      Author: agency.name[lang],
      Producer: agency.name[lang],
      Creator: agency.name[lang],
    },
  });
  const done = toBuffer(doc);
  useCjkFont(doc);
  const left = 48;
  const width = doc.page.width - 96;

  // Header: the agency, the title, the serial and check code, the QR code on the right.
  const qrSize = 96;
  const qrX = left + width - qrSize;
  const top = doc.y;
  const url = verifyUrl(agency, facts.serial, checkCode);
  drawQr(doc, url, qrX, top, qrSize);
  doc
    .fillColor('#000000')
    .fontSize(11)
    .text(agency.name[lang], left, top, { width: width - qrSize - 12 });
  doc.fontSize(16).text(t.statementTitle(s.year), { width: width - qrSize - 12 });
  doc.moveDown(0.3).fontSize(10);
  doc.text(`${t.serial}: ${facts.serial}`, { width: width - qrSize - 12 });
  doc.text(`${t.checkCode}: ${checkCode}`, { width: width - qrSize - 12 });
  doc.text(
    `${t.issuedOn}: ${date(facts.issuedAt.slice(0, 10))}   ${t.validUntil}: ${date(facts.validUntil.slice(0, 10))}`,
    {
      width: width - qrSize - 12,
    },
  );
  doc.y = Math.max(doc.y, top + qrSize) + 8;
  doc.x = left;
  doc.fontSize(9).fillColor('#333333').text(t.statementIntro, left, doc.y, { width });
  doc.fillColor('#000000').moveDown(0.6);

  const heading = (text: string): void => {
    if (doc.y > doc.page.height - 120) doc.addPage();
    doc.moveDown(0.4).fontSize(12).text(text, left, doc.y, { width }).moveDown(0.2).fontSize(9.5);
  };
  const pair = (label: string, value: string): void => {
    doc.text(`${label}: ${value}`, left, doc.y, { width });
  };

  if (s.person) {
    heading(t.person);
    if (s.person.name) pair(t.name, s.person.name);
    pair(t.nationalId, s.person.maskedNationalId);
  }
  if (s.enrolments && s.enrolments.length > 0) {
    heading(t.enrolments);
    for (const e of s.enrolments) {
      doc.text(`${common.insuranceType[e.insuranceType]} — ${t.since} ${month(e.since)}`, left, doc.y, {
        width,
      });
    }
  }
  if (s.months) {
    heading(t.months);
    const cols = [t.month, t.unit, t.base, t.employerPart, t.individualPart, t.status];
    const widths = [0.14, 0.22, 0.14, 0.16, 0.14, 0.2].map((f) => f * width);
    const row = (cells: string[]): void => {
      if (doc.y > doc.page.height - 80) doc.addPage();
      const y = doc.y;
      let x = left;
      let bottom = y;
      cells.forEach((cell, i) => {
        doc.text(cell, x, y, { width: (widths[i] ?? 60) - 4 });
        bottom = Math.max(bottom, doc.y);
        x += widths[i] ?? 60;
      });
      doc.y = bottom + 1;
    };
    doc.fontSize(8.5).fillColor('#333333');
    row(cols);
    doc.fillColor('#000000');
    for (const m of s.months) {
      row([
        month(m.month),
        m.unitNumber ?? t.flexible,
        money(m.base),
        money(m.employerPart),
        money(m.individualPart),
        common.contributionStatus[m.status],
      ]);
    }
    doc.fontSize(9.5);
  }
  if (s.totals) {
    heading(t.totals);
    pair(t.monthsPaid, num(s.totals.monthsPaid));
    pair(t.amountPaid, money(s.totals.amountPaid));
    pair(t.monthsInArrears, num(s.totals.monthsInArrears));
    pair(t.arrearsAmount, money(s.totals.arrearsAmount));
  }
  if (s.cumulativeMonths && s.cumulativeMonths.length > 0) {
    heading(t.cumulativeMonths);
    for (const c of s.cumulativeMonths) pair(common.insuranceType[c.insuranceType], num(c.months));
  }
  if (s.accounts) {
    heading(t.accounts);
    for (const kind of ['pension', 'medical'] as const) {
      const a = s.accounts[kind];
      if (!a) continue;
      doc.text(common.account[kind], left, doc.y, { width });
      doc.text(
        `   ${t.openingBalance}: ${money(a.openingBalance)}   ${t.accrual}: ${money(a.accrual)}   ${t.interest}: ${money(a.interest)}   ${t.closingBalance}: ${money(a.closingBalance)}`,
        left,
        doc.y,
        { width },
      );
    }
  }
  if (s.benefitsPaid) {
    heading(t.benefitsPaid);
    if (s.benefitsPaid.length === 0) doc.text(t.noBenefits, left, doc.y, { width });
    for (const b of s.benefitsPaid) pair(common.benefit[b.benefit], `${money(b.amount)} (${num(b.months)})`);
  }

  // How to check, and how current the data is.
  doc.moveDown(0.8).fontSize(9).fillColor('#333333');
  doc.text(`${t.asOf}: ${date(asOf.slice(0, 10))}`, left, doc.y, { width });
  doc.text(t.howToCheck(`${agency.publicWebUrl}/verify`), left, doc.y, { width });
  doc.text(`${t.serial}: ${facts.serial}   ${t.checkCode}: ${checkCode}`, left, doc.y, { width });
  doc.end();
  return done;
}

/** Loads the font now (a batch does it before its clock starts; the API at its first statement). */
export function warmPdfFont(): void {
  cjkFont();
}

export interface IssuedStatementPdf {
  pdf: Buffer;
  serial: string;
  checkCode: string;
  validUntil: string;
}

/**
 * Issues one statement document (the web's download and the mailing batch alike): a serial and check code, the
 * facts a check must show, the PDF, and the registration that makes it verifiable (the check code kept as a hash).
 */
export async function issueStatementPdf(input: {
  ops: OperationalStore;
  personId: number;
  statement: Omit<Statement, 'asOf'>;
  person: { name?: string | undefined; nationalId: string };
  issued: Date;
  agency: AgencyConfig;
  language: Language;
  asOf: string;
}): Promise<IssuedStatementPdf> {
  const serial = statementSerial(input.statement.year);
  const checkCode = newCheckCode();
  const validUntil = new Date(input.issued.getTime() + STATEMENT_VALID_DAYS * 86_400_000).toISOString();
  const masked = maskNationalId(input.person.nationalId);
  const facts = statementFacts(input.statement, masked, serial, input.issued.toISOString(), validUntil);
  const pdf = await renderStatementPdf({
    statement: {
      ...input.statement,
      person: { name: input.person.name ?? '', nationalId: masked, maskedNationalId: masked },
    },
    facts,
    checkCode,
    agency: input.agency,
    language: input.language,
    asOf: input.asOf,
  });
  await registerStatement(input.ops, input.personId, facts, checkCode);
  return { pdf, serial, checkCode, validUntil };
}
