import { beforeAll, describe, expect, it, vi } from 'vitest';
import { operationNames, type ApiEvent } from '../../shared/api.js';

// The real preload module, with Electron replaced by recorders: what it exposes and which channels it uses.
const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoked: [] as { channel: string; args: unknown[] }[],
  listeners: new Map<string, Set<(...args: unknown[]) => void>>(),
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api),
  },
  ipcRenderer: {
    invoke: (channel: string, ...args: unknown[]) => {
      electron.invoked.push({ channel, args });
      return Promise.resolve({ ok: true, value: channel });
    },
    on: (channel: string, listener: (...args: unknown[]) => void) => {
      const set = electron.listeners.get(channel) ?? new Set();
      set.add(listener);
      electron.listeners.set(channel, set);
    },
    removeListener: (channel: string, listener: (...args: unknown[]) => void) => electron.listeners.get(channel)?.delete(listener),
  },
}));

type Bridge = Record<string, (...args: unknown[]) => unknown>;

describe('the preload bridge', () => {
  let bridge: Bridge;
  beforeAll(async () => {
    await import('../../electron/preload/preload.js');
    bridge = electron.exposed.get('assay') as Bridge;
  });

  it('exposes exactly one object, window.assay', () => {
    expect([...electron.exposed.keys()]).toEqual(['assay']);
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('has exactly one function per operation of the contract, plus onEvent', () => {
    expect(Object.keys(bridge).sort()).toEqual([...operationNames, 'onEvent'].sort());
    for (const key of Object.keys(bridge)) expect(typeof bridge[key]).toBe('function');
  });

  it('sends each operation on its own channel assay:<name>, with exactly one argument', async () => {
    for (const name of operationNames) {
      electron.invoked.length = 0;
      const fn = bridge[name] as (...args: unknown[]) => Promise<unknown>;
      expect(await fn({ node: 'x' }, 'extra', { channel: 'assay:openProject' })).toEqual({ ok: true, value: `assay:${name}` });
      expect(electron.invoked).toEqual([{ channel: `assay:${name}`, args: [{ node: 'x' }] }]);
    }
  });

  it('offers no generic pass-through: no invoke, send or on taking a channel', () => {
    for (const key of ['invoke', 'send', 'on', 'ipcRenderer', 'sendSync']) expect(bridge[key]).toBeUndefined();
  });

  it('delivers events without the IPC event object, and unsubscribes', () => {
    const received: unknown[] = [];
    const unsubscribe = bridge.onEvent!((event: unknown) => received.push(event)) as () => void;
    const event: ApiEvent = { event: 'files', payload: { changed: ['models/a.sql'] } };
    const listeners = electron.listeners.get('assay:event') ?? new Set();
    expect([...electron.listeners.keys()]).toEqual(['assay:event']);
    for (const listener of listeners) listener({ sender: 'ipc internals' }, event);
    expect(received).toEqual([event]);
    unsubscribe();
    expect(electron.listeners.get('assay:event')?.size).toBe(0);
  });
});
