// Printing the certificate: silently to the configured printer (webContents.print), and, where the operator or a
// test configured a folder, the same page as a PDF file (webContents.printToPDF).
import { join } from 'node:path';
import type { WebContents } from 'electron';
import type { KioskConfig } from './config.ts';

export interface PrintOutcome {
  printed: boolean;
  pdfPath?: string;
}

export interface Printer {
  print(contents: WebContents): Promise<PrintOutcome>;
}

export function createPrinter(
  config: Pick<KioskConfig, 'printer' | 'pdfDir'>,
  deps: { writeFile(path: string, data: Uint8Array): Promise<void>; now(): Date },
): Printer {
  return {
    async print(contents) {
      const outcome: PrintOutcome = { printed: false };
      if (config.pdfDir) {
        const pdf = await contents.printToPDF({ printBackground: true, pageSize: 'A4' });
        // A serial-free, timestamped name: nothing personal in file names.
        const path = join(config.pdfDir, `certificate-${deps.now().toISOString().replace(/[:.]/g, '-')}.pdf`);
        await deps.writeFile(path, pdf);
        outcome.pdfPath = path;
      }
      outcome.printed = await new Promise<boolean>((resolve) => {
        contents.print(
          {
            silent: true,
            printBackground: true,
            ...(config.printer ? { deviceName: config.printer } : {}),
          },
          (success) => resolve(success),
        );
      });
      return outcome;
    },
  };
}
