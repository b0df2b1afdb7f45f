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
import { allQuestions, applicableQuestions } from '../checklists/engine';
import type { Answers } from '../checklists/template.types';
import type { FlatForm } from '../common/forms/form-body';
import type { PageBuilder, RouteParams } from '../common/forms/form-view';
import { localisedPath } from '../common/http/language';
import { parseId } from '../common/parse-id.pipe';
import type { UserContext } from '../common/request-context';
import type { Language } from '../i18n/i18n';
import { translate } from '../i18n/i18n';
import { answerView } from './answer-view';
import { REVIEW_DECISIONS } from './entities/review.entity';

/**
 * `/assessments/:id/review` (`?revision=N` for an older one), built for reading: a summary (the
 * positions so far, the rules' results, what is still missing) and a way to each section and to
 * the sign-off; per section every question with its answer (or why there is none), the change
 * from the revision before marked at the question, the remarks made there; and all reviews. The
 * sign-off form, with a remark field under each section, only for an assigned reviewer who is no
 * party to it (signOffRefusal, as the service asks).
 */
@Injectable()
export class ReviewPage implements PageBuilder {
  constructor(private readonly assessments: AssessmentsService) {}

  async build(ctx: UserContext, params: RouteParams, posted?: FlatForm) {
    const { user, lang } = ctx;
    const id = parseId(params.id, 'id');
    const revision = params.revision === undefined ? undefined : Number(params.revision);
    const d = await this.assessments.detail(ctx, id, revision);
    const t = (key: string, args?: Record<string, unknown>) => translate(lang, key, args);
    const frame = assessmentFrame(d, ctx, 'review');
    const diff = d.revision > 1 ? await this.diffModel(ctx, d) : null;
    const applicable = new Set(d.evaluation.applicable);
    const own = d.reviews.find(
      (r) => r.revision === d.assessment.revision && r.reviewer.id === user.id,
    );
    const mayReview = d.revision === d.assessment.revision && signOffRefusal(d, own) === null;
    const decision = posted ? str(posted.decision) : '';
    // The positions taken on the revision shown: their remarks are read where they apply.
    const signed = d.reviews.filter((r) => r.revision === d.revision && r.decision);
    const signedRemarks = (kind: 'sectionRemarks' | 'questionRemarks', target: string) =>
      signed.flatMap((r) => {
        const text = r[kind]?.[target]?.trim();
        return text ? [{ reviewer: r.reviewer.name, text }] : [];
      });
    const assigned = d.reviews.filter((r) => r.revision === d.revision);
    return {
      ...frame,
      viewedRevision: d.revision,
      revisions: Array.from({ length: d.assessment.revision }, (_, i) => ({
        n: i + 1,
        href: localisedPath(lang, `/assessments/${id}/review?revision=${i + 1}`),
        current: i + 1 === d.revision,
      })),
      summary: {
        signed: signed.length,
        assigned: assigned.length,
        deadline: d.revision === d.assessment.revision ? d.assessment.reviewDeadline : null,
        missing: frame.rules.missing,
      },
      answerSections: d.template.sections.map((s) => {
        const answers = s.questions.map((q) => {
          const applies = applicable.has(q.id);
          const change = diff?.changes.get(q.id);
          const view = answerView(q, d.answers[q.id], lang, applies);
          return {
            id: q.id,
            text: q.text[lang],
            answer: view.text,
            view,
            notApplicable: !applies,
            change: change
              ? {
                  label: t(`work.review.change.${change.change}`),
                  before: answerView(q, change.before, lang, diff!.applicableBefore.has(q.id)),
                }
              : null,
            remarks: diff?.questionRemarks(q.id) ?? [],
            signedRemarks: signedRemarks('questionRemarks', q.id),
          };
        });
        const changeCount = answers.filter((a) => a.change).length;
        return {
          id: s.id,
          title: s.title[lang],
          href: `#section-${s.id}`,
          answers,
          changeCount,
          changeLabel: t('work.review.changeCount', { count: changeCount }),
          remarks: diff?.sectionRemarksOn(s.id) ?? [],
          signedRemarks: signedRemarks('sectionRemarks', s.id),
          blocking: frame.rules.blocking.filter((b) =>
            d.evaluation.blocking.some((x) => x.id === b.id && x.section === s.id),
          ),
        };
      }),
      diff: diff && {
        answers: diff.answers,
        outside: diff.outside,
        registerFields: diff.registerFields,
      },
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
        label: t('work.review.remarkOnSection', { section: s.title[lang] }),
        name: `sectionRemarks[${s.id}]`,
        field: `sectionRemarks.${s.id}`,
      })),
      conditionRows: conditionInputRows(lang),
      formAction: localisedPath(lang, `/assessments/${id}/review`),
    };
  }

  /**
   * The changes from the revision before, to be marked in place: each question's old answer (and
   * whether the question applied then), the remarks made on that revision with the proposer's
   * answers, changed answers to questions this checklist version no longer has, and the register
   * fields as submitted.
   */
  private async diffModel(ctx: UserContext, d: AssessmentDetail) {
    const { lang } = ctx;
    const t = (key: string) => translate(lang, key);
    const from = d.revision - 1;
    const diff = await this.assessments.diff(ctx, d.assessment.id, from, d.revision);
    const questions = new Map(allQuestions(d.template).map((q) => [q.id, q]));
    // The answers of the revision before: these, with each change undone.
    const answersBefore: Answers = { ...d.answers };
    for (const x of diff.answers)
      if (x.before === null) delete answersBefore[x.questionId];
      else answersBefore[x.questionId] = x.before;
    const remark = (r: Remark) => ({ reviewer: r.reviewer, text: r.text, answer: r.answer });
    const row = (x: (typeof diff.answers)[number]) => {
      const q = questions.get(x.questionId);
      return {
        text: q?.text[lang] ?? x.text[lang],
        before: answerView(q, x.before, lang).text,
        after: answerView(q, x.after, lang).text,
        change: t(`work.review.change.${x.change}`),
      };
    };
    return {
      changes: new Map(diff.answers.map((x) => [x.questionId, x])),
      applicableBefore: applicableQuestions(d.template, answersBefore),
      questionRemarks: (questionId: string) =>
        diff.remarks.filter((r) => r.kind === 'question' && r.target === questionId).map(remark),
      sectionRemarksOn: (sectionId: string) =>
        diff.remarks.filter((r) => r.kind === 'section' && r.target === sectionId).map(remark),
      answers: diff.answers.map(row),
      outside: diff.answers.filter((x) => !questions.has(x.questionId)).map(row),
      registerFields: diff.registerFields?.map((f) => ({
        label: t(`register.fields.${f.field}`),
        before: plain(f.before, lang),
        after: plain(f.after, lang),
        change: t(`work.review.change.${f.change}`),
      })),
    };
  }
}

/** A register field's value as people read it: a list joined, empty as not filled in. */
function plain(value: unknown, lang: Language): string {
  if (value === undefined || value === null || value === '')
    return translate(lang, 'work.unanswered');
  return Array.isArray(value) ? value.join(', ') : String(value);
}
