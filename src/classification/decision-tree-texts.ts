import { richText, safeHref } from '../common/rich-text';
import type { DecisionTreeContent, TreeAnswer, TreeSource } from './decision-tree.types';

/**
 * A tree's texts for a page. They may carry HTML (the national file uses `<br>`, `<strong>` and
 * lists), so every text goes through the register's allow-list sanitizer; anything outside the
 * list is shown as text, and links keep only web and mail addresses.
 */
export interface TreeSourceView {
  source: string;
  href: string | null;
}

export interface TreeAnswerView {
  position: number;
  answer: string;
  labels: string[];
  subresultHtml: string;
  leadsTo: { question?: string; conclusion?: string; condition?: string }[];
}

export interface TreeQuestionView {
  id: string;
  category: string;
  subcategory: string;
  questionHtml: string;
  explanationHtml: string;
  sources: TreeSourceView[];
  answers: TreeAnswerView[];
}

export interface TreeConclusionView {
  id: string;
  conclusionHtml: string;
  obligationHtml: string;
  sources: TreeSourceView[];
}

const sources = (list: TreeSource[] | undefined): TreeSourceView[] =>
  (list ?? []).map((s) => ({ source: s.source, href: safeHref(s.url) }));

function leadsTo(a: TreeAnswer): TreeAnswerView['leadsTo'] {
  if (a.redirects)
    return a.redirects.map((r) => ({
      question: r.nextQuestionId,
      conclusion: r.nextConclusionId,
      condition: r.if,
    }));
  return [{ question: a.nextQuestionId, conclusion: a.nextConclusionId }];
}

export function treeView(content: DecisionTreeContent): {
  questions: TreeQuestionView[];
  conclusions: TreeConclusionView[];
} {
  return {
    questions: content.questions.map((q) => ({
      id: q.questionId,
      category: q.category,
      subcategory: q.subcategory,
      questionHtml: richText(q.question),
      explanationHtml: richText(q.explanation),
      sources: sources(q.sources),
      answers: q.answers.map((a, i) => ({
        position: i + 1,
        answer: a.answer,
        labels: a.labels ?? [],
        subresultHtml: richText(a.subresult),
        leadsTo: leadsTo(a),
      })),
    })),
    conclusions: content.conclusions.map((c) => ({
      id: c.conclusionId,
      conclusionHtml: richText(c.conclusion),
      obligationHtml: richText(c.obligation),
      sources: sources(c.sources),
    })),
  };
}
