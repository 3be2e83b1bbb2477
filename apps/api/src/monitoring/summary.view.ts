import { ApiProperty } from '@nestjs/swagger';

export class CaseCountView {
  @ApiProperty() caseType!: string;
  @ApiProperty() state!: string;
  @ApiProperty({ description: 'The office that holds the cases' }) officeCode!: string;
  @ApiProperty() count!: number;
}

export class IssuanceView {
  @ApiProperty({ description: 'Certificates issued in the period' }) issued!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Share issued by their statutory deadline; null when none were issued' }) onTimeRate!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Median hours from submission to issue' }) medianHoursToIssue!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: '90th percentile hours from submission to issue' }) p90HoursToIssue!: number | null;
}

export class SummaryFeedbackRateView {
  @ApiProperty() expectingAnswer!: number;
  @ApiProperty() answeredOnTime!: number;
  @ApiProperty({ nullable: true, type: Number }) rate!: number | null;
}

export class DailyPointView {
  @ApiProperty({ format: 'date', description: 'China date' }) date!: string;
  @ApiProperty() opened!: number;
  @ApiProperty() closed!: number;
}

/** A manager's overview of their subtree: what is on file, how fast certificates are issued, how offices answer. */
export class MonitoringSummaryView {
  @ApiProperty({ format: 'date', description: 'First China day of the period (90 days, today included)' }) from!: string;
  @ApiProperty({ format: 'date', description: 'The day after the period' }) to!: string;
  @ApiProperty({ type: [CaseCountView] }) counts!: CaseCountView[];
  @ApiProperty({ type: IssuanceView }) issuance!: IssuanceView;
  @ApiProperty({ type: SummaryFeedbackRateView, description: 'Notifications of the period that expected an answer, answered on time' })
  feedbackRate!: SummaryFeedbackRateView;
  @ApiProperty({ type: [DailyPointView], description: 'Cases opened and closed per day, every day of the period' }) daily!: DailyPointView[];
}
