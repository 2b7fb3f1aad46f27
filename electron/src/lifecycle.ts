// Keeping a kiosk alive: one instance, the display awake, and the start screen back after a crash or a hang
// (with the crashed session's token dropped first).
import type { App, BrowserWindow, PowerSaveBlocker } from 'electron';
import { START_URL } from './window.ts';

/** Returns false when another instance already runs (this one quits). */
export function claimSingleInstance(app: App, focus: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', focus);
  return true;
}

export function keepDisplayAwake(blocker: PowerSaveBlocker): number {
  return blocker.start('prevent-display-sleep');
}

/** A renderer that is gone or stops answering is brought back to the start screen with no session. */
export function recoverOnCrash(window: BrowserWindow, dropSession: () => Promise<void>): void {
  const restart = () => {
    void dropSession().finally(() => {
      if (!window.isDestroyed()) void window.webContents.loadURL(START_URL);
    });
  };
  window.webContents.on('render-process-gone', restart);
  window.on('unresponsive', restart);
}
