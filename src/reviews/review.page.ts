import { Injectable } from '@nestjs/common';
import { AssessmentsService } from '../assessments/assessments.service';
import {
  assessmentFrame,
  conditionInputRows,
  reviewRows,
  str,
} from '../assessments/pages/assessment-frame';
import { signOffRefusal } from '../assessments/workflow';
import { allQuestions } from '../checklists/engine';
import type { Question } from '../checklists/template.types';
import type { FlatForm } from '../common/forms/form-body';
import type { PageBuilder, RouteParams } from '../common/forms/form-view';
import { localisedPath } from '../common/http/language';
import { parseId } from '../common/parse-id.pipe';
import type { UserContext } from '../common/request-context';
import type { Language } from '../i18n/i18n';
import { translate } from '../i18n/i18n';
import { REVIEW_DECISIONS } from './entities/review.entity';

/**
 * `/assessments/:id/review` (`?revision=N` for an older one): the answers per section as reviewers
 * see them, with the diff against the previous revision and all reviews; the sign-off form only
 * for an assigned reviewer who did not propose it (signOffRefusal, as the service asks).
 */
@Injectable()
export class ReviewPage implements PageBuilder {
  constructor(private readonly assessments: AssessmentsService) {}

  async build(ctx: UserContext, params: RouteParams, posted?: FlatForm) {
    const { user, lang } = ctx;
    const id = parseId(params.id, 'id');
    const revision = params.revision === undefined ? undefined : Number(params.revision);
    const d = await this.assessments.detail(ctx, id, revision);
    const t = (key: string) => translate(lang, key);
    const frame = assessmentFrame(d, ctx, 'review');
    const diff =
      d.revision > 1
        ? (await this.assessments.diff(ctx, id, d.revision - 1, d.revision)).map((x) => {
            const q = allQuestions(d.template).find((y) => y.id === x.questionId)!;
            return {
              text: x.text[lang],
              before: shown(q, x.before, lang),
              after: shown(q, x.after, lang),
            };
          })
        : [];
    const applicable = new Set(d.evaluation.applicable);
    const own = d.reviews.find(
      (r) => r.revision === d.assessment.revision && r.reviewer.id === user.id,
    );
    const mayReview = d.revision === d.assessment.revision && signOffRefusal(d, own) === null;
    const decision = posted ? str(posted.decision) : '';
    return {
      ...frame,
      viewedRevision: d.revision,
      revisions: Array.from({ length: d.assessment.revision }, (_, i) => ({
        n: i + 1,
        href: localisedPath(lang, `/assessments/${id}/review?revision=${i + 1}`),
        current: i + 1 === d.revision,
      })),
      answerSections: d.template.sections.map((s) => ({
        id: s.id,
        title: s.title[lang],
        answers: s.questions
          .filter((q) => applicable.has(q.id))
          .map((q) => ({ text: q.text[lang], answer: shown(q, d.answers[q.id], lang) })),
        blocking: frame.rules.blocking.filter((b) =>
          d.evaluation.blocking.some((x) => x.id === b.id && x.section === s.id),
        ),
      })),
      diff,
      previousRevision: d.revision > 1 ? d.revision - 1 : null,
      reviews: reviewRows(d, lang).filter((r) => r.decision),
      ownProposal: d.actorIs.party,
      alreadySigned: !!own?.decision,
      mayReview,
      decisions: REVIEW_DECISIONS.map((value) => ({
        value,
        label: t(`work.decision.${value}`),
        checked: decision === value,
      })),
      remarkSections: d.template.sections.map((s) => ({
        id: s.id,
        title: s.title[lang],
        name: `sectionRemarks[${s.id}]`,
        field: `sectionRemarks.${s.id}`,
      })),
      conditionRows: conditionInputRows(lang),
      formAction: localisedPath(lang, `/assessments/${id}/review`),
    };
  }
}

/** An answer as people read it: yes/no, the option's label, the number with its unit. */
function shown(q: Question, value: unknown, lang: Language): string {
  if (value === undefined || value === null || value === '')
    return translate(lang, 'work.unanswered');
  if (typeof value === 'boolean') return translate(lang, value ? 'work.yes' : 'work.no');
  const label = (v: unknown) => q.options?.find((o) => o.value === v)?.label[lang] ?? String(v);
  if (Array.isArray(value)) return value.map(label).join(', ');
  if (q.type === 'single_choice') return label(value);
  if (typeof value === 'number')
    return `${value.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB')}${q.unit ? ` ${q.unit[lang]}` : ''}`;
  return String(value);
}
