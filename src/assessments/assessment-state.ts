/** The states of the assessment workflow (DESIGN.md); the transitions between them live in one table. */
export const ASSESSMENT_STATES = [
  'concept',
  'submitted',
  'in_review',
  'changes_requested',
  'approved',
  'approved_with_conditions',
  'rejected',
  'published',
  'reassessment_due',
  'withdrawn',
  'retired',
] as const;
export type AssessmentState = (typeof ASSESSMENT_STATES)[number];
