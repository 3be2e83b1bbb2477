import { caseWorkflowStart, serviceReportStart, serviceReportWorkflowId } from '../../libs/contracts';

describe('starting a service report workflow', () => {
  const row = { id: '0b6c2b8e-6a8f-4c1e-9a57-4b0d7a1c2f10', filingOfficeCode: '440306017', registrationOfficeCode: '360102002', state: 'filed', deadlineAt: null };

  it('names the workflow by its business key and carries codes only', () => {
    const { workflowType, options } = serviceReportStart(row, 'passage.cases');
    expect(workflowType).toBe('serviceReportWorkflow');
    expect(options.workflowId).toBe(`service-report/${row.id}`);
    expect(options.workflowId).toBe(serviceReportWorkflowId(row.id));
    expect(options.args).toEqual([{ caseId: row.id }]);
    expect(Object.fromEntries(options.typedSearchAttributes.map((p) => [p.key.name, p.value]))).toEqual({
      CaseType: 'service-report',
      CaseState: 'filed',
      OfficeCode: '440306017',
      CounterpartOfficeCode: '360102002',
      Escalated: false,
    });
  });

  it('sets DeadlineAt as an instant when the report has one, also from the reconciler’s ISO string', () => {
    const at = '2026-12-16T15:59:59.999Z';
    const { options } = caseWorkflowStart({ caseType: 'service-report', row: { ...row, state: 'awaiting-acknowledgement', deadlineAt: at } }, 'q');
    const deadline = options.typedSearchAttributes.find((p) => p.key.name === 'DeadlineAt');
    expect(deadline?.value).toEqual(new Date(at));
    expect(options.workflowId).toBe(`service-report/${row.id}`);
  });

  it('starts a certificate application the way the api does', () => {
    const { workflowType, options } = caseWorkflowStart(
      { caseType: 'certificate-application', row: { id: row.id, officeCode: '360102002', destinationOfficeCode: null, selfDeclared: false, state: 'submitted', deadlineAt: null } },
      'q',
    );
    expect(workflowType).toBe('certificateApplicationWorkflow');
    expect(options.workflowId).toBe(`certificate-application/${row.id}`);
  });
});
