// IPC handlers, one per bridge action. Each checks that the call comes from our window's main frame showing
// app://kiosk before anything runs: a frame from anywhere else gets nothing.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { KIOSK_IPC, type KioskBridge, type KioskInvokeChannel } from '../../shared/src/bridge.ts';
import { APP_ORIGIN } from './window.ts';

export type MainActions = {
  [K in KioskInvokeChannel]: (...args: Parameters<KioskBridge[K]>) => ReturnType<KioskBridge[K]>;
};

export class UntrustedSenderError extends Error {
  constructor() {
    super('IPC refused: the sender is not the kiosk window');
  }
}

/** True only for the kiosk window's own top frame on the app:// origin. */
export function isTrustedSender(event: IpcMainInvokeEvent, kioskContents: () => WebContents | null): boolean {
  const contents = kioskContents();
  const frame = event.senderFrame;
  if (!contents || !frame || event.sender !== contents) return false;
  if (frame !== contents.mainFrame) return false;
  try {
    return new URL(frame.url).origin === APP_ORIGIN || frame.url.startsWith(`${APP_ORIGIN}/`);
  } catch {
    return false;
  }
}

export function registerIpcHandlers(
  ipcMain: IpcMain,
  actions: MainActions,
  kioskContents: () => WebContents | null,
): void {
  for (const name of Object.keys(actions) as KioskInvokeChannel[]) {
    const action = actions[name] as (...args: unknown[]) => unknown;
    ipcMain.handle(KIOSK_IPC[name], (event, ...args: unknown[]) => {
      if (!isTrustedSender(event, kioskContents)) throw new UntrustedSenderError();
      return action(...args);
    });
  }
}
