import { describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../shared/api.js';
import { createEventSocket, parseEvent, type SocketHandlers } from '../../renderer/api/event-socket.js';

function fakeSockets() {
  const opened: { url: string; handlers: SocketHandlers; closed: boolean }[] = [];
  const openSocket = (url: string, handlers: SocketHandlers) => {
    const socket = { url, handlers, closed: false };
    opened.push(socket);
    return { close: () => void (socket.closed = true) };
  };
  return { opened, openSocket };
}

const gitEvent: ApiEvent = { event: 'git', payload: { isRepo: true, branch: 'main', changed: [], branches: ['main'] } };

describe('the event stream', () => {
  it('opens one socket for all listeners and hands each parsed event to every one', () => {
    const { opened, openSocket } = fakeSockets();
    const subscribe = createEventSocket({ url: 'ws://h/events?token=t', openSocket });
    const a: ApiEvent[] = [];
    const b: ApiEvent[] = [];
    subscribe((event) => a.push(event));
    subscribe((event) => b.push(event));
    expect(opened).toHaveLength(1);
    opened[0]!.handlers.onMessage(JSON.stringify(gitEvent));
    opened[0]!.handlers.onMessage('not json');
    expect(a).toEqual([gitEvent]);
    expect(b).toEqual([gitEvent]);
  });

  it('reconnects after the socket drops and says so, so that missed state can be re-read', () => {
    const { opened, openSocket } = fakeSockets();
    const scheduled: (() => void)[] = [];
    let reconnects = 0;
    const subscribe = createEventSocket({ url: 'ws://h/events', openSocket, schedule: (run) => scheduled.push(run), onReconnect: () => reconnects++ });
    subscribe(() => undefined);
    opened[0]!.handlers.onOpen();
    opened[0]!.handlers.onClose();
    expect(scheduled).toHaveLength(1);
    scheduled[0]!();
    expect(opened).toHaveLength(2);
    opened[1]!.handlers.onOpen();
    expect(reconnects).toBe(1);
  });

  it('closes the socket when the last listener leaves and does not reconnect', () => {
    const { opened, openSocket } = fakeSockets();
    const scheduled: (() => void)[] = [];
    const subscribe = createEventSocket({ url: 'ws://h/events', openSocket, schedule: (run) => scheduled.push(run) });
    const unsubscribe = subscribe(() => undefined);
    unsubscribe();
    expect(opened[0]!.closed).toBe(true);
    opened[0]!.handlers.onClose();
    expect(scheduled).toHaveLength(0);
  });

  it('accepts only {event, payload} messages', () => {
    expect(parseEvent(JSON.stringify(gitEvent))).toEqual(gitEvent);
    expect(parseEvent(JSON.stringify({ payload: 1 }))).toBeNull();
    expect(parseEvent(new Uint8Array([1]))).toBeNull();
  });
});
