// One suite for the host contract, run over every transport (DESIGN §3 rule 3).
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contract, HostFailure, hostErrorCodes } from '../../shared/contract';
import type { HostClient, HostResult } from '../../shared/contract';
import { createAppFeature } from '../../electron/core/app/app-feature';
import { createHost } from '../../electron/core/host/host';
import type { Host } from '../../electron/core/host/host';
import { silentLogger } from '../../electron/core/platform/logger';
import { createFakeClock } from '../support/fake-clock';
import type { FakeClock } from '../support/fake-clock';

export interface ConnectedClient {
  readonly client: HostClient;
  /** Sends anything at all down the transport, bypassing the typed client. */
  readonly sendRaw: (message: unknown) => void;
  readonly close: () => Promise<void>;
}

export type Connect = (host: Host) => Promise<ConnectedClient>;

const waitFor = async (check: () => boolean, timeoutMs = 2000) => {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('Timed out waiting for a condition.');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/** A client seen through the untyped door: what a buggy or hostile renderer could send. */
type UntypedCall = (name: unknown, input: unknown) => Promise<HostResult<unknown>>;

export const runHostContractSuite = (transport: string, connect: Connect) => {
  describe(`host contract over ${transport}`, () => {
    let clock: FakeClock;
    let connected: ConnectedClient;
    let untypedCall: UntypedCall;

    const start = async () => {
      clock = createFakeClock();
      const app = createAppFeature({
        clock,
        dataDir: '/data/mmm',
        mode: 'browser',
        version: '1.2.3',
        platform: 'linux',
      });
      const host = createHost([app], silentLogger);
      connected = await connect(host);
      untypedCall = connected.client.call.bind(connected.client) as unknown as UntypedCall;
    };

    beforeEach(async () => {
      await start();
    });
    afterEach(async () => {
      await connected.close();
    });

    it('answers app.info with version, data directory and mode', async () => {
      const result = await connected.client.call('app.info', {});
      expect(result).toEqual({
        ok: true,
        value: expect.objectContaining({
          name: 'MMM Mentor Manager',
          version: '1.2.3',
          dataDir: '/data/mmm',
          mode: 'browser',
          platform: 'linux',
        }) as unknown,
      });
    });

    it('streams app.clock once now and on every tick, and stops on unsubscribe', async () => {
      const ticks: string[] = [];
      const stop = connected.client.watch('app.clock', {}, (result) => {
        if (result.ok) ticks.push(result.value.now);
      });
      await waitFor(() => ticks.length === 1);
      expect(ticks[0]).toBe('2026-01-05T09:00:00.000Z');
      clock.advance(1000);
      clock.advance(1000);
      await waitFor(() => ticks.length === 3);
      expect(ticks.slice(1)).toEqual(['2026-01-05T09:00:01.000Z', '2026-01-05T09:00:02.000Z']);

      expect(clock.activeTimers()).toBe(1);
      stop();
      await waitFor(() => clock.activeTimers() === 0);
      clock.advance(5000);
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(ticks).toHaveLength(3);
    });

    it('keeps two live queries apart', async () => {
      const first: number[] = [];
      const second: number[] = [];
      const stopFirst = connected.client.watch('app.clock', {}, (r) => {
        if (r.ok) first.push(r.value.sequence);
      });
      const stopSecond = connected.client.watch('app.clock', {}, (r) => {
        if (r.ok) second.push(r.value.sequence);
      });
      await waitFor(() => first.length === 1 && second.length === 1);
      stopFirst();
      await waitFor(() => clock.activeTimers() === 1);
      clock.advance(1000);
      await waitFor(() => second.length === 2);
      expect(first).toEqual([0]);
      expect(second).toEqual([0, 1]);
      stopSecond();
    });

    it('refuses unknown names and the wrong kind with unknown_name', async () => {
      const unknown = await untypedCall('programmes.explode', {});
      expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_name' } });
      const wrongKind = await untypedCall('app.clock', {});
      expect(wrongKind).toMatchObject({ ok: false, error: { code: 'unknown_name' } });
      const errors: HostResult<unknown>[] = [];
      const watchUntyped = connected.client.watch.bind(connected.client) as unknown as (
        n: unknown,
        i: unknown,
        cb: (r: HostResult<unknown>) => void,
      ) => () => void;
      watchUntyped('app.info', {}, (r) => errors.push(r));
      await waitFor(() => errors.length === 1);
      expect(errors[0]).toMatchObject({ ok: false, error: { code: 'unknown_name' } });
    });

    it('refuses invalid input with invalid_input and says which field', async () => {
      const result = await untypedCall('app.info', { surprise: true });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      if (result.ok) return;
      expect(result.error.issues?.length).toBeGreaterThan(0);
      // A sentence a person can read (shared/domain/inputs/messages), not the command's name.
      expect(result.error.message).toBe(
        'The form sent something this version of the app does not know. Reload and try again.',
      );
      const notAnObject = await untypedCall('app.info', 'hello');
      expect(notAnObject).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    });

    it('turns a failing handler into a clear error, keeping HostFailure codes', async () => {
      await connected.close();
      let calls = 0;
      const failing = createHost(
        [
          {
            name: 'app',
            commands: {
              'app.info': () => {
                calls += 1;
                if (calls === 1) throw new HostFailure('forbidden', 'Only admins may look.');
                throw new Error('database exploded: /secret/path');
              },
            },
          },
        ],
        silentLogger,
      );
      connected = await connect(failing);
      const forbidden = await connected.client.call('app.info', {});
      expect(forbidden).toEqual({
        ok: false,
        error: { code: 'forbidden', message: 'Only admins may look.' },
      });
      const internal = await connected.client.call('app.info', {});
      expect(internal).toMatchObject({ ok: false, error: { code: 'internal' } });
      // Internal details stay in the log, not on the wire.
      expect(JSON.stringify(internal)).not.toContain('/secret/path');
    });

    it('survives random names and payloads with clear errors only (fuzz)', async () => {
      const names = fc.oneof(fc.constantFrom(...Object.keys(contract)), fc.string(), fc.anything());
      await fc.assert(
        fc.asyncProperty(names, fc.anything(), async (name, input) => {
          const result = await untypedCall(name, input);
          if (result.ok) {
            expect(name).toBe('app.info');
          } else {
            expect(hostErrorCodes).toContain(result.error.code);
            expect(result.error.message.length).toBeGreaterThan(0);
          }
        }),
        { numRuns: 150 },
      );
      expect((await connected.client.call('app.info', {})).ok).toBe(true);
    });

    it('survives garbage wire messages and keeps serving (fuzz)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.anything(), async (garbage) => {
          connected.sendRaw(garbage);
          await Promise.resolve();
        }),
        { numRuns: 200 },
      );
      connected.sendRaw({ t: 'call', id: -1, name: 'app.info', input: {} });
      connected.sendRaw({ t: 'watch', id: 1.5, name: 'app.clock' });
      connected.sendRaw({ t: 'unwatch', id: 123456 });
      expect((await connected.client.call('app.info', {})).ok).toBe(true);
    });
  });
};
