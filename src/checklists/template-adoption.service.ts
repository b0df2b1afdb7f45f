import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { actsAsOperator, administers } from '../accounts/auth/auth-user';
import { recordingRefusals } from '../audit/audit-refusal';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import type { RequestContext } from '../common/request-context';
import { Organisation } from '../organisations/entities/organisation.entity';
import { Answer } from '../assessments/entities/answer.entity';
import type { Assessment } from '../assessments/entities/assessment.entity';
import { Algorithm } from '../algorithms/entities/algorithm.entity';
import { installerRole } from './checklists.service';
import { ChecklistAdoption } from './entities/checklist-adoption.entity';
import { ChecklistTemplate } from './entities/checklist-template.entity';
import { RevisionCarryOver } from './entities/revision-carry-over.entity';
import { carryOver } from './template-carry-over';
import type { Answers } from './template.types';

/** Which template and answers a re-assessment's new revision starts with. */
export interface ReassessmentStart {
  templateId: number;
  answers: Answers;
  /** New or changed questions of that version, left unanswered for the proposer. */
  openQuestionIds: string[];
}

/**
 * Which template version each organisation uses. An organisation adopts one version, shared or its
 * own; its new proposals use it, running assessments keep theirs. Only that organisation's admins
 * (or the operator) adopt for it, and only a version offered to it, so nothing one organisation
 * installs or adopts changes what another one's proposals are assessed against.
 */
