// Navigation, redirect, new-window, webview and permission guards, and the CSP header, with Electron's objects faked.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { KIOSK_CSP } from '../../shared/src/csp.ts';
import { applySecurity, guardSession, guardWebContents } from './security.ts';

function fakeContents() {
  const emitter = new EventEmitter();
  let openHandler: ((details: { url: string }) => { action: string }) | null = null;
  return Object.assign(emitter, {
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      openHandler = handler;
    },
    open: (url: string) => openHandler?.({ url }),
  });
}

describe('web contents guard', () => {
  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview'])(
    'refuses %s',
    (name) => {
      const contents = fakeContents();
      guardWebContents(contents as never);
      const event = { preventDefault: vi.fn() };
      contents.emit(name, event, 'https://example.org/');
      expect(event.preventDefault).toHaveBeenCalled();
    },
  );

  it('denies every new window', () => {
    const contents = fakeContents();
    guardWebContents(contents as never);
    expect(contents.open('https://example.org/')).toEqual({ action: 'deny' });
    expect(contents.open('app://kiosk/index.html')).toEqual({ action: 'deny' });
  });

  it('guards web contents created later (applySecurity on the app)', () => {
    const app = new EventEmitter();
    const session = fakeSession();
    applySecurity(app as never, session as never);
    const contents = fakeContents();
    app.emit('web-contents-created', {}, contents);
    const event = { preventDefault: vi.fn() };
    contents.emit('will-navigate', event, 'https://example.org/');
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

function fakeSession() {
  const handlers: Record<string, (...args: never[]) => unknown> = {};
  return {
    handlers,
    setPermissionRequestHandler: (h: never) => (handlers.request = h),
    setPermissionCheckHandler: (h: never) => (handlers.check = h),
    setDevicePermissionHandler: (h: never) => (handlers.device = h),
    webRequest: { onHeadersReceived: (h: never) => (handlers.headers = h) },
  };
}

describe('session guard', () => {
  it('denies every permission request and check', () => {
    const session = fakeSession();
    guardSession(session as never);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'hid', 'serial']) {
      const callback = vi.fn();
      (session.handlers.request as (...a: unknown[]) => void)({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect((session.handlers.check as (...a: unknown[]) => boolean)({}, permission)).toBe(false);
    }
    expect((session.handlers.device as (...a: unknown[]) => boolean)({})).toBe(false);
  });

  it('adds the strict CSP to every response', () => {
    const session = fakeSession();
    guardSession(session as never);
    const callback = vi.fn();
    (session.handlers.headers as (...a: unknown[]) => void)(
      { responseHeaders: { 'X-Other': ['1'] } },
      callback,
    );
    const headers = callback.mock.calls[0]?.[0].responseHeaders;
    expect(headers['Content-Security-Policy']).toEqual([KIOSK_CSP]);
    expect(headers['X-Other']).toEqual(['1']);
    expect(KIOSK_CSP).toContain("script-src 'self'");
    expect(KIOSK_CSP).not.toContain('unsafe-inline');
    expect(KIOSK_CSP).not.toContain('unsafe-eval');
  });
});
