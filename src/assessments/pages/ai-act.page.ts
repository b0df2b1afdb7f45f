import { Injectable } from '@nestjs/common';
import type { TreeQuestion } from '../../classification/decision-tree.types';
import { DomainError } from '../../common/errors/domain-error';
import { DecisionTreesService } from '../../classification/decision-trees.service';
import { safeHref, richText } from '../../common/rich-text';
import type { FlatForm } from '../../common/forms/form-body';
import type { PageBuilder, RouteParams } from '../../common/forms/form-view';
import { localisedPath } from '../../common/http/language';
import { parseId } from '../../common/parse-id.pipe';
import type { UserContext } from '../../common/request-context';
import { AssessmentsService } from '../assessments.service';
import { assessmentFrame, str } from './assessment-frame';

/**
 * `/assessments/:id/ai-act` (`?question=2.1` to change an answer): the AI Act decision tree, one
 * question at a time, with its explanation and sources; the answers given so far, each with a
 * link to change it; and the result once the path reaches a conclusion. Plain forms, no script.
 */
@Injectable()
export class AiActPage implements PageBuilder {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly trees: DecisionTreesService,
  ) {}

  async build(ctx: UserContext, params: RouteParams, posted?: FlatForm) {
    const { lang } = ctx;
    const id = parseId(params.id, 'id');
    const d = await this.assessments.detail(ctx, id);
    const frame = assessmentFrame(d, ctx, 'ai-act');
    const c = d.classification;
    // Pinned once answered; before the first answer, the tree new classifications get.
    const tree =
      c?.tree ??
      (await this.trees.activeTree().catch((err: unknown) => {
        // No active tree yet: the page says so instead of failing.
        if (err instanceof DomainError) return null;
        throw err;
      }));
    if (!tree) return { ...frame, noTree: true };
    const { content } = tree.compiled;
    const questions = new Map(content.questions.map((q) => [q.questionId, q]));
    const path = c?.path ?? [];
    // The question that comes next; null once the path has reached a conclusion.
    let next: string | null = content.questions[0].questionId;
    if (c) next = c.result.conclusionId === null ? c.result.nextQuestionId : null;
    const href = (p = '') => localisedPath(lang, `/assessments/${id}/ai-act${p}`);
    const asked = posted ? str(posted.questionId) : (params.question ?? '');
    const onPath = path.findIndex((s) => s.questionId === asked);
    const shownId = onPath >= 0 || asked === next ? asked : next;
    const shown = shownId ? questions.get(shownId) : undefined;
    const at = shown ? path.findIndex((s) => s.questionId === shown.questionId) : -1;
    const chosen = posted ? str(posted.answer) : at >= 0 ? String(path[at].answer) : '';
    return {
      ...frame,
      noTree: false,
      tree: `${tree.name} ${tree.version}`,
      formAction: href(),
      steps: path.map((s, i) => {
        const q = questions.get(s.questionId)!;
        return {
          n: i + 1,
          questionId: s.questionId,
          questionHtml: richText(q.question),
          answer: q.answers[s.answer - 1]?.answer ?? '',
          noteHtml: richText(q.answers[s.answer - 1]?.subresult),
          changeHref: href(`?question=${encodeURIComponent(s.questionId)}`),
          current: i === at,
        };
      }),
      question:
        shown && d.canEdit ? questionModel(shown, chosen, path.length - at - 1, at >= 0) : null,
    };
  }
}

/** One question as its form shows it; `later` is how many answers follow it on the path. */
function questionModel(q: TreeQuestion, chosen: string, later: number, changing: boolean) {
  return {
    id: q.questionId,
    category: q.subcategory,
    questionHtml: richText(q.question),
    explanationHtml: richText(q.explanation),
    descriptionHtml: richText(q.description),
    sources: (q.sources ?? []).map((s) => ({ source: s.source, href: safeHref(s.url) })),
    options: q.answers.map((a, i) => ({
      value: String(i + 1),
      label: a.answer,
      checked: String(i + 1) === chosen,
    })),
    changing,
    later: changing ? later : 0,
  };
}