@Injectable()
export class TemplateAdoptionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The version an organisation's new proposals use; refused while it has adopted none. */
  async current(em: EntityManager, organisationId: number): Promise<ChecklistTemplate> {
    const adoption = await em.findOne(ChecklistAdoption, {
      where: { organisationId },
      relations: { template: true },
    });
    if (!adoption) throw new DomainError('NO_TEMPLATE_ADOPTED', 'checklist.noTemplateAdopted');
    return adoption.template;
  }

  /** The adoptions of some organisations, with their versions (without content), by organisation. */
  async adoptions(organisationIds: number[]): Promise<Map<number, ChecklistAdoption>> {
    if (!organisationIds.length) return new Map();
    const rows = await this.dataSource.getRepository(ChecklistAdoption).find({
      where: { organisationId: In(organisationIds) },
      relations: { template: true },
      select: {
        organisationId: true,
        templateId: true,
        adoptedAt: true,
        template: {
          id: true,
          key: true,
          version: true,
          title: true,
          organisationId: true,
          checksum: true,
        },
      },
    });
    return new Map(rows.map((a) => [a.organisationId, a]));
  }

  /** An organisation's adoption, for its own members and the operator; others get "not found". */
  async adoptionFor(
    ctx: RequestContext,
    organisationId: number,
  ): Promise<ChecklistAdoption | null> {
    const member = ctx.user?.memberships.some((m) => m.organisationId === organisationId);
    if (!member && !actsAsOperator(ctx)) throw new DomainError('NOT_FOUND');
    return (await this.adoptions([organisationId])).get(organisationId) ?? null;
  }

  /**
   * Makes a version the organisation's current one. Its admins or the operator may; the version
   * must be shared or the organisation's own (another organisation's is "not found"). Audited in
   * the organisation's trail; a refusal about an organisation the caller does not administer in
   * the operator's.
   */
  adopt(
    ctx: RequestContext,
    organisationId: number,
    templateId: number,
  ): Promise<ChecklistAdoption> {
    const own = administers(ctx, organisationId);
    return recordingRefusals(
      this.dataSource,
      this.audit,
      ctx,
      {
        action: 'checklist.adopt',
        objectType: 'checklist_template',
        objectId: templateId,
        actorRole: installerRole(ctx),
        organisationId: own ? organisationId : null,
        details: { organisationId },
      },
      () =>
        this.dataSource.transaction(async (em) => {
          if (!own)
            throw new DomainError(
              'NOT_ORGANISATION_ADMIN',
              'checklist.refused.notYourOrganisation',
            );
          if (!(await em.existsBy(Organisation, { id: organisationId })))
            throw new DomainError('NOT_FOUND');
          const template = await em.findOne(ChecklistTemplate, {
            where: { id: templateId },
            select: { id: true, key: true, version: true, organisationId: true },
          });
          if (!template || (template.organisationId ?? organisationId) !== organisationId)
            throw new DomainError('NOT_FOUND');
          const previous = await em.findOne(ChecklistAdoption, {
            where: { organisationId },
            relations: { template: true },
          });
          if (previous?.templateId === templateId) return previous;
          const adoption = em.create(ChecklistAdoption, {
            organisationId,
            templateId,
            adoptedAt: new Date(),
            adoptedById: ctx.user?.id ?? null,
          });
          await em.save(adoption);
          adoption.template = template;
          await this.audit.record(em, ctx, {
            action: 'checklist.adopt',
            objectType: 'checklist_template',
            objectId: templateId,
            actorRole: installerRole(ctx),
            organisationId,
            result: 'success',
            details: {
              key: template.key,
              version: template.version,
              shared: template.organisationId === null,
              previous: previous ? `${previous.template.key}@${previous.template.version}` : null,
            },
          });
          return adoption;
        }),
    );
  }

  /**
   * Which template version and which answers the next revision of a re-assessment starts with:
   * the organisation's current version, with the answers of the current revision to every
   * question that is unchanged in it (template-carry-over.ts says what "unchanged" is), and the
   * new or changed questions open. An organisation that has adopted no version keeps the
   * assessment's own, so a published application always has a way forward.
   */
  async forReassessment(em: EntityManager, assessment: Assessment): Promise<ReassessmentStart> {
    const { organisationId } = await em.findOneOrFail(Algorithm, {
      where: { id: assessment.algorithmId },
      select: { id: true, organisationId: true },
    });
    const adoption = await em.findOneBy(ChecklistAdoption, { organisationId });
    const rows = await em.findBy(Answer, {
      assessmentId: assessment.id,
      revision: assessment.revision,
    });
    const answers: Answers = Object.fromEntries(rows.map((r) => [r.questionId, r.value]));
    const nextId = adoption?.templateId ?? assessment.templateId;
    if (nextId === assessment.templateId)
      return { templateId: nextId, answers, openQuestionIds: [] };
    const [previous, next] = await Promise.all([
      em.findOneByOrFail(ChecklistTemplate, { id: assessment.templateId }),
      em.findOneByOrFail(ChecklistTemplate, { id: nextId }),
    ]);
    const carried = carryOver(previous.content, next.content, answers);
    return { templateId: nextId, answers: carried.answers, openQuestionIds: carried.open };
  }

  /**
   * Opens the next revision of a re-assessment as forReassessment says, in the caller's
   * transaction: writes its answers (each still credited to whoever gave it) and, when the version
   * changed, from which version to which and which questions are open. The caller moves the
   * assessment to the returned template and the next revision.
   */
  async startReassessment(em: EntityManager, assessment: Assessment): Promise<ReassessmentStart> {
    const start = await this.forReassessment(em, assessment);
    const revision = assessment.revision + 1;
    const answeredBy = new Map(
      (
        await em.find(Answer, {
          where: { assessmentId: assessment.id, revision: assessment.revision },
          select: { questionId: true, answeredById: true },
        })
      ).map((r) => [r.questionId, r.answeredById]),
    );
    const carried = Object.entries(start.answers);
    if (carried.length)
      await em.insert(
        Answer,
        carried.map(([questionId, value]) => ({
          assessmentId: assessment.id,
          revision,
          questionId,
          value: value as object,
          answeredById: answeredBy.get(questionId) ?? null,
        })),
      );
    if (start.templateId !== assessment.templateId)
      await em.insert(RevisionCarryOver, {
        assessmentId: assessment.id,
        revision,
        fromTemplateId: assessment.templateId,
        toTemplateId: start.templateId,
        openQuestionIds: start.openQuestionIds,
      });
    return start;
  }

  /** The questions a revision's re-assessment left open: new or changed since the last assessment. */
  async openQuestions(
    em: EntityManager,
    assessmentId: number,
    revision: number,
  ): Promise<string[]> {
    const row = await em.findOne(RevisionCarryOver, {
      where: { assessmentId, revision },
      select: { id: true, openQuestionIds: true },
    });
    return row?.openQuestionIds ?? [];
  }
}
