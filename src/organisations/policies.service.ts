import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { administers, hasRole } from '../accounts/auth/auth-user';
import { OPERATOR, Role } from '../accounts/role';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import type { UserContext } from '../common/request-context';
import { bumpRegisterVersion } from '../publications/register-projection';
import type { PoliciesDto } from './dto/policies.dto';
import { OrganisationPolicy } from './entities/organisation-policy.entity';
import { Organisation } from './entities/organisation.entity';
import { organisationPolicies } from './policies';
import type { OrganisationPolicies } from './policies';

/** An organisation's policies as its admin (or the operator) reads and sets them. */
@Injectable()
export class PoliciesService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async settings(ctx: UserContext, organisationId: number) {
    const organisation = await this.administered(ctx, organisationId);
    return { organisation, policies: await organisationPolicies(this.ds.manager, organisationId) };
  }

  async save(ctx: UserContext, organisationId: number, dto: PoliciesDto): Promise<void> {
    await this.administered(ctx, organisationId);
    const after: OrganisationPolicies = {
      feedbackAnswerDays: dto.feedbackAnswerDays,
      publishRejectedAdvice: dto.publishRejectedAdvice === 'true',
      publishReviewerReasoning: dto.publishReviewerReasoning === 'true',
      iamaForImpactful: dto.iamaForImpactful === 'true',
    };
    await this.ds.transaction(async (em) => {
      const before = await organisationPolicies(em, organisationId);
      await em.getRepository(OrganisationPolicy).save({ organisationId, ...after });
      // What the register publishes may change with these choices, on every instance.
      await bumpRegisterVersion(em);
      await this.audit.record(em, ctx, {
        action: 'organisation.policies_changed',
        objectType: 'organisation',
        objectId: organisationId,
        actorRole: hasRole(ctx.user, Role.Admin, organisationId) ? Role.Admin : OPERATOR,
        organisationId,
        result: 'success',
        details: { before, after },
      });
    });
  }

  private async administered(ctx: UserContext, organisationId: number): Promise<Organisation> {
    const organisation = administers(ctx, organisationId)
      ? await this.ds.getRepository(Organisation).findOneBy({ id: organisationId })
      : null;
    // Another organisation's choices are not there for this admin at all.
    if (!organisation) throw new DomainError('NOT_FOUND');
    return organisation;
  }
}
