import { allQuestions, applicableQuestions, isAnswered } from '../checklists/engine';
import type { Answers, ChecklistTemplateContent, Question } from '../checklists/template.types';
import { requirementsForLabels } from '../classification/algoritmekader';
import type { RequirementSelection } from '../classification/algoritmekader';
import type { AiActClassification } from './ai-act-reader';

export interface CoveredRequirement {
  id: string;
  measures: string[];
  /** The checklist questions citing the requirement or one of its measures (their `urns`). */
  questions: { question: Question; applicable: boolean; answered: boolean }[];
  /** One of its questions is answered. */
  addressed: boolean;
}

/**
 * The Algoritmekader requirements for the profile the decision tree concluded, and how far the
 * checklist addresses each: null while the tree has no conclusion. An application is impactful
 * when its publication category is A or B (then a non-AI algorithm still gets the requirements
 * for every algorithm). A question that does not apply, or is not answered, leaves it open.
 */
export function requirementCoverage(
  classification: AiActClassification | null,
  template: ChecklistTemplateContent,
  answers: Answers,
  publicationCategory: string | null,
): { basis: RequirementSelection['basis']; items: CoveredRequirement[] } | null {
  if (!classification || classification.result.conclusionId === null) return null;
  const impactful = publicationCategory === 'A' || publicationCategory === 'B';
  const selection = requirementsForLabels(classification.result.labels, { impactful });
  const applicable = applicableQuestions(template, answers);
  const questions = allQuestions(template);
  const items = selection.requirements.map((r) => {
    const cited = new Set([r.id, ...r.measures]);
    const addressing = questions
      .filter((q) => (q.urns ?? []).some((u) => cited.has(u)))
      .map((question) => {
        const isApplicable = applicable.has(question.id);
        return {
          question,
          applicable: isApplicable,
          answered: isApplicable && isAnswered(answers[question.id]),
        };
      });
    return {
      id: r.id,
      measures: r.measures,
      questions: addressing,
      addressed: addressing.some((q) => q.answered),
    };
  });
  return { basis: selection.basis, items };
}
