import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { untilStopped } from './follow';

// A longpoll whose headers came and whose body waits for a change: the follower must still stop.
// Node's fetch alone rejects here too; under a loaded test run it once did not, and the server's
// close waited on the follower for minutes (notification-alerts' afterAll, 1 run in 3 at load 9).
const held = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"results":[');
});
let url = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(held.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  held.closeAllConnections();
  await new Promise((resolve) => held.close(resolve));
});

describe('reading an answer until the follower stops', () => {
  it('ends when stopped, though the answer’s body never ends', async () => {
    const abort = new AbortController();
    const answer = await fetch(url, { signal: abort.signal });
    let cancelled = false;
    const reading = untilStopped(answer.json(), abort.signal, () => {
      cancelled = true;
      return answer.body?.cancel();
    });
    abort.abort();
    await expect(reading).rejects.toThrow('Stopped.');
    expect(cancelled).toBe(true);
  });

  it('gives the answer when it comes first, and refuses at once when already stopped', async () => {
    const abort = new AbortController();
    await expect(untilStopped(Promise.resolve(7), abort.signal, () => undefined)).resolves.toBe(7);
    abort.abort();
    await expect(untilStopped(Promise.resolve(7), abort.signal, () => undefined)).rejects.toThrow(
      'Stopped.',
    );
  });
});
