// The app:// scheme serves only files inside the built renderer, with the CSP header.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appResponse, resolveAppFile } from './protocol.ts';
import { KIOSK_CSP } from '../../shared/src/csp.ts';

const root = mkdtempSync(join(tmpdir(), 'kiosk-renderer-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>k</title>');
writeFileSync(join(root, 'assets', 'a.js'), 'console.log(1)');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('app protocol', () => {
  it('maps app://kiosk paths into the renderer folder and refuses escapes and other hosts', () => {
    expect(resolveAppFile(root, 'app://kiosk/')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://kiosk/assets/a.js')).toBe(join(root, 'assets', 'a.js'));
    expect(resolveAppFile(root, 'app://kiosk/../../etc/passwd')).toBe(join(root, 'etc', 'passwd'));
    expect(resolveAppFile(root, 'app://kiosk/%2e%2e/%2e%2e/etc/passwd')).toBe(join(root, 'etc', 'passwd'));
    expect(resolveAppFile(root, 'app://kiosk/..%2f..%2fetc%2fpasswd')).toBeNull();
    expect(resolveAppFile(root, 'app://other/index.html')).toBeNull();
    expect(resolveAppFile(root, 'https://kiosk/index.html')).toBeNull();
  });

  it('answers with the file, its type and the CSP, or 404', async () => {
    const ok = await appResponse(root, 'app://kiosk/assets/a.js', (p) => readFile(p));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('text/javascript');
    expect(ok.headers.get('content-security-policy')).toBe(KIOSK_CSP);
    expect(await ok.text()).toBe('console.log(1)');
    expect((await appResponse(root, 'app://kiosk/missing.js', (p) => readFile(p))).status).toBe(404);
    expect((await appResponse(root, 'app://kiosk/..%2f..%2fx', (p) => readFile(p))).status).toBe(404);
  });
});
