/**
 * The states of a revision in the assessment workflow (DESIGN.md); the transitions between them
 * live in one table. The public entry's life (published, re-assessment due, retired) is apart:
 * PUBLIC_STATES, on the current publication.
 */
export const ASSESSMENT_STATES = [
  'concept',
  'submitted',
  'in_review',
  'changes_requested',
  'approved',
  'approved_with_conditions',
  'rejected',
  'published',
  'withdrawn',
  'retired',
] as const;
export type AssessmentState = (typeof ASSESSMENT_STATES)[number];
