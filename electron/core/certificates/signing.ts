import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { signedMessage } from '../../../shared/domain/certificates/payload';
import type {
  CertificateFacts,
  SignedCertificate,
} from '../../../shared/domain/certificates/payload';

/**
 * Ed25519 with Node's crypto: approving a certificate signs its facts (shared/domain/certificates
 * payload.ts says which bytes) with the approving admin's private key; anyone holding the
 * published public key checks it, with no network. Keys cross the app as text: the private key as
 * PKCS#8 DER in base64 (kept in the secret store), the public key as its raw 32 bytes in base64url
 * (published in the admin's user document, 43 characters).
 */

export interface SigningKeyPair {
  /** PKCS#8 DER, base64. */
  readonly privateKey: string;
  /** Raw 32 bytes, base64url. */
  readonly publicKey: string;
}

const rawPublicKey = (key: KeyObject): string => {
  const jwk = key.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('Not an Ed25519 public key.');
  return jwk.x;
};

export const createSigningKeyPair = (): SigningKeyPair => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    publicKey: rawPublicKey(publicKey),
  };
};

const privateKeyOf = (privateKey: string): KeyObject =>
  createPrivateKey({ key: Buffer.from(privateKey, 'base64'), format: 'der', type: 'pkcs8' });

/** The public half of a stored private key (to check that what is published is ours). */
export const publicKeyOf = (privateKey: string): string =>
  rawPublicKey(createPublicKey(privateKeyOf(privateKey)));

/** The signature of a UTF-8 message, base64url (86 characters). */
export const signMessage = (message: string, privateKey: string): string =>
  sign(null, Buffer.from(message, 'utf8'), privateKeyOf(privateKey)).toString('base64url');

const PUBLIC_KEY = /^[A-Za-z0-9_-]{43}$/;

/**
 * Whether `signature` is `publicKey`'s signature of `message`. Malformed keys or signatures are
 * simply not valid: what is checked here comes from paper, images and other people's documents.
 */
export const verifyMessage = (message: string, signature: string, publicKey: string): boolean => {
  if (!PUBLIC_KEY.test(publicKey)) return false;
  try {
    const key = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: publicKey },
      format: 'jwk',
    });
    const bytes = Buffer.from(signature, 'base64url');
    if (bytes.length !== 64) return false;
    return verify(null, Buffer.from(message, 'utf8'), key, bytes);
  } catch {
    return false;
  }
};

/** Signs a certificate's facts with one of the signer's keys: what approving a certificate adds. */
export const signCertificate = (
  facts: CertificateFacts,
  key: { readonly id: string; readonly privateKey: string },
): SignedCertificate => ({
  facts,
  keyId: key.id,
  signature: signMessage(signedMessage(facts, key.id), key.privateKey),
});
