// The phone server's configuration: defaults, the phone client key from the demo credentials, and the refusal to
// run with the public development token in production.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEV_AUTH_TOKEN, loadConfig } from './config.ts';

const dir = mkdtempSync(join(tmpdir(), 'consulta-ivr-config-'));
writeFileSync(
  join(dir, 'demo-credentials.json'),
  JSON.stringify({
    clients: [
      { channel: 'kiosk', key: 'k-kiosk' },
      { channel: 'phone', key: 'k-phone' },
    ],
  }),
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadConfig', () => {
  it('has defaults and reads the phone client key from the demo credentials', () => {
    const c = loadConfig({ DATA_DIR: dir });
    expect(c).toMatchObject({
      port: 8081,
      apiUrl: 'http://127.0.0.1:8080',
      clientKey: 'k-phone',
      authToken: DEV_AUTH_TOKEN,
      usingDevToken: true,
      publicBaseUrl: 'http://127.0.0.1:8081',
    });
    expect(c.agentNumber).toBeUndefined();
  });
  it('takes the environment over the defaults', () => {
    const c = loadConfig({
      DATA_DIR: dir,
      IVR_PORT: '9000',
      QUERY_API_URL: 'http://api.internal:8080',
      IVR_CLIENT_KEY: 'explicit',
      TWILIO_AUTH_TOKEN: 'real-token',
      PUBLIC_BASE_URL: 'https://ivr.example.org/',
      AGENT_NUMBER: '+34910000000',
      NODE_ENV: 'production',
    });
    expect(c).toMatchObject({
      port: 9000,
      apiUrl: 'http://api.internal:8080',
      clientKey: 'explicit',
      authToken: 'real-token',
      usingDevToken: false,
      publicBaseUrl: 'https://ivr.example.org',
      agentNumber: '+34910000000',
    });
  });
  it('refuses the development token in production, and says what is missing', () => {
    expect(() => loadConfig({ DATA_DIR: dir, NODE_ENV: 'production' })).toThrow(
      /TWILIO_AUTH_TOKEN is required/,
    );
    expect(() => loadConfig({ DATA_DIR: join(dir, 'nowhere') })).toThrow(/IVR_CLIENT_KEY/);
    expect(() => loadConfig({ DATA_DIR: dir, IVR_PORT: 'eighty' })).toThrow(/IVR_PORT/);
    expect(() => loadConfig({ DATA_DIR: dir, PUBLIC_BASE_URL: 'not a url' })).toThrow(/PUBLIC_BASE_URL/);
  });
});
