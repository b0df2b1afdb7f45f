import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { actsAsOperator, administers } from '../accounts/auth/auth-user';
import { recordingRefusals } from '../audit/audit-refusal';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import type { RequestContext } from '../common/request-context';
import { Organisation } from '../organisations/entities/organisation.entity';
import { installerRole } from './checklists.service';
import { ChecklistAdoption } from './entities/checklist-adoption.entity';
import { ChecklistTemplate } from './entities/checklist-template.entity';

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
}
