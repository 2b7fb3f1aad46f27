// The phone server's configuration: defaults, the phone client key from the demo credentials, and the refusal to
// run with the public development token in production.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEV_AUTH_TOKEN, isLoopback, loadConfig, parseLanguageByNumber } from './config.ts';

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
  it('refuses the development token when listening beyond loopback or behind a public URL, whatever NODE_ENV', () => {
    expect(() => loadConfig({ DATA_DIR: dir, IVR_HOST: '0.0.0.0' })).toThrow(/development Twilio auth token/);
    expect(() => loadConfig({ DATA_DIR: dir, IVR_HOST: '192.168.1.20' })).toThrow(/development/);
    expect(() => loadConfig({ DATA_DIR: dir, PUBLIC_BASE_URL: 'https://ivr.example.org' })).toThrow(
      /development/,
    );
    expect(loadConfig({ DATA_DIR: dir, IVR_HOST: '0.0.0.0', TWILIO_AUTH_TOKEN: 'real' }).host).toBe(
      '0.0.0.0',
    );
    expect(loadConfig({ DATA_DIR: dir, IVR_HOST: '::1' }).usingDevToken).toBe(true);
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost'])
      expect(isLoopback(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', 'ivr.example.org', '::ffff:10.0.0.1'])
      expect(isLoopback(host)).toBe(false);
  });
  it('reads LANGUAGE_BY_NUMBER, AGENT_HOURS and IVR_VOICES, and refuses what it cannot read', () => {
    expect(parseLanguageByNumber('+34910000001=es, +8610000002=zh-CN')).toEqual({
      '+34910000001': 'es',
      '+8610000002': 'zh-CN',
    });
    expect(() => parseLanguageByNumber('+34910000001=fr')).toThrow(/LANGUAGE_BY_NUMBER/);
    expect(() => parseLanguageByNumber('34910000001=es')).toThrow(/LANGUAGE_BY_NUMBER/);
    const c = loadConfig({ DATA_DIR: dir, AGENT_HOURS: '1-5 09:00-18:00', IVR_VOICES: 'standard' });
    expect(c.agentHours.text).toBe('1-5 09:00-18:00');
    expect(c.voices.en.voice).toBe('Polly.Joanna');
    expect(() => loadConfig({ DATA_DIR: dir, AGENT_HOURS: 'weekdays' })).toThrow(/AGENT_HOURS/);
    expect(() => loadConfig({ DATA_DIR: dir, AGENCY_TIME_ZONE: 'Mars/Olympus' })).toThrow();
  });
});
