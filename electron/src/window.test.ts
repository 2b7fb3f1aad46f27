// The window's options follow the Electron security checklist; DevTools only in development.
import { describe, expect, it, vi } from 'vitest';
import { createKioskWindow, kioskWindowOptions, START_URL } from './window.ts';

describe('kiosk window options', () => {
  it('locks the renderer down and fills the screen in kiosk mode', () => {
    const options = kioskWindowOptions({ preloadPath: '/app/preload.cjs', development: false });
    expect(options.kiosk).toBe(true);
    expect(options.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      devTools: false,
    });
  });

  it('allows DevTools only in development', () => {
    expect(kioskWindowOptions({ preloadPath: 'p', development: true }).webPreferences?.devTools).toBe(true);
  });

  it('creates the window without a menu and loads the start screen from app://', () => {
    const instances: {
      options: unknown;
      removeMenu: ReturnType<typeof vi.fn>;
      loadURL: ReturnType<typeof vi.fn>;
    }[] = [];
    class FakeWindow {
      removeMenu = vi.fn();
      loadURL = vi.fn(() => Promise.resolve());
      once = vi.fn();
      constructor(public options: unknown) {
        instances.push(this);
      }
    }
    createKioskWindow(FakeWindow as never, { preloadPath: 'p', development: false });
    expect(instances).toHaveLength(1);
    expect(instances[0]?.removeMenu).toHaveBeenCalled();
    expect(instances[0]?.loadURL).toHaveBeenCalledWith(START_URL);
    expect(START_URL.startsWith('app://kiosk/')).toBe(true);
  });
});
