// Printing: silent to the configured printer, and a PDF file where a folder is configured.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPrinter } from './printing.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fakeContents(success: boolean) {
  return {
    print: vi.fn((_options: unknown, callback: (ok: boolean) => void) => callback(success)),
    printToPDF: vi.fn(async () => new Uint8Array(Buffer.from('%PDF-1.7 certificate'))),
  };
}

describe('printer', () => {
  it('prints silently to the configured printer', async () => {
    const contents = fakeContents(true);
    const printer = createPrinter({ printer: 'Agency-Front-Desk' }, { writeFile, now: () => new Date() });
    await expect(printer.print(contents as never)).resolves.toEqual({ printed: true });
    expect(contents.print.mock.calls[0]?.[0]).toMatchObject({
      silent: true,
      deviceName: 'Agency-Front-Desk',
    });
    expect(contents.printToPDF).not.toHaveBeenCalled();
  });

  it('uses the default printer when none is configured and reports a failed print', async () => {
    const contents = fakeContents(false);
    const printer = createPrinter({}, { writeFile, now: () => new Date() });
    await expect(printer.print(contents as never)).resolves.toEqual({ printed: false });
    expect(contents.print.mock.calls[0]?.[0]).not.toHaveProperty('deviceName');
  });

  it('writes the page as a PDF file when a folder is configured, with nothing personal in its name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-pdf-'));
    dirs.push(dir);
    const contents = fakeContents(true);
    const printer = createPrinter(
      { pdfDir: dir },
      { writeFile, now: () => new Date('2025-01-02T03:04:05.678Z') },
    );
    const outcome = await printer.print(contents as never);
    expect(outcome.printed).toBe(true);
    expect(readdirSync(dir)).toEqual(['certificate-2025-01-02T03-04-05-678Z.pdf']);
    expect(readFileSync(outcome.pdfPath ?? '', 'utf8')).toContain('%PDF');
  });
});
