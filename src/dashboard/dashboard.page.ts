import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull } from 'typeorm';
import { hasRole, organisationsWithRole } from '../accounts/auth/auth-user';
import { Membership } from '../accounts/entities/membership.entity';
import { Role } from '../accounts/role';
import { AssessmentsService } from '../assessments/assessments.service';
import { ConditionsService } from '../assessments/conditions/conditions.service';
import type { Assessment } from '../assessments/entities/assessment.entity';
import { Coauthor } from '../assessments/entities/coauthor.entity';
import { today } from '../assessments/reassessment';
import { SIGN_OFF_STATES, transitionFor } from '../assessments/workflow';
import { TemplateAdoptionService } from '../checklists/template-adoption.service';
import type { PageBuilder } from '../common/forms/form-view';
import { localisedPath } from '../common/http/language';
import type { UserContext } from '../common/request-context';
import { InboxService } from '../feedback/inbox.service';
import { translate } from '../i18n/i18n';
import { Review } from '../reviews/entities/review.entity';

/**
 * `/dashboard`, where a user lands after login: per role, the work waiting for them, with counts,
 * and the user's roles and tasks. Read-only: the assessments come from
 * AssessmentsService.list and ConditionsService.followUps, as in the API; the few extra questions
 * (open reviews, whether all reviews are in) are simple reads of the reviews table. Which states
 * mean "waiting for" what is asked of the workflow table.
 */
@Injectable()
export class DashboardPage implements PageBuilder {
  constructor(
    private readonly dataSource: DataSource,
    private readonly assessments: AssessmentsService,
    private readonly conditions: ConditionsService,
    private readonly adoption: TemplateAdoptionService,
    private readonly inbox: InboxService,
  ) {}

  async build(ctx: UserContext) {
    const { user, lang } = ctx;
    const t = (key: string, params?: Record<string, unknown>) => translate(lang, key, params);
    const row = (a: Assessment) => ({
      id: a.id,
      name: a.algorithm.name,
      href: localisedPath(lang, `/assessments/${a.id}`),
      state: t(`work.state.${a.state}`),
      next: t(`work.next.${a.state}`),
      updatedAt: a.updatedAt,
    });
    const all = await this.assessments.list(ctx);
    const proposerOrgs = organisationsWithRole(user, Role.Proposer);
    const secretaryOrgs = organisationsWithRole(user, Role.Secretary);
    const adminOrgs = organisationsWithRole(user, Role.Admin);

    const coauthored = proposerOrgs.length
      ? (await this.dataSource.getRepository(Coauthor).findBy({ userId: user.id })).map(
          (c) => c.assessmentId,
        )
      : [];
    const proposer = proposerOrgs.length
      ? {
          items: all
            .filter(
              (a) =>
                (a.proposerId === user.id || coauthored.includes(a.id)) &&
                proposerOrgs.includes(a.algorithm.organisationId),
            )
            .map(row),
          newHref: localisedPath(lang, '/assessments/new'),
        }
      : null;

    let reviewer = null;
    if (organisationsWithRole(user, Role.Reviewer).length) {
      const open = await this.dataSource.getRepository(Review).find({
        where: {
          reviewerId: user.id,
          decision: IsNull(),
          assessment: { state: In([...SIGN_OFF_STATES]) },
        },
        relations: { assessment: { algorithm: true } },
        order: { assignedAt: 'ASC', id: 'ASC' },
      });
      reviewer = {
        items: open
          .filter(
            (r) => r.revision === r.assessment.revision && r.assessment.proposerId !== user.id,
          )
          .map((r) => ({
            ...row(r.assessment),
            href: localisedPath(lang, `/assessments/${r.assessmentId}/review`),
            assignedAt: r.assignedAt,
          })),
      };
    }

    let secretary = null;
    if (secretaryOrgs.length) {
      const mine = all.filter((a) => secretaryOrgs.includes(a.algorithm.organisationId));
      // Decided on where the secretary's decisions start from, once every reviewer has signed
      // or the review deadline has passed.
      const inReview = mine.filter((a) => transitionFor('approve').from.includes(a.state));
      const reviews = inReview.length
        ? await this.dataSource
            .getRepository(Review)
            .findBy({ assessmentId: In(inReview.map((a) => a.id)) })
        : [];
      const day = today();
      const complete = inReview.filter((a) => {
        const current = reviews.filter((r) => r.assessmentId === a.id && r.revision === a.revision);
        const deadlinePassed = a.reviewDeadline !== null && day > a.reviewDeadline;
        return current.length > 0 && (deadlinePassed || current.every((r) => r.decision));
      });
      const { overdueConditions, reportedConditions, published } =
        await this.conditions.followUps(ctx);
      const conditionRow = (c: (typeof overdueConditions)[number]) => ({
        id: c.id,
        description: c.description,
        owner: c.owner,
        dueDate: c.dueDate,
        name: c.assessment.algorithm.name,
        href: localisedPath(lang, `/conditions/${c.id}`),
      });
      secretary = {
        waitingForReviewers: mine.filter((a) => a.state === transitionFor('submit').to).map(row),
        waitingForDecision: complete.map(row),
        waitingForPublication: mine
          .filter((a) => transitionFor('publish').from.includes(a.state))
          .map(row),
        overdueConditions: overdueConditions.map(conditionRow),
        reportedConditions: reportedConditions.map(conditionRow),
        published: published.map(({ publication: p, due, overdueConditions: overdue }) => ({
          name: p.algorithm.name,
          href: localisedPath(lang, `/assessments/${p.assessmentId}`),
          publicState: t(`work.public.state.${p.lifecycle}`),
          reassessmentDue: p.reassessmentDue,
          due,
          overdueConditions: overdue,
        })),
        reassessmentsDueCount: published.filter((p) => p.due).length,
      };
    }

    let admin = null;
    if (adminOrgs.length) {
      const memberships = await this.dataSource
        .getRepository(Membership)
        .find({ where: { organisationId: In(adminOrgs) }, relations: { organisation: true } });
      const adoptions = await this.adoption.adoptions(adminOrgs);
      const names = new Map(memberships.map((m) => [m.organisationId, m.organisation.name]));
      admin = {
        userCount: new Set(memberships.map((m) => m.userId)).size,
        organisations: [...names.values()],
        templates: [...names].map(([id, organisation]) => {
          const template = adoptions.get(id)?.template;
          return { organisation, title: template?.title, version: template?.version };
        }),
      };
    }
    // Residents' messages not yet answered, for those who answer them (secretaries and admins).
    const feedback =
      secretaryOrgs.length || adminOrgs.length
        ? {
            open: await this.inbox.openCount(ctx),
            href: localisedPath(lang, '/feedback'),
          }
        : null;
    return {
      memberships: user.memberships,
      feedback,
      isAdmin: hasRole(user, Role.Admin),
      isOperator: user.operator,
      canReadAudit: user.operator || hasRole(user, Role.Admin) || hasRole(user, Role.Secretary),
      proposer,
      reviewer,
      secretary,
      admin,
    };
  }
}
