// The main process's desktop notifications, with Electron's Notification replaced by a fake.
import { describe, expect, it, vi } from 'vitest';
import { ok } from '../../shared/contract';
import type { HostResult, NotificationAlert } from '../../shared/contract';
import { silentLogger } from '../core/platform/logger';
import { startDesktopNotifications } from './desktop-notifications';
import type { ShownNotification } from './desktop-notifications';

const setUp = (supported = true) => {
  let emit: (result: HostResult<unknown>) => void = () => undefined;
  const shown: { options: { title?: string; body?: string }; handlers: Map<string, () => void> }[] =
    [];
  const host = {
    watch: vi.fn((_name: unknown, _input: unknown, _context: unknown, onResult) => {
      emit = onResult as typeof emit;
      return vi.fn();
    }),
    call: vi.fn(() => Promise.resolve(ok(null))),
  };
  const showWindow = vi.fn();
  const stop = startDesktopNotifications({
    host,
    isSupported: () => supported,
    create: (options) => {
      const handlers = new Map<string, () => void>();
      const fake: ShownNotification = {
        on: (event, listener) => handlers.set(event, listener),
        show: vi.fn(),
      };
      shown.push({ options, handlers });
      return fake;
    },
    showWindow,
    logger: silentLogger,
  });
  const alert = (id: string, title = 'New task for you: Review'): NotificationAlert => ({
    id,
    title,
    body: 'In Alpha.',
    path: `/tasks/${id}`,
  });
  return { host, emit: (value: unknown) => emit(ok(value)), shown, showWindow, stop, alert };
};

describe('desktop notifications', () => {
  it('shows each alert the host announces, with its title and text', () => {
    const { host, emit, shown, alert } = setUp();
    expect(host.watch).toHaveBeenCalledWith(
      'notifications.alerts',
      {},
      { transport: 'memory' },
      expect.any(Function),
    );
    emit([]);
    emit([alert('n1'), alert('n2', 'Report submitted: Week 1')]);
    expect(shown.map((entry) => entry.options)).toEqual([
      { title: 'New task for you: Review', body: 'In Alpha.' },
      { title: 'Report submitted: Week 1', body: 'In Alpha.' },
    ]);
  });

  it('a click brings the window forward and asks the host to open the notification', () => {
    const { host, emit, shown, showWindow, alert } = setUp();
    emit([alert('n1')]);
    shown[0]?.handlers.get('click')?.();
    expect(showWindow).toHaveBeenCalledOnce();
    expect(host.call).toHaveBeenCalledWith(
      'notifications.open',
      { notificationId: 'n1' },
      { transport: 'memory' },
    );
  });

  it('a summary of several only brings the window forward', () => {
    const { host, emit, shown, showWindow, alert } = setUp();
    emit([{ ...alert('n1,n2,n3,n4'), path: null }]);
    shown[0]?.handlers.get('click')?.();
    expect(showWindow).toHaveBeenCalledOnce();
    expect(host.call).not.toHaveBeenCalled();
  });

  it('does nothing where the system has no notifications', () => {
    const { host } = setUp(false);
    expect(host.watch).not.toHaveBeenCalled();
  });
});
