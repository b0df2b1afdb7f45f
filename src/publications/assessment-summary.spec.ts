import type { ChecklistTemplateContent } from '../checklists/template.types';
import { assessmentSummary, residentVersion, SummaryInput } from './assessment-summary';

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
  requirements: { applicable: 12, addressed: 9 },
  template,
  reviews: [],
  dissentReasoning: null,
  decisionReasoning: 'Het doel weegt op tegen de risico’s.',
  publishReviewerReasoning: false,
  residents: null,
  filledFrom: [],
  ...over,
});

describe('assessmentSummary', () => {
  it('says how many Algoritmekader requirements apply and how many the checklist addresses', () => {
    expect(assessmentSummary(input()).requirements).toEqual({ applicable: 12, addressed: 9 });
    expect(assessmentSummary(input({ requirements: null })).requirements).toBeNull();
  });

  it('counts approvals with and without conditions, not requests for changes, rejections or open reviews', () => {
    const summary = assessmentSummary(
      input({
        reviews: [
          { decision: 'approve', reasoning: 'Goed.', sectionRemarks: null },
          {
            decision: 'approve_with_conditions',
            reasoning: 'Onder voorwaarde.',
            sectionRemarks: null,
          },
          { decision: 'request_changes', reasoning: 'Doel te vaag.', sectionRemarks: null },
          { decision: 'reject', reasoning: ' Niet proportioneel. ', sectionRemarks: null },
          { decision: null, reasoning: null, sectionRemarks: null },
        ],
        dissentReasoning: 'De commissie weegt het doel zwaarder.',
      }),
    );
    expect(summary.approvals).toBe(2);
  });

  it('shows every position, never only the approvals, and the dissent with its reasoning but no names', () => {
    const summary = assessmentSummary(
      input({
        reviews: [
          { decision: 'approve', reasoning: 'Goed.', sectionRemarks: null },
          { decision: 'reject', reasoning: ' Niet proportioneel. ', sectionRemarks: null },
          { decision: 'request_changes', reasoning: 'Doel te vaag.', sectionRemarks: null },
          { decision: null, reasoning: null, sectionRemarks: null },
        ],
        dissentReasoning: 'De commissie weegt het doel zwaarder.',
      }),
    );
    expect(summary.positions).toEqual({
      approve: 1,
      approve_with_conditions: 0,
      request_changes: 1,
      reject: 1,
      not_signed: 1,
    });
    expect(summary.dissent).toEqual([
      { position: 'reject', reasoning: 'Niet proportioneel.' },
      { position: 'request_changes', reasoning: 'Doel te vaag.' },
    ]);
    expect(summary.dissentReasoning).toBe('De commissie weegt het doel zwaarder.');
  });

  it('marks a section for attention when a reviewer remarked on it, keeping the remarks without names', () => {
    const summary = assessmentSummary(
      input({
        reviews: [
          {
            decision: 'approve',
            reasoning: 'Goed.',
            sectionRemarks: { privacy: '  Bewaartermijn korter.  ' },
          },
          {
            decision: 'approve',
            reasoning: 'Goed.',
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

describe('the reasoning in the summary', () => {
  const reviews = [
    { decision: 'approve' as const, reasoning: ' Goed. ', sectionRemarks: null },
    { decision: 'reject' as const, reasoning: 'Niet proportioneel.', sectionRemarks: null },
    { decision: null, reasoning: null, sectionRemarks: null },
  ];

  it('carries the decision’s reasoning, and each reviewer’s only when the organisation publishes it', () => {
    const kept = assessmentSummary(input({ reviews }));
    expect(kept.reasoning).toBe('Het doel weegt op tegen de risico’s.');
    expect(kept).not.toHaveProperty('reviewerReasoning');
    const published = assessmentSummary(input({ reviews, publishReviewerReasoning: true }));
    expect(published.reviewerReasoning).toEqual([
      { position: 'approve', reasoning: 'Goed.' },
      { position: 'reject', reasoning: 'Niet proportioneel.' },
    ]);
  });

  it('takes the resident’s version from the transparency answers that apply', () => {
    const transparency = {
      key: 'kader',
      version: 1,
      title: { nl: 'Kader', en: 'Framework' },
      sections: [
        {
          id: 'transparency',
          title: { nl: 'T', en: 'T' },
          questions: [
            { id: 'transparency.objection_route', type: 'yes_no', required: true },
            {
              id: 'transparency.objection_description',
              type: 'text',
              required: true,
              when: { q: 'transparency.objection_route', eq: true },
            },
            { id: 'transparency.plain_description', type: 'text', required: true },
          ],
        },
      ],
    } as unknown as ChecklistTemplateContent;
    expect(
      residentVersion(transparency, {
        'transparency.objection_route': false,
        'transparency.objection_description': 'Een oud antwoord dat niet meer geldt.',
        'transparency.plain_description': '  Kort en duidelijk. ',
      }),
    ).toEqual({
      description: 'Kort en duidelijk.',
      explanation: null,
      objectionRoute: false,
      objection: null,
    });
  });
});
