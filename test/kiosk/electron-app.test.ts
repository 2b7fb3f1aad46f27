/// <reference lib="dom" />
// The real Electron app through Playwright's _electron, only where Electron's binary is installed; elsewhere the
// test is skipped and says so. The main-process rules are unit-tested in electron/src with Electron mocked.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningApi } from '../../query-api/src/app.ts';
import { findElectronBinary, launchKiosk } from '../../electron/src/launch.ts';
import { ensureRendererBuilt, insured, kioskKey, readCredentials, ROOT, startKioskApi } from './harness.ts';

const binary = findElectronBinary();
if (!binary)
  console.warn(
    "SKIPPED: Electron's binary is not installed here; the real-app tests of the kiosk did not run.",
  );

describe('launcher', () => {
  it('prints the web version address when Electron is absent', () => {
    if (binary) return;
    const lines: string[] = [];
    const result = launchKiosk({ apiUrl: 'http://127.0.0.1:9', log: (l) => lines.push(l) });
    expect(result).toEqual({ mode: 'browser', url: 'http://127.0.0.1:9/' });
    expect(lines.join('\n')).toContain('http://127.0.0.1:9/');
  });
});

describe.skipIf(!binary)('the real Electron app', () => {
  let api: RunningApi;
  let configFile: string;
  beforeAll(async () => {
    ensureRendererBuilt();
    const dataDir = inject('demoDataDir');
    api = await startKioskApi(dataDir);
    configFile = join(mkdtempSync(join(tmpdir(), 'kiosk-config-')), 'kiosk.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        apiUrl: api.url,
        clientKey: kioskKey(readCredentials(dataDir)),
        idleWarningSeconds: 30,
        idleLogoutSeconds: 40,
      }),
    );
  });
  afterAll(() => api?.close());

  it('opens the kiosk window, refuses navigation, exposes only the bridge and logs a person in', async () => {
    const app = await electron.launch({
      executablePath: binary!,
      args: [join(ROOT, 'electron'), '--no-sandbox'],
      env: { ...process.env, KIOSK_CONFIG: configFile },
    });
    const win = await app.firstWindow();
    await win.getByTestId('start-insured').waitFor();
    expect(await win.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe(
      'undefined',
    );
    expect(
      await win.evaluate(() =>
        Object.keys((window as unknown as { kiosk: object }).kiosk)
          .sort()
          .join(','),
      ),
    ).toContain('login');
    await win.evaluate(() => {
      window.location.href = 'https://example.org/';
    });
    await win.waitForTimeout(500);
    expect(win.url()).toMatch(/^app:\/\/kiosk\//);
    const worker = insured(readCredentials(inject('demoDataDir')), 'worker-arrears');
    await win.getByTestId('start-insured').click();
    await win.getByTestId('national-id').fill(worker.nationalId);
    await win.getByTestId('id-next').click();
    await win.getByTestId('pin').fill(worker.pin);
    await win.getByTestId('pin-submit').click();
    await win.getByTestId('summary').waitFor();
    await app.close();
  });
});
