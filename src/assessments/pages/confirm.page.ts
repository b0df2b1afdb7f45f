import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { evaluateChecklist } from '../../checklists/engine';
import { DomainError } from '../../common/errors/domain-error';
import type { FlatForm } from '../../common/forms/form-body';
import type { PageBuilder, RouteParams } from '../../common/forms/form-view';
import { localisedPath } from '../../common/http/language';
import { parseId } from '../../common/parse-id.pipe';
import type { UserContext } from '../../common/request-context';
import { translate } from '../../i18n/i18n';
import { recordGroups, summaryModel } from '../../register/entry.page';
import { AssessmentsService, legalFactsOf } from '../assessments.service';
import type { WorkflowAction } from '../workflow';
import { WorkflowEffects } from '../workflow-effects';
import { assessmentFrame, str } from './assessment-frame';

/** The steps that cannot be undone: the pages ask to confirm them on a page of their own. */
export const CONFIRMED_ACTIONS = ['withdraw', 'reject', 'retire', 'publish'] as const;
export type ConfirmedAction = (typeof CONFIRMED_ACTIONS)[number];

export function needsConfirmation(action: WorkflowAction): action is ConfirmedAction {
  return (CONFIRMED_ACTIONS as readonly string[]).includes(action);
}

/**
 * `/assessments/:id/confirm/:action`: what withdrawing, rejecting, retiring or publishing will
 * do, and a form that takes the step with `confirmed=yes` on the endpoint the step's own form
 * posts to (the decision form for a rejection, carrying its reasoning). Publishing shows exactly
 * what will become public: the record and the summary from the builder the publish step uses,
 * in the partials of the register's entry page.
 */
@Injectable()
export class ConfirmPage implements PageBuilder {
  constructor(
    private readonly dataSource: DataSource,
    private readonly assessments: AssessmentsService,
    private readonly effects: WorkflowEffects,
  ) {}

  async build(ctx: UserContext, params: RouteParams, posted?: FlatForm) {
    const id = parseId(params.id, 'id');
    const action = params.action as WorkflowAction;
    if (!needsConfirmation(action)) throw new DomainError('NOT_FOUND');
    const { lang } = ctx;
    const t = (key: string, p?: Record<string, unknown>) => translate(lang, key, p);
    const d = await this.assessments.detail(ctx, id);
    if (!d.availableActions.includes(action))
      throw new DomainError('INVALID_TRANSITION', 'work.confirm.notAvailable', undefined, {
        action: t(`work.confirm.${action}.title`),
      });
    const path = (p: string) => localisedPath(lang, `/assessments/${id}${p}`);
    const fromDecision = action === 'reject';
    const hidden = [
      { name: 'action', value: action },
      { name: 'version', value: (posted && str(posted.version)) || String(d.assessment.version) },
      { name: 'confirmed', value: 'yes' },
      ...(fromDecision
        ? ['reasoning', 'dissentReasoning'].map((name) => ({
            name,
            value: posted ? str(posted[name]) : '',
          }))
        : []),
    ];
    return {
      ...assessmentFrame(d, ctx, fromDecision ? 'decision' : 'overview'),
      action,
      title: t(`work.confirm.${action}.title`),
      what: t(`work.confirm.${action}.what`, { name: d.algorithm.name }),
      reasoning: fromDecision && posted ? str(posted.reasoning) : null,
      hidden,
      formAction: path(fromDecision ? '/decision' : '/actions'),
      cancelHref: path(fromDecision ? '/decision' : ''),
      confirmLabel: t(`work.confirm.${action}.confirm`),
      preview: action === 'publish' ? await this.preview(ctx, id) : null,
    };
  }

  /** What publishing makes public now, as the register's entry page will show it. */
  private async preview({ user, lang }: UserContext, id: number) {
    const em = this.dataSource.manager;
    const loaded = await this.assessments.load(em, user, id);
    const evaluation = evaluateChecklist(loaded.template, loaded.answers, legalFactsOf(loaded));
    const version = await this.effects.publicVersionOf(em, loaded, evaluation, new Date());
    return {
      groups: recordGroups(lang, version.record),
      summary: summaryModel(lang, version.summary),
    };
  }
}
