import { describe, expect, it } from 'vitest';
import { isLoopback, networkWarning } from './network-notice';

describe('the network notice', () => {
  it('is for hosts other machines can reach', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1'])
      expect(isLoopback(host)).toBe(true);
    for (const host of ['0.0.0.0', '192.168.1.10', '::', 'office-pc'])
      expect(isLoopback(host)).toBe(false);
  });

  it('says what is safe, that there is no TLS, and what to do about it', () => {
    const text = networkWarning('0.0.0.0', undefined).join(' ');
    expect(text).toMatch(/deny by default/);
    expect(text).toMatch(/plain HTTP/);
    expect(text).toMatch(/TLS reverse proxy/);
    expect(text).toMatch(/--trust-proxy loopback/);
    expect(networkWarning('0.0.0.0', 'loopback').join(' ')).not.toMatch(/--trust-proxy/);
  });
});
