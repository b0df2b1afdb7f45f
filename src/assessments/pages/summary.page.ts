import { Injectable } from '@nestjs/common';
import { STANDARD_FIELDS } from '../../algorithms/publicatiestandaard';
import type { PageBuilder, RouteParams } from '../../common/forms/form-view';
import { localisedPath } from '../../common/http/language';
import { parseId } from '../../common/parse-id.pipe';
import type { UserContext } from '../../common/request-context';
import { translate } from '../../i18n/i18n';
import { AssessmentsService } from '../assessments.service';
import { missingRegisterFields } from '../register-fields.service';
import { assessmentFrame } from './assessment-frame';

/**
 * `/assessments/:id/summary`, before submission: what is missing, which legal floors and blocking
 * rules hold, and the submit button if the table offers it.
 */
@Injectable()
export class SummaryPage implements PageBuilder {
  constructor(private readonly assessments: AssessmentsService) {}

  async build(ctx: UserContext, params: RouteParams) {
    const { lang } = ctx;
    const id = parseId(params.id, 'id');
    const d = await this.assessments.detail(ctx, id);
    const missingRegister = missingRegisterFields(d.algorithm);
    const byKey = new Map(STANDARD_FIELDS.map((f) => [f.key, f]));
    const action = d.availableActions.find((x) => x === 'submit' || x === 'resubmit');
    const frame = assessmentFrame(d, ctx, 'summary');
    const sectionOf = new Map(
      d.template.sections.flatMap((s) => [
        [s.id, s.id] as const,
        ...s.questions.map((q) => [q.id, s.id] as const),
      ]),
    );
    const openRemarks = d.remarks.filter((r) => r.answer === null);
    return {
      ...frame,
      openRemarks: openRemarks.map((r) => ({
        reviewer: r.reviewer,
        text: r.text,
        href:
          localisedPath(lang, `/assessments/${id}/sections/${sectionOf.get(r.target) ?? ''}`) +
          `#field-remarkAnswers.${r.key}`,
      })),
      missingRegister: missingRegister.map((key) => ({
        label: translate(lang, `register.fields.${key}`),
        href:
          localisedPath(lang, `/assessments/${id}/register`) +
          `#field-${byKey.get(key)?.property ?? key}`,
      })),
      action,
      actionLabel: action ? translate(lang, `work.action.${action}`) : undefined,
      ready:
        frame.rules.missing.length === 0 &&
        openRemarks.length === 0 &&
        frame.rules.floors.length === 0 &&
        frame.rules.blocking.length === 0 &&
        missingRegister.length === 0,
    };
  }
}
