import { Injectable } from '@nestjs/common';
import { AssessmentsService } from '../assessments/assessments.service';
import {
  assessmentFrame,
  conditionInputRows,
  reviewRows,
  str,
} from '../assessments/pages/assessment-frame';
import type { AssessmentDetail } from '../assessments/pages/assessment-frame';
import type { Remark } from '../assessments/remarks';
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
    const diff = d.revision > 1 ? await this.diffModel(ctx, d) : null;
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
          .map((q) => ({
            id: q.id,
            text: q.text[lang],
            answer: shown(q, d.answers[q.id], lang),
            remarkName: `questionRemarks[${q.id}]`,
            remarkField: `questionRemarks.${q.id}`,
          })),
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

  /**
   * The changes from the revision before, as reviewers read them: each changed or removed answer
   * with the remarks on its question and the proposer's answers beside it (and the remarked
   * questions that did not change), the register fields as submitted, the section remarks answered.
   */
  private async diffModel(ctx: UserContext, d: AssessmentDetail) {
    const { lang } = ctx;
    const t = (key: string) => translate(lang, key);
    const diff = await this.assessments.diff(ctx, d.assessment.id, d.revision - 1, d.revision);
    const questions = new Map(allQuestions(d.template).map((q) => [q.id, q]));
    const remark = (r: Remark) => ({
      reviewer: r.reviewer,
      text: r.text,
      answer: r.answer,
    });
    const remarksOn = (target: string) =>
      diff.remarks.filter((r) => r.kind === 'question' && r.target === target).map(remark);
    const changed = new Set(diff.answers.map((x) => x.questionId));
    const unchangedRemarked = [
      ...new Set(
        diff.remarks
          .filter((r) => r.kind === 'question' && !changed.has(r.target))
          .map((r) => r.target),
      ),
    ];
    const row = (questionId: string, before: unknown, after: unknown, change: string | null) => {
      const q = questions.get(questionId);
      return {
        text: q?.text[lang] ?? questionId,
        before: shown(q, before, lang),
        after: shown(q, after, lang),
        change: t(`work.review.change.${change ?? 'unchanged'}`),
        removed: change === 'removed',
        remarks: remarksOn(questionId),
      };
    };
    const sections = new Map(d.template.sections.map((s) => [s.id, s.title[lang]]));
    return {
      answers: [
        ...diff.answers.map((x) => row(x.questionId, x.before, x.after, x.change)),
        ...unchangedRemarked.map((id) => row(id, d.answers[id], d.answers[id], null)),
      ],
      registerFields: diff.registerFields?.map((f) => ({
        label: t(`register.fields.${f.field}`),
        before: plain(f.before, lang),
        after: plain(f.after, lang),
        change: t(`work.review.change.${f.change}`),
      })),
      sectionRemarks: diff.remarks
        .filter((r) => r.kind === 'section')
        .map((r) => ({ section: sections.get(r.target) ?? r.target, ...remark(r) })),
    };
  }
}

/** A register field's value as people read it: a list joined, empty as not filled in. */
function plain(value: unknown, lang: Language): string {
  if (value === undefined || value === null || value === '')
    return translate(lang, 'work.unanswered');
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** An answer as people read it: yes/no, the option's label, the number with its unit. */
function shown(q: Question | undefined, value: unknown, lang: Language): string {
  if (value === undefined || value === null || value === '')
    return translate(lang, 'work.unanswered');
  if (typeof value === 'boolean') return translate(lang, value ? 'work.yes' : 'work.no');
  const label = (v: unknown) => q?.options?.find((o) => o.value === v)?.label[lang] ?? String(v);
  if (Array.isArray(value)) return value.map(label).join(', ');
  if (q?.type === 'single_choice') return label(value);
  if (typeof value === 'number')
    return `${value.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB')}${q?.unit ? ` ${q.unit[lang]}` : ''}`;
  return String(value);
}
