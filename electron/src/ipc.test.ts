// IPC handlers run only for the kiosk window's own top frame on app://kiosk.
import { describe, expect, it, vi } from 'vitest';
import { KIOSK_IPC } from '../../shared/src/bridge.ts';
import { isTrustedSender, registerIpcHandlers, UntrustedSenderError, type MainActions } from './ipc.ts';

function setup() {
  const mainFrame = { url: 'app://kiosk/index.html' };
  const contents = { mainFrame };
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const ipcMain = {
    handle: (channel: string, h: (event: unknown, ...args: unknown[]) => unknown) => handlers.set(channel, h),
  };
  const actions = Object.fromEntries(
    Object.keys(KIOSK_IPC)
      .filter((k) => k !== 'cardRead')
      .map((k) => [k, vi.fn(async (...args: unknown[]) => ({ action: k, args }))]),
  ) as unknown as MainActions;
  registerIpcHandlers(ipcMain as never, actions, () => contents as never);
  return { mainFrame, contents, handlers, actions };
}

describe('IPC sender checks', () => {
  it('registers one handler per action and runs it for the kiosk frame', async () => {
    const { contents, mainFrame, handlers, actions } = setup();
    expect(handlers.size).toBe(Object.keys(KIOSK_IPC).length - 1);
    const login = handlers.get(KIOSK_IPC.login);
    const request = { method: 'pin', nationalId: 'x', pin: '123456' };
    await expect(login?.({ sender: contents, senderFrame: mainFrame }, request)).resolves.toEqual({
      action: 'login',
      args: [request],
    });
    expect(actions.login).toHaveBeenCalledTimes(1);
  });

  it('refuses another web contents, a subframe, another origin and a missing frame', () => {
    const { contents, mainFrame, handlers, actions } = setup();
    const summary = handlers.get(KIOSK_IPC.summary);
    const cases = [
      { sender: { mainFrame }, senderFrame: mainFrame },
      { sender: contents, senderFrame: { url: 'app://kiosk/index.html' } },
      { sender: contents, senderFrame: null },
    ];
    for (const event of cases) expect(() => summary?.(event)).toThrow(UntrustedSenderError);
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'app://other/index.html',
      'not a url',
    ]) {
      mainFrame.url = url;
      expect(() => summary?.({ sender: contents, senderFrame: mainFrame })).toThrow(UntrustedSenderError);
    }
    expect(actions.summary).not.toHaveBeenCalled();
  });

  it('refuses everything when no kiosk window exists', () => {
    expect(isTrustedSender({ sender: {}, senderFrame: { url: 'app://kiosk/' } } as never, () => null)).toBe(
      false,
    );
  });
});
