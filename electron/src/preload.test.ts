// The preload exposes one function per action under window.kiosk and never ipcRenderer; Electron is mocked.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { KIOSK_IPC } from '../../shared/src/bridge.ts';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: {
    invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, data: null })),
    on: vi.fn(),
    removeListener: vi.fn(),
  },
}));
vi.mock('electron', () => electron);

describe('preload', () => {
  beforeEach(() => vi.clearAllMocks());

  it('exposes only functions under "kiosk", never ipcRenderer', async () => {
    vi.resetModules();
    await import('./preload.ts');
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [name, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [
      string,
      Record<string, unknown>,
    ];
    expect(name).toBe('kiosk');
    for (const value of Object.values(api)) {
      expect(typeof value).toBe('function');
      expect(value).not.toBe(electron.ipcRenderer);
    }
    expect(Object.values(api)).not.toContain(electron.ipcRenderer.invoke);
    expect(Object.keys(api).sort()).toEqual(
      [...Object.keys(KIOSK_IPC).filter((k) => k !== 'cardRead'), 'onCardRead'].sort(),
    );
  });

  it('sends each action on its own channel with only its arguments', async () => {
    const { kioskBridge } = await import('./preload.ts');
    await kioskBridge.login({ method: 'pin', nationalId: 'n', pin: '000000' });
    await kioskBridge.employerStaffContributions('r1', { page: 2 });
    expect(electron.ipcRenderer.invoke.mock.calls).toEqual([
      [KIOSK_IPC.login, { method: 'pin', nationalId: 'n', pin: '000000' }],
      [KIOSK_IPC.employerStaffContributions, 'r1', { page: 2 }],
    ]);
  });

  it('passes a card read to the listener without the IPC event, and unsubscribes', async () => {
    const { kioskBridge } = await import('./preload.ts');
    const listener = vi.fn();
    const off = kioskBridge.onCardRead(listener);
    const [channel, handler] = electron.ipcRenderer.on.mock.calls[0] as [
      string,
      (e: unknown, id: unknown) => void,
    ];
    expect(channel).toBe(KIOSK_IPC.cardRead);
    handler({ sender: 'secret' }, '110105194912310021');
    handler({}, 42);
    expect(listener.mock.calls).toEqual([['110105194912310021']]);
    off();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(KIOSK_IPC.cardRead, handler);
  });
});
