import { join } from 'node:path';
import { HostFailure } from '../../../shared/contract';
import { encodePayload } from '../../../shared/domain/certificates/payload';
import type { CertificateFacts } from '../../../shared/domain/certificates/payload';
import type { CertificatePageSize } from '../../../shared/domain/inputs/certificates';
import type { CertificateDoc } from '../../../shared/schema';
import { ORGANISATION_NAME, organisationLogo } from '../pdf/organisation';
import type { LogoSources } from '../pdf/organisation';
import { fontsDirOf } from '../pdf/pdf-fonts';
import { saveWithoutOverwriting } from '../reports/report-export';
import type { FeatureDeps, Workspace } from '../workspace';

/** Certificates rendered on this machine are saved under `<dataDir>/exports/certificates`. */
export const certificatesFolder = (dataDir: string): string =>
  join(dataDir, 'exports', 'certificates');

/** What a generated certificate states, or null before it is generated. */
export const factsOf = (doc: CertificateDoc): CertificateFacts | null =>
  doc.holderName && doc.programmeName && doc.certificateCode
    ? {
        code: doc.certificateCode,
        holderName: doc.holderName,
        programmeName: doc.programmeName,
        issueDate: doc.issueDate,
        expirationDate: doc.expirationDate ?? null,
        seriesId: doc.seriesId,
      }
    : null;

/** The QR text of a signed certificate, or null when it carries no signature. */
export const payloadOf = (doc: CertificateDoc): string | null => {
  const facts = factsOf(doc);
  return facts && doc.signature && doc.signingKeyId
    ? encodePayload({ facts, keyId: doc.signingKeyId, signature: doc.signature })
    : null;
};

/** `MMM-79ZH-5H4S-5.pdf`, `MMM-79ZH-5H4S-5-proof.pdf`: the code names the file in any script. */
const fileNameOf = (doc: CertificateDoc, proof: boolean): string =>
  `${doc.certificateCode}${proof ? '-proof' : ''}.pdf`;

export interface RenderedCertificate {
  readonly path: string;
  readonly fileName: string;
  readonly bytes: Buffer;
}

/** What rendering a certificate needs: the fonts, and this machine's copy of the logo. */
export type CertificatePdfDeps = Pick<FeatureDeps, 'resourcesDir' | 'logger'> & {
  readonly localFile: LogoSources['localFile'];
};

/**
 * Renders a certificate to a PDF file in `folder`: the issued certificate with its QR code once
 * it is signed, else a proof. Loaded on first use: @react-pdf/renderer is heavy. The logo is the
 * organisation's when this machine has it, else the app's icon (pdf/organisation.ts).
 */
export const renderCertificateFile = async (
  deps: CertificatePdfDeps,
  workspace: Pick<Workspace, 'database'>,
  doc: CertificateDoc,
  pageSize: CertificatePageSize,
  folder: string,
): Promise<RenderedCertificate> => {
  const facts = factsOf(doc);
  if (!facts) throw new HostFailure('conflict', 'This certificate has not been generated yet.');
  const payload = payloadOf(doc);
  const [{ renderCertificatePdf }, { qrPng }, logo] = await Promise.all([
    import('./pdf/certificate-pdf'),
    import('./pdf/qr-code'),
    organisationLogo({ ...deps, database: workspace.database }),
  ]);
  const bytes = await renderCertificatePdf(fontsDirOf(deps.resourcesDir), {
    facts,
    organisation: ORGANISATION_NAME,
    logo,
    pageSize,
    qrPng: payload ? qrPng(payload) : null,
    payload,
    at: doc.approvedAt ?? doc.generatedAt ?? doc.updatedAt,
  });
  const saved = await saveWithoutOverwriting(folder, fileNameOf(doc, payload === null), bytes);
  return { ...saved, bytes };
};
