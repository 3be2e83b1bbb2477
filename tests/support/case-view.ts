/**
 * The api's answers about certificate applications, typed with the api's own view classes (type-only:
 * nothing of the api is loaded). The classes declare the wire shape: instants are ISO strings already.
 */
import type { CertificateApplicationView } from '../../apps/api/src/certificate-applications/certificate-application.view';
import type { TimelineEntryView } from '../../apps/api/src/cases/timeline-entry.view';

export type { TimelineEntryView };

/**
 * A case as opening it, GET /:id and every action answer it: the view with its detail parts (applicant,
 * timeline, certificates: CertificateSummaryView[]), which only the items of a list lack.
 */
export type CaseView = CertificateApplicationView &
  Required<Pick<CertificateApplicationView, 'applicant' | 'timeline' | 'certificates'>>;
