import { Injectable } from '@nestjs/common';
import { applicableQuestions } from '../../checklists/engine';
import { answersFromForm, formValueOf } from '../../checklists/form-answers';
import type { PostedValue } from '../../checklists/form-answers';
import type { Question } from '../../checklists/template.types';
import { DomainError } from '../../common/errors/domain-error';
import { FlatForm, readForm } from '../../common/forms/form-body';
import type { PageBuilder, RouteParams } from '../../common/forms/form-view';
import { localisedPath } from '../../common/http/language';
import { parseId } from '../../common/parse-id.pipe';
import type { UserContext } from '../../common/request-context';
import type { Language } from '../../i18n/i18n';
import { translate } from '../../i18n/i18n';
import { AssessmentsService } from '../assessments.service';
import type { Remark } from '../remarks';
import { assessmentFrame, list, str } from './assessment-frame';

/**
 * `/assessments/:id/sections/:section`: one section of the checklist with the questions that apply
 * to the answers as they stand, or, when a save was refused, as they were just posted.
 */
@Injectable()
export class SectionPage implements PageBuilder {
  constructor(private readonly assessments: AssessmentsService) {}

  async build(ctx: UserContext, params: RouteParams, posted?: FlatForm) {
    const { lang } = ctx;
    const id = parseId(params.id, 'id');
    const d = await this.assessments.detail(ctx, id);
    const section = d.template.sections.find((s) => s.id === params.section);
    if (!section) throw new DomainError('NOT_FOUND');
    const postedAnswers = posted
      ? ((readForm(posted).answers ?? {}) as Record<string, PostedValue>)
      : undefined;
    let answers = d.answers;
    if (postedAnswers) {
      const ids = section.questions.map((q) => q.id);
      const { changes } = answersFromForm(d.template, ids, postedAnswers, d.answers);
      answers = { ...d.answers, ...changes };
    }
    const applicable = applicableQuestions(d.template, answers);
    const index = d.template.sections.indexOf(section);
    const remark = (r: Remark) => {
      const name = `remarkAnswers[${r.key}]`;
      return {
        reviewer: r.reviewer,
        text: r.text,
        answer: r.answer,
        name,
        field: `remarkAnswers.${r.key}`,
        value: posted ? str(posted[name]) : (r.answer ?? ''),
        label: translate(lang, 'work.remarks.answerLabel', { reviewer: r.reviewer }),
      };
    };
    const inSection = new Set(section.questions.map((q) => q.id));
    const questionRemarks = (id: string) =>
      d.remarks.filter((r) => r.kind === 'question' && r.target === id).map(remark);
    const next = d.template.sections[index + 1];
    return {
      ...assessmentFrame(d, ctx, `section:${section.id}`),
      section: {
        id: section.id,
        title: section.title[lang],
        intro: section.intro?.[lang],
        number: index + 1,
        count: d.template.sections.length,
        progress: d.evaluation.progress.sections[index],
        nextTitle: next?.title[lang],
      },
      questions: section.questions
        .filter((q) => applicable.has(q.id))
        .map((q) => ({
          ...questionModel(
            q,
            lang,
            postedAnswers ? postedAnswers[q.id] : formValueOf(d.answers[q.id]),
          ),
          remarks: questionRemarks(q.id),
          newOrChanged: d.openQuestionIds.includes(q.id),
        })),
      newOrChangedCount: section.questions.filter((q) => d.openQuestionIds.includes(q.id)).length,
      // Remarks on the section, and on its questions that do not apply to the answers now.
      sectionRemarks: d.remarks
        .filter(
          (r) =>
            (r.kind === 'section' && r.target === section.id) ||
            (r.kind === 'question' && inSection.has(r.target) && !applicable.has(r.target)),
        )
        .map(remark),
      hiddenCount: section.questions.filter((q) => !applicable.has(q.id)).length,
      formAction: localisedPath(lang, `/assessments/${id}/sections/${section.id}`),
    };
  }
}

function questionModel(q: Question, lang: Language, raw: PostedValue) {
  const t = (key: string) => translate(lang, key);
  const chosen = list(raw);
  const options =
    q.type === 'yes_no'
      ? [
          { value: 'true', label: t('work.yes') },
          { value: 'false', label: t('work.no') },
        ]
      : (q.options ?? []).map((o) => ({ value: o.value, label: o.label[lang] }));
  return {
    id: q.id,
    name: q.type === 'multiple_choice' ? `answers[${q.id}][]` : `answers[${q.id}]`,
    text: q.text[lang],
    help: q.help?.[lang],
    required: q.required,
    conditional: !!q.when,
    isRadio: q.type === 'yes_no' || q.type === 'single_choice',
    isCheckboxes: q.type === 'multiple_choice',
    isTextarea: q.type === 'text' && (q.maxLength ?? 0) > 200,
    isInput:
      ['number', 'date', 'url'].includes(q.type) ||
      (q.type === 'text' && (q.maxLength ?? 0) <= 200),
    type: q.type === 'url' ? 'url' : 'text',
    inputmode: q.type === 'number' ? 'decimal' : undefined,
    format:
      q.type === 'date'
        ? t('work.format.date')
        : q.type === 'url'
          ? t('work.format.url')
          : q.type === 'number'
            ? t('work.format.number')
            : undefined,
    unit: q.unit?.[lang],
    maxLength: q.maxLength,
    value: str(raw),
    options: options.map((o) => ({ ...o, checked: chosen.includes(o.value) })),
  };
}
