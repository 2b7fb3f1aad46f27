// The kiosk's one window: full-screen kiosk mode, no menu, and the renderer locked down (Electron security
// checklist: context isolation, sandbox, no Node, no webview, DevTools only in development).
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';

export const APP_ORIGIN = 'app://kiosk';
export const START_URL = `${APP_ORIGIN}/index.html`;

export function kioskWindowOptions(options: {
  preloadPath: string;
  development: boolean;
}): BrowserWindowConstructorOptions {
  return {
    kiosk: true,
    fullscreen: true,
    autoHideMenuBar: true,
    show: false,
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: options.development,
      safeDialogs: true,
    },
  };
}

type WindowConstructor = new (options: BrowserWindowConstructorOptions) => BrowserWindow;

/** Creates the window and loads the start screen; the menu is removed, not merely hidden. */
export function createKioskWindow(
  Window: WindowConstructor,
  options: { preloadPath: string; development: boolean },
): BrowserWindow {
  const window = new Window(kioskWindowOptions(options));
  window.removeMenu();
  window.once('ready-to-show', () => window.show());
  void window.loadURL(START_URL);
  return window;
}
