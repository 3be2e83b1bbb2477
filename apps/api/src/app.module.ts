import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AuditController } from './audit/audit.controller';
import { AuditInterceptor } from './audit/audit.interceptor';
import { AuditService } from './audit/audit.service';
import { AuditTrail } from './audit/audit-trail.service';
import { ReadOnlyRolesInterceptor } from './audit/read-only-roles.interceptor';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { BearerTokens } from './auth/bearer-tokens.service';
import { ExternalUsers } from './auth/external-users.service';
import { IdpTokens } from './auth/oidc/idp-tokens.service';
import { RequestRateLimit } from './rate-limit/request-rate-limit';
import { CaseActionsService } from './cases/case-actions.service';
import { CodecController } from './codec/codec.controller';
import { CertificateApplicationsController } from './certificate-applications/certificate-applications.controller';
import { CaseReaderService } from './certificate-applications/case-reader.service';
import { CertificateApplicationsService } from './certificate-applications/certificate-applications.service';
import { CertificatesController, PublicCertificatesController } from './certificates/certificates.controller';
import { CertificateReaderService } from './certificates/certificate-reader.service';
import { CertificatesService } from './certificates/certificates.service';
import { WorkingCalendarController } from './working-calendar/working-calendar.controller';
import { WorkingCalendarService } from './working-calendar/working-calendar.service';
import { CoreModule, type CoreDependencies } from './core/core.module';
import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';
import { FeedbackRatesService } from './notifications/feedback-rates.service';
import { FeedbackRatesController, NotificationsController } from './notifications/notifications.controller';
import { NotificationsService } from './notifications/notifications.service';
import { OfficesController } from './offices/offices.controller';
import { MonitoringController } from './monitoring/monitoring.controller';
import { MonitoringActionsService } from './monitoring/monitoring-actions.service';
import { MonitoringSummaryService } from './monitoring/monitoring-summary.service';
import { MonitoringService } from './monitoring/monitoring.service';
import { OfficesService } from './offices/offices.service';
import { ArrivalVerifierService } from './residence-registrations/arrival-verifier.service';
import { ResidenceRegistrationsController } from './residence-registrations/residence-registrations.controller';
import { ResidenceRegistrationsService } from './residence-registrations/residence-registrations.service';
import { CooperationAgreementsService } from './service-reports/cooperation-agreements.service';
import { CooperationAgreementsController, ServiceReportsController, ServiceReportTypesController } from './service-reports/service-reports.controller';
import { ServiceReportsService } from './service-reports/service-reports.service';
import { SearchController } from './search/search.controller';
import { SearchService } from './search/search.service';
import { UsersController } from './users/users.controller';
import { WebhooksController } from './webhooks/webhooks.controller';
import { WebhooksService } from './webhooks/webhooks.service';

/** The api: one module per feature below, wired to the shared core. */
@Module({})
export class AppModule {
  static register(deps: CoreDependencies): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.register(deps)],
      controllers: [
        HealthController,
        MetricsController,
        AuthController,
        OfficesController,
        UsersController,
        WorkingCalendarController,
        CertificateApplicationsController,
        CertificatesController,
        PublicCertificatesController,
        NotificationsController,
        FeedbackRatesController,
        WebhooksController,
        ServiceReportsController,
        ServiceReportTypesController,
        CooperationAgreementsController,
        ResidenceRegistrationsController,
        MonitoringController,
        SearchController,
        AuditController,
        CodecController,
      ],
      providers: [
        OfficesService,
        CaseActionsService,
        CertificateApplicationsService,
        CaseReaderService,
        CertificatesService,
        CertificateReaderService,
        WorkingCalendarService,
        NotificationsService,
        FeedbackRatesService,
        WebhooksService,
        ServiceReportsService,
        CooperationAgreementsService,
        ArrivalVerifierService,
        ResidenceRegistrationsService,
        MonitoringService,
        MonitoringActionsService,
        MonitoringSummaryService,
        SearchService,
        MetricsService,
        AuditTrail,
        AuditService,
        RequestRateLimit,
        IdpTokens,
        BearerTokens,
        ExternalUsers,
        { provide: APP_GUARD, useClass: AuthGuard },
        // In this order: the audit outside, so that what the read-only rule refuses is recorded too.
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
        { provide: APP_INTERCEPTOR, useClass: ReadOnlyRolesInterceptor },
      ],
    };
  }
}
