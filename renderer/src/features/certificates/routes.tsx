import type { RouteDef } from '../../shell/router';
import { MyCertificatesScreen } from './MyCertificatesScreen';
import { ProgrammeCertificatesScreen } from './ProgrammeCertificatesScreen';
import { VerifyScreen } from './VerifyScreen';

/** A programme's certificates (managers, admins), a mentor's own, and verifying for everyone. */
export const certificatesRoutes: readonly RouteDef[] = [
  {
    pattern: '/programmes/:programmeId/certificates',
    render: ({ programmeId = '' }) => (
      <ProgrammeCertificatesScreen key={programmeId} programmeId={programmeId} />
    ),
    roles: ['admin', 'manager'],
  },
  { pattern: '/certificates', render: () => <MyCertificatesScreen />, roles: ['mentor'] },
  { pattern: '/verify', render: () => <VerifyScreen /> },
];
