import { describe, expect, it } from 'vitest';
import { createSigningKeyPair, publicKeyOf, signMessage, verifyMessage } from './signing';

describe('Ed25519 signing', () => {
  const keys = createSigningKeyPair();
  const other = createSigningKeyPair();
  const message = 'MMM-CERT/1\nMMM-7K2Q-9XHD-C\nليلى عبد الله\n数据科学 🚀';

  it('signs and verifies, and keys travel as text', () => {
    expect(keys.publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(publicKeyOf(keys.privateKey)).toBe(keys.publicKey);
    const signature = signMessage(message, keys.privateKey);
    expect(signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(verifyMessage(message, signature, keys.publicKey)).toBe(true);
  });

  it('refuses a changed message, another key, a changed signature and garbage', () => {
    const signature = signMessage(message, keys.privateKey);
    expect(verifyMessage(`${message} `, signature, keys.publicKey)).toBe(false);
    expect(verifyMessage(message.replace('ليلى', 'ليلا'), signature, keys.publicKey)).toBe(false);
    expect(verifyMessage(message, signature, other.publicKey)).toBe(false);
    const flipped = (signature.startsWith('A') ? 'B' : 'A') + signature.slice(1);
    expect(verifyMessage(message, flipped, keys.publicKey)).toBe(false);
    expect(verifyMessage(message, signature.slice(0, 40), keys.publicKey)).toBe(false);
    expect(verifyMessage(message, signature, 'not a key')).toBe(false);
    expect(verifyMessage(message, '!'.repeat(86), keys.publicKey)).toBe(false);
  });
});
