import { Injectable } from '@nestjs/common';
import { Role } from '../../accounts/role';
import type { Algorithm } from '../../algorithms/entities/algorithm.entity';
import {
  ALGORITHM_STATUSES,
  STANDARD_FIELDS,
  statusCode,
  THEMES,
} from '../../algorithms/publicatiestandaard';
import type { StandardField } from '../../algorithms/publicatiestandaard';
import type { FlatForm } from '../../common/forms/form-body';
import type { PageBuilder, RouteParams } from '../../common/forms/form-view';
import { parseId } from '../../common/parse-id.pipe';
import type { UserContext } from '../../common/request-context';
import type { Language } from '../../i18n/i18n';
import { translate } from '../../i18n/i18n';
import { AssessmentsService } from '../assessments.service';
import { assessmentFrame, list, str } from './assessment-frame';

/** Fields the proposer does not type: derived by the rules, or kept for imports. */
const NOT_TYPED = ['publication_category', 'source_id'];
const REGISTER_FORM_FIELDS = STANDARD_FIELDS.filter((f) => !NOT_TYPED.includes(f.key));
const GROUPS = ['general', 'responsible_use', 'operation', 'metadata'] as const;

/** `/assessments/new`: the general fields of the standard and the organisation to propose for. */
@Injectable()
export class NewProposalPage implements PageBuilder {
  build({ user, lang }: UserContext, _params: RouteParams, posted?: FlatForm) {
    const organisations = user.memberships
      .filter((m) => m.role === Role.Proposer)
      .map((m) => ({ id: m.organisationId, name: m.organisationName }));
    const chosen = posted ? str(posted.organisationId) : String(organisations[0]?.id ?? '');
    return {
      organisations: organisations.map((o) => ({
        value: String(o.id),
        label: o.name,
        selected: String(o.id) === chosen,
      })),
      fields: registerFieldModels(
        lang,
        REGISTER_FORM_FIELDS.filter((f) => f.group === 'general'),
        posted ?? { status: 'In ontwikkeling' },
      ),
    };
  }
}

/** `/assessments/:id/register`: every Publicatiestandaard field the proposer types, by group. */
@Injectable()
export class RegisterFormPage implements PageBuilder {
  constructor(private readonly assessments: AssessmentsService) {}

  async build(ctx: UserContext, params: RouteParams, posted?: FlatForm) {
    const d = await this.assessments.detail(ctx, parseId(params.id, 'id'));
    const values = posted ?? storedFields(d.algorithm);
    const groups = GROUPS.map((group) => ({
      title: translate(ctx.lang, `register.groups.${group}`),
      fields: registerFieldModels(
        ctx.lang,
        REGISTER_FORM_FIELDS.filter((f) => f.group === group),
        values,
      ),
    }));
    return { ...assessmentFrame(d, ctx, 'register'), groups };
  }
}

/** The entry's fields as the form posts them, to fill the form the first time. */
function storedFields(algorithm: Algorithm): FlatForm {
  const source = algorithm as unknown as Record<string, unknown>;
  const values: FlatForm = {};
  for (const f of REGISTER_FORM_FIELDS) {
    const v = source[f.property];
    if (f.kind === 'themes') values['themes[]'] = Array.isArray(v) ? v.map(String) : [];
    else values[f.property] = v === null || v === undefined ? '' : String(v);
  }
  return values;
}

/** Field models for the partials: label, help, example, limit, whether the register needs it. */
function registerFieldModels(lang: Language, fields: readonly StandardField[], values: FlatForm) {
  const t = (key: string) => translate(lang, key);
  return fields.map((f) => {
    const name = f.kind === 'themes' ? 'themes[]' : f.property;
    const value = values[name];
    const options =
      f.kind === 'themes'
        ? THEMES.map((v) => ({ value: v, label: v, checked: list(value).includes(v) }))
        : f.kind === 'status'
          ? ALGORITHM_STATUSES.map((v) => ({
              value: v,
              label: t(`register.status.${statusCode(v)}`),
              checked: str(value) === v,
            }))
          : undefined;
    return {
      id: f.property,
      name,
      label: t(`register.fields.${f.key}`),
      help: t(`work.fields.${f.key}.help`),
      example: t(`work.fields.${f.key}.example`),
      required: f.required,
      maxLength: f.maxLength,
      value: str(value),
      options,
      isTextarea: f.kind === 'longtext',
      isChoice: f.kind === 'status',
      isThemes: f.kind === 'themes',
      // A month picker; a browser without one shows a text field that takes "maart 2026".
      type: f.kind === 'url' ? 'url' : f.kind === 'month' ? 'month' : 'text',
    };
  });
}
