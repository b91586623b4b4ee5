// Verification with no network, with real Ed25519 keys: the decision table of
// shared/domain/certificates/verify.ts against genuine, tampered, revoked and expired certificates.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { certificateText, issuedPageTexts } from '../../../shared/domain/certificates/page-text';
import { encodePayload } from '../../../shared/domain/certificates/payload';
import type { CertificateFacts } from '../../../shared/domain/certificates/payload';
import { verifyCertificate } from '../../../shared/domain/certificates/verify';
import type {
  CertificateRecord,
  PublishedKey,
  VerifyContext,
} from '../../../shared/domain/certificates/verify';
import { createSigningKeyPair, signCertificate, verifyMessage } from './signing';

const ORG = 'MMM Mentor Manager';
const adminKey = { id: 'K7Q2MZ4F', ...createSigningKeyPair() };
const managerKey = { id: 'M4NAGER1', ...createSigningKeyPair() };

const facts: CertificateFacts = {
  code: 'MMM-79ZH-5H4S-5',
  holderName: 'ليلى عبد الله',
  programmeName: '数据科学导师计划 2025 🚀',
  issueDate: '2025-06-30',
  expirationDate: '2027-06-30',
  seriesId: 'S20250630-7KQ2',
};
const signed = signCertificate(facts, adminKey);
const payload = encodePayload(signed);

const record = (over: Partial<CertificateRecord> = {}): CertificateRecord => ({
  code: facts.code,
  status: 'approved',
  facts,
  approvedBy: 'admin',
  signingKeyId: signed.keyId,
  signature: signed.signature,
  revokedReason: null,
  revokedAt: null,
  ...over,
});

const contextWith = (
  records: readonly CertificateRecord[],
  keys: readonly PublishedKey[] = [
    { ownerId: 'admin', keyId: adminKey.id, publicKey: adminKey.publicKey },
    { ownerId: 'manager1', keyId: managerKey.id, publicKey: managerKey.publicKey },
  ],
  today = '2026-01-15',
): VerifyContext => ({
  today,
  organisation: ORG,
  findByCode: (code) => records.find((entry) => entry.code === code),
  keysWithId: (keyId) => keys.filter((key) => key.keyId === keyId),
  verifySignature: verifyMessage,
});

const page = issuedPageTexts(certificateText(facts, ORG));

