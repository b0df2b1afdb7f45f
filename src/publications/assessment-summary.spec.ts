import type { ChecklistTemplateContent } from '../checklists/template.types';
import { assessmentSummary, SummaryInput } from './assessment-summary';

const template = {
  key: 'kader',
  version: 3,
  title: { nl: 'Kader', en: 'Framework' },
  description: { nl: '', en: '' },
  sections: [
    { id: 'privacy', title: { nl: 'Privacy', en: 'Privacy' }, questions: [] },
    { id: 'energy', title: { nl: 'Energie', en: 'Energy' }, questions: [] },
  ],
} as unknown as ChecklistTemplateContent;

const input = (over: Partial<SummaryInput> = {}): SummaryInput => ({
  assessmentId: 4,
  revision: 2,
  decision: 'approved_with_conditions',
  decidedAt: new Date('2026-02-01T09:00:00Z'),
  publishedAt: new Date('2026-02-03T12:30:00Z'),
  riskClass: 'limited',
  publicationCategory: 'B',
  reassessmentDue: '2028-02-01',
  energy: { kwhPerYear: 120, co2eKgPerYear: 30 },
  template,
  reviews: [],
  ...over,
});

describe('assessmentSummary', () => {
  it('counts approvals with and without conditions, not requests for changes, rejections or open reviews', () => {
    const summary = assessmentSummary(
      input({
        reviews: [
          { decision: 'approve', sectionRemarks: null },
          { decision: 'approve_with_conditions', sectionRemarks: null },
          { decision: 'request_changes', sectionRemarks: null },
          { decision: 'reject', sectionRemarks: null },
          { decision: null, sectionRemarks: null },
        ],
      }),
    );
    expect(summary.approvals).toBe(2);
  });

  it('marks a section for attention when a reviewer remarked on it, keeping the remarks without names', () => {
    const summary = assessmentSummary(
      input({
        reviews: [
          { decision: 'approve', sectionRemarks: { privacy: '  Bewaartermijn korter.  ' } },
          {
            decision: 'approve',
            sectionRemarks: { privacy: 'Verwerkersovereenkomst?', energy: ' ' },
          },
        ],
      }),
    );
    expect(summary.sections).toEqual([
      {
        id: 'privacy',
        title: { nl: 'Privacy', en: 'Privacy' },
        outcome: 'attention',
        remarks: ['Bewaartermijn korter.', 'Verwerkersovereenkomst?'],
      },
      { id: 'energy', title: { nl: 'Energie', en: 'Energy' }, outcome: 'ok', remarks: [] },
    ]);
  });

  it('freezes the decision, its dates and the template version as the register shows them', () => {
    expect(assessmentSummary(input())).toMatchObject({
      assessmentId: 4,
      revision: 2,
      template: { key: 'kader', version: 3, title: { nl: 'Kader', en: 'Framework' } },
      decision: 'approved_with_conditions',
      decidedAt: '2026-02-01T09:00:00.000Z',
      publishedAt: '2026-02-03T12:30:00.000Z',
      riskClass: 'limited',
      publicationCategory: 'B',
      reassessmentDue: '2028-02-01',
      energy: { kwhPerYear: 120, co2eKgPerYear: 30 },
    });
  });
});
