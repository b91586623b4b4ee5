import { HostFailure } from '../../../shared/contract';
import type {
  ParsedInputOf,
  VerificationAnswer,
  VerificationSource,
} from '../../../shared/contract';
import { normaliseCertificateCode } from '../../../shared/domain';
import { parsePayload } from '../../../shared/domain/certificates/payload';
import { verifyCertificate } from '../../../shared/domain/certificates/verify';
import type {
  CertificateRecord,
  PublishedKey,
  Verification,
  VerifyRequest,
} from '../../../shared/domain/certificates/verify';
import type { CertificateDoc } from '../../../shared/schema';
import { ORGANISATION_NAME } from '../pdf/organisation';
import { displayName, queryDocs } from '../workspace';
import type { Workspace } from '../workspace';
import { factsOf } from './certificate-files';
import { readCertificateFile } from './certificate-reader';
import { verifyMessage } from './signing';

/**
 * Verification against the local database, with no network: shared/domain/certificates/verify.ts
 * decides; this gathers what it reads (the certificate with the code, the keys people published)
 * and checks signatures with node:crypto.
 */

const recordOf = (doc: CertificateDoc): CertificateRecord | undefined => {
  const facts = factsOf(doc);
  return facts
    ? {
        code: doc.certificateCode,
        status: doc.status,
        facts,
        approvedBy: doc.approvedBy ?? null,
        signingKeyId: doc.signingKeyId ?? null,
        signature: doc.signature ?? null,
        revokedReason: doc.revokedReason ?? null,
        revokedAt: doc.revokedAt ?? null,
      }
    : undefined;
};

const judge = async (
  workspace: Workspace,
  request: VerifyRequest,
  code: string | null,
): Promise<{ verification: Verification; names: ReadonlyMap<string, string> }> => {
  const [records, users] = await Promise.all([
    code
      ? queryDocs(workspace, 'certificates', { selector: { certificateCode: code } })
      : Promise.resolve([]),
    // People are few (one profile each): their published keys are read whole.
    queryDocs(workspace, 'users', {}),
  ]);
  const keys: PublishedKey[] = users.flatMap((user) =>
    (user.signingKeys ?? []).map((key) => ({
      ownerId: user.id,
      keyId: key.id,
      publicKey: key.publicKey,
    })),
  );
  const found = records.map(recordOf).filter((record) => record !== undefined);
  const verification = verifyCertificate(request, {
    today: workspace.now().slice(0, 10),
    organisation: ORGANISATION_NAME,
    findByCode: (wanted) => found.find((record) => record.code === wanted),
    keysWithId: (keyId) => keys.filter((key) => key.keyId === keyId),
    verifySignature: verifyMessage,
  });
  return { verification, names: new Map(users.map((user) => [user.id, displayName(user)])) };
};

const answer = async (
  workspace: Workspace,
  source: VerificationSource,
  request: VerifyRequest,
  code: string | null,
  readText: string | null,
): Promise<VerificationAnswer> => {
  const { verification, names } = await judge(workspace, request, code);
  return {
    ...verification,
    source,
    signedByName: verification.signedBy
      ? (names.get(verification.signedBy) ?? verification.signedBy)
      : null,
    readText,
  };
};

const codeInPayload = (text: string): string | null => {
  const parsed = parsePayload(text);
  return parsed.ok ? parsed.certificate.facts.code : null;
};

const nothingRead = (source: VerificationSource, summary: string): VerificationAnswer => ({
  verdict: 'unknown',
  summary,
  facts: null,
  signedBy: null,
  revokedReason: null,
  source,
  signedByName: null,
  readText: null,
});

export const verifyRequest = async (
  workspace: Workspace,
  input: ParsedInputOf<'certificates.verify'>,
): Promise<VerificationAnswer> => {
  if ('code' in input) {
    return answer(
      workspace,
      'code',
      { kind: 'code', code: input.code },
      normaliseCertificateCode(input.code),
      null,
    );
  }
  if ('qrText' in input) {
    const text = input.qrText;
    return answer(workspace, 'qr', { kind: 'payload', text }, codeInPayload(text), text);
  }
  const { mimeType, dataBase64 } = input.file;
  const source = mimeType === 'application/pdf' ? 'pdf' : 'image';
  const read = await readCertificateFile(Buffer.from(dataBase64, 'base64'), mimeType);
  if (!read) {
    throw new HostFailure(
      'invalid_input',
      `That file could not be read as a ${source === 'pdf' ? 'PDF' : 'picture'}.`,
    );
  }
  if (read.qrText === null) {
    return nothingRead(
      source,
      'No QR code was found in the file. Type the certificate’s code instead, or try a sharper picture.',
    );
  }
  const code = codeInPayload(read.qrText);
  if (read.keywords !== null && read.keywords !== read.qrText) {
    const { verification, names } = await judge(
      workspace,
      { kind: 'payload', text: read.qrText },
      code,
    );
    return {
      ...verification,
      verdict: 'forged',
      summary:
        'The PDF’s QR code and the certificate recorded inside it differ: the PDF was changed after it was issued.',
      source,
      signedByName: verification.signedBy ? (names.get(verification.signedBy) ?? null) : null,
      readText: read.qrText,
    };
  }
  return answer(
    workspace,
    source,
    { kind: 'payload', text: read.qrText, ...(read.pageText ? { pageText: read.pageText } : {}) },
    code,
    read.qrText,
  );
};
