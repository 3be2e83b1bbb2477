export { createServiceReportHandler } from './service-report-handler';
