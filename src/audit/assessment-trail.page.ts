import { Injectable } from '@nestjs/common';
import { AssessmentsService } from '../assessments/assessments.service';
import { assessmentFrame, hasAdmin } from '../assessments/pages/assessment-frame';
import { DomainError } from '../common/errors/domain-error';
import type { PageBuilder, RouteParams } from '../common/forms/form-view';
import { parseId } from '../common/parse-id.pipe';
import type { UserContext } from '../common/request-context';
import { translate } from '../i18n/i18n';
import { AuditTrailService } from './audit-trail.service';

/**
 * `/assessments/:id/audit`, for the secretary and the admin: the assessment's own part of the
 * audit trail, that is its steps, its reviews, its conditions and its register entry.
 */
@Injectable()
export class AssessmentTrailPage implements PageBuilder {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly trail: AuditTrailService,
  ) {}

  async build(ctx: UserContext, params: RouteParams) {
    const { user, lang } = ctx;
    const id = parseId(params.id, 'id');
    const d = await this.assessments.detail(ctx, id);
    if (!d.actorIs.secretary && !hasAdmin(d, user)) throw new DomainError('NOT_FOUND');
    const ids = (xs: { id: number }[]) => xs.map((x) => x.id);
    const { events, actors } = await this.trail.about([
      { objectType: 'assessment', objectIds: [id] },
      { objectType: 'algorithm', objectIds: [d.algorithm.id] },
      { objectType: 'review', objectIds: ids(d.reviews) },
      { objectType: 'condition', objectIds: ids(d.conditions) },
    ]);
    return {
      ...assessmentFrame(d, ctx, 'audit'),
      events: events.map((e) => ({
        seq: e.seq,
        at: e.occurredAt,
        actor: e.actorUserId ? (actors.get(e.actorUserId)?.name ?? `#${e.actorUserId}`) : '',
        role: e.actorRole ? translate(lang, `roles.${e.actorRole}`) : '',
        action: e.action,
        result: e.result,
        details: e.details?.from ? `${String(e.details.from)} → ${String(e.details.to)}` : '',
      })),
    };
  }
}