describe('verifying a certificate', () => {
  it('reads a genuine certificate valid from its code, its QR text and its page', () => {
    const context = contextWith([record()]);
    for (const request of [
      { kind: 'code', code: 'mmm 79zh 5h4s 5' },
      { kind: 'payload', text: payload },
      { kind: 'payload', text: `${payload}\r\n`, pageText: page },
    ] as const) {
      expect(verifyCertificate(request, context)).toMatchObject({
        verdict: 'valid',
        signedBy: 'admin',
        facts,
      });
    }
  });

  it('reads a revoked one revoked, with the reason, and an expired one expired', () => {
    const revoked = contextWith([record({ status: 'revoked', revokedReason: 'Issued in error.' })]);
    expect(verifyCertificate({ kind: 'payload', text: payload }, revoked)).toMatchObject({
      verdict: 'revoked',
      revokedReason: 'Issued in error.',
    });
    expect(verifyCertificate({ kind: 'code', code: facts.code }, revoked).verdict).toBe('revoked');
    const later = contextWith([record()], undefined, '2027-07-01');
    expect(verifyCertificate({ kind: 'payload', text: payload }, later).verdict).toBe('expired');
    expect(verifyCertificate({ kind: 'code', code: facts.code }, later).verdict).toBe('expired');
    // The last valid day is the expiry day itself.
    const lastDay = contextWith([record()], undefined, '2027-06-30');
    expect(verifyCertificate({ kind: 'code', code: facts.code }, lastDay).verdict).toBe('valid');
  });

  it('reads forged: any changed character of the QR text', () => {
    const context = contextWith([record()]);
    const characters = Array.from(payload);
    fc.assert(
      fc.property(
        fc.nat({ max: characters.length - 1 }),
        fc.string({ minLength: 1, maxLength: 2, unit: 'grapheme' }),
        (at, replacement) => {
          fc.pre(replacement !== characters[at]);
          const changed = [...characters.slice(0, at), replacement, ...characters.slice(at + 1)];
          const verdict = verifyCertificate({ kind: 'payload', text: changed.join('') }, context);
          expect(['forged', 'unknown']).toContain(verdict.verdict);
          // Only a broken first line makes it "not ours"; everything else is a forgery.
          if (verdict.verdict === 'unknown')
            expect(changed.join('').startsWith('MMM-CERT/1\n')).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads forged: a key nobody published, a key of someone who did not approve it, a changed record', () => {
    const stranger = { id: 'STRANGE1', ...createSigningKeyPair() };
    const byStranger = encodePayload(signCertificate(facts, stranger));
    expect(
      verifyCertificate({ kind: 'payload', text: byStranger }, contextWith([record()])),
    ).toMatchObject({
      verdict: 'forged',
      summary: expect.stringContaining('nobody') as string,
    });
    // A manager published a key and signed the facts: the record says an admin approved it.
    const byManager = signCertificate(facts, managerKey);
    expect(
      verifyCertificate(
        { kind: 'payload', text: encodePayload(byManager) },
        contextWith([record()]),
      ).verdict,
    ).toBe('forged');
    const managerRecord = record({ signingKeyId: managerKey.id, signature: byManager.signature });
    expect(
      verifyCertificate({ kind: 'code', code: facts.code }, contextWith([managerRecord])).verdict,
    ).toBe('forged');
    // Somebody changed the name on the record (e.g. a server admin editing the database).
    const renamed = record({ facts: { ...facts, holderName: 'Mallory' } });
    expect(
      verifyCertificate({ kind: 'code', code: facts.code }, contextWith([renamed])).verdict,
    ).toBe('forged');
    expect(
      verifyCertificate({ kind: 'payload', text: payload }, contextWith([renamed])).verdict,
    ).toBe('forged');
    expect(
      verifyCertificate(
        { kind: 'code', code: facts.code },
        contextWith([record({ signature: null })]),
      ).verdict,
    ).toBe('forged');
  });

  it('reads forged: a page whose text was changed, added to or cut', () => {
    const context = contextWith([record()]);
    const check = (pageText: string[]) =>
      verifyCertificate({ kind: 'payload', text: payload, pageText }, context).verdict;
    expect(check(page)).toBe('valid');
    // Line breaks and the reading order of right-to-left words do not matter.
    expect(
      check(
        page
          .join(' ')
          .split(' ')
          .reverse()
          .filter((w) => /[\u0600-\u06ff]/.test(w))
          .concat(
            page
              .join(' ')
              .split(' ')
              .filter((w) => !/[\u0600-\u06ff]/.test(w)),
          ),
      ),
    ).toBe('valid');
    expect(check(page.map((text) => text.replace('30 June 2027', '30 June 2072')))).toBe('forged');
    expect(check([...page, 'Distinction'])).toBe('forged');
    expect(
      check(page.filter((text) => text !== 'Does not expire' && text !== '30 June 2027')),
    ).toBe('forged');
  });

  it('says unknown for what it cannot judge: no record, not approved, not ours, not a code', () => {
    expect(verifyCertificate({ kind: 'payload', text: payload }, contextWith([]))).toMatchObject({
      verdict: 'unknown',
      signedBy: 'admin',
    });
    const pending = contextWith([record({ status: 'pending_approval', approvedBy: null })]);
    expect(verifyCertificate({ kind: 'code', code: facts.code }, pending).verdict).toBe('unknown');
    expect(
      verifyCertificate({ kind: 'code', code: 'MMM-79ZH-5H4R-7' }, contextWith([])).verdict,
    ).toBe('unknown');
    expect(
      verifyCertificate({ kind: 'payload', text: 'https://example.org/' }, contextWith([])).verdict,
    ).toBe('unknown');
  });
});
