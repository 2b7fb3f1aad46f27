// The kiosk's web build as served: compressed as the browser accepts, hashed assets cached for a year, the page
// revalidated and carrying the agency's time zone, unknown paths answered with the page but never API paths.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseEncoding, IMMUTABLE, REVALIDATE, staticKiosk } from './static.ts';

let dir: string;
let url: string;
let close: () => void;
const script = `console.log(${JSON.stringify('x'.repeat(5000))});`;
const builtBr = brotliCompressSync(script, { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } });
const builtGz = gzipSync(script, { level: 1 });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'consulta-static-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html><head><title>t</title></head><body></body></html>',
  );
  writeFileSync(join(dir, 'assets', 'index-Bs3var7c.js'), script);
  writeFileSync(join(dir, 'assets', 'logo.svg'), '<svg/>');
  writeFileSync(join(dir, '.secret'), 'hidden');
  // A script with the build's compressed copies beside it (renderer/vite.config.ts), at levels the server
  // itself never uses, so the bytes sent show which copy went out.
  writeFileSync(join(dir, 'assets', 'records-Cq8d1LmZ.js'), script);
  writeFileSync(join(dir, 'assets', 'records-Cq8d1LmZ.js.br'), builtBr);
  writeFileSync(join(dir, 'assets', 'records-Cq8d1LmZ.js.gz'), builtGz);
  const app = express();
  app.use(staticKiosk(dir, { timeZone: 'Europe/Madrid' }));
  app.use((_req, res) => res.status(404).json({ code: 'not_found' }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => {
  close?.();
  rmSync(dir, { recursive: true, force: true });
});

/** fetch() would decode the body itself; node's raw bytes show what went over the wire. */
async function raw(path: string, acceptEncoding?: string) {
  const { request } = await import('node:http');
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  }>((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('static kiosk files', () => {
  it('sends brotli when accepted, gzip otherwise, identity when neither', async () => {
    const br = await raw('/assets/index-Bs3var7c.js', 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toBe('Accept-Encoding');
    expect(br.body.length).toBeLessThan(script.length / 10);
    expect(brotliDecompressSync(br.body).toString()).toBe(script);
    const gz = await raw('/assets/index-Bs3var7c.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(script);
    const plain = await raw('/assets/index-Bs3var7c.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it("sends the build's compressed copies as they are, and never under their own names", async () => {
    const br = await raw('/assets/records-Cq8d1LmZ.js', 'br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.body.equals(builtBr)).toBe(true);
    expect(brotliDecompressSync(br.body).toString()).toBe(script);
    const gz = await raw('/assets/records-Cq8d1LmZ.js', 'gzip');
    expect(gz.body.equals(builtGz)).toBe(true);
    expect((await raw('/assets/records-Cq8d1LmZ.js')).body.toString()).toBe(script);
    expect((await raw('/assets/records-Cq8d1LmZ.js.br')).status).toBe(404);
    // Without copies the server compresses itself (its own brotli level differs from the copy's).
    const own = await raw('/assets/index-Bs3var7c.js', 'br');
    expect(own.body.equals(builtBr)).toBe(false);
  });

  it('caches hashed assets for a year and revalidates everything else; never no-store', async () => {
    expect((await raw('/assets/index-Bs3var7c.js', 'br')).headers['cache-control']).toBe(IMMUTABLE);
    expect((await raw('/assets/logo.svg')).headers['cache-control']).toBe(REVALIDATE);
    const page = await raw('/', 'br');
    expect(page.headers['cache-control']).toBe(REVALIDATE);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('writes the agency time zone into the page, and serves the page for app paths only', async () => {
    const page = (await raw('/')).body.toString();
    expect(page).toContain('<meta name="agency-time-zone" content="Europe/Madrid" />');
    expect((await raw('/some/screen')).body.toString()).toContain('agency-time-zone');
    expect((await raw('/v1/me/summary')).status).toBe(404);
    expect((await raw('/assets/missing-12345678.js')).status).toBe(404);
    expect((await raw('/.secret')).body.toString()).not.toContain('hidden');
    expect((await raw('/%2e%2e/%2e%2e/etc/passwd')).body.toString()).not.toContain('root:');
  });

  it('chooses the encoding from Accept-Encoding, honouring q=0', () => {
    expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('identity')).toBeNull();
    expect(chooseEncoding(undefined)).toBeNull();
  });

  it('falls back to the default zone for an unknown or malformed one', async () => {
    const app = express();
    app.use(staticKiosk(dir, { timeZone: '"><script>' }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    expect(await res.text()).toContain('content="Asia/Shanghai"');
    server.close();
  });
});
