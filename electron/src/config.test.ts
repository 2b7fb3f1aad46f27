// The terminal's configuration file: defaults, validation, and errors that never echo the key.
import { describe, expect, it } from 'vitest';
import {
  configPath,
  DEFAULT_CONFIG_PATH,
  KioskConfigError,
  loadKioskConfig,
  parseKioskConfig,
  settingsFor,
} from './config.ts';

const valid = { apiUrl: 'http://127.0.0.1:8080/', clientKey: 'kiosk-01.s3cret' };

describe('kiosk configuration', () => {
  it('reads KIOSK_CONFIG or the default path, with 60/90 s idle defaults', () => {
    expect(configPath({})).toBe(DEFAULT_CONFIG_PATH);
    expect(configPath({ KIOSK_CONFIG: '/tmp/k.json' })).toBe('/tmp/k.json');
    const config = loadKioskConfig({ KIOSK_CONFIG: '/x' }, () => JSON.stringify(valid));
    expect(config).toMatchObject({
      apiUrl: 'http://127.0.0.1:8080',
      idleWarningSeconds: 60,
      idleLogoutSeconds: 90,
      development: false,
    });
  });

  it('gives the screens settings without the key or the API address', () => {
    const settings = settingsFor(parseKioskConfig({ ...valid, idleWarningSeconds: 5, idleLogoutSeconds: 8 }));
    expect(settings).toEqual({
      channel: 'kiosk',
      idleWarningSeconds: 5,
      idleLogoutSeconds: 8,
      silentPrint: true,
      timeZone: 'Asia/Shanghai',
      layout: 'kiosk',
    });
    expect(JSON.stringify(settings)).not.toContain('s3cret');
  });

  it("takes the agency's time zone from the file or AGENCY_TIME_ZONE, and refuses none silently", () => {
    expect(parseKioskConfig({ ...valid, timeZone: 'Europe/Madrid' }).timeZone).toBe('Europe/Madrid');
    expect(parseKioskConfig(valid, { AGENCY_TIME_ZONE: 'America/Lima' }).timeZone).toBe('America/Lima');
    expect(parseKioskConfig(valid, { AGENCY_TIME_ZONE: 'Nowhere/Atlantis' }).timeZone).toBe('Asia/Shanghai');
  });

  it.each([
    [null, 'JSON object'],
    [{ ...valid, apiUrl: 'ftp://x' }, 'apiUrl'],
    [{ ...valid, clientKey: 'no-dot' }, 'clientKey'],
    [{ ...valid, idleWarningSeconds: -1 }, 'idleWarningSeconds'],
    [{ ...valid, idleWarningSeconds: 90, idleLogoutSeconds: 60 }, 'greater'],
  ])('refuses %j with a clear error', (raw, message) => {
    expect(() => parseKioskConfig(raw)).toThrow(KioskConfigError);
    expect(() => parseKioskConfig(raw)).toThrow(message);
  });

  it('says which file it could not read or parse', () => {
    expect(() =>
      loadKioskConfig({ KIOSK_CONFIG: '/nope.json' }, () => {
        throw new Error('ENOENT');
      }),
    ).toThrow('/nope.json');
    expect(() => loadKioskConfig({}, () => '{oops')).toThrow('not valid JSON');
    expect(() => loadKioskConfig({}, () => JSON.stringify({ ...valid, clientKey: 'bad key' }))).not.toThrow(
      'bad key',
    );
  });
});
