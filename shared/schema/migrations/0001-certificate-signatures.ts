import type { CertificateDoc } from '../certificates';

/**
 * certificates v0 → v1: the printed names and the signature are new, optional fields. A v0
 * certificate keeps what it had: one generated before has no printed names, one approved before
 * has no signature (verification then reads it forged, and an admin revokes and generates it
 * again; none were issued, since nothing generated them before this version).
 */
export const certificateSignatures = (doc: CertificateDoc): CertificateDoc => doc;
