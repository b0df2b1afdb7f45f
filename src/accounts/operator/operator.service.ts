import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { DomainError } from '../../common/errors/domain-error';
import type { RequestContext } from '../../common/request-context';
import { normaliseEmail } from '../auth/auth.service';
import { User } from '../entities/user.entity';

export interface OperatorChange {
  user: User;
  /** False when the user already was (or was not) the operator. */
  changed: boolean;
}

/**
 * Who runs the instance. Granted and revoked at the command line only (`npm run operator:grant`
 * and `operator:revoke`): no page can make anyone the operator, so an organisation's admin can
 * never climb above their organisation. Each change is audited, outside any organisation.
 */
@Injectable()
export class OperatorService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  grant(ctx: RequestContext, email: string): Promise<OperatorChange> {
    return this.set(ctx, email, true);
  }

  revoke(ctx: RequestContext, email: string): Promise<OperatorChange> {
    return this.set(ctx, email, false);
  }

  private set(ctx: RequestContext, email: string, operator: boolean): Promise<OperatorChange> {
    return this.dataSource.transaction(async (em) => {
      const user = await em.findOneBy(User, { email: normaliseEmail(email) });
      if (!user)
        throw new DomainError('NOT_FOUND', 'admin.operator.unknownUser', undefined, { email });
      if (user.isOperator === operator) return { user, changed: false };
      await em.update(User, { id: user.id }, { isOperator: operator });
      user.isOperator = operator;
      await this.audit.record(em, ctx, {
        action: operator ? 'user.operator_grant' : 'user.operator_revoke',
        objectType: 'user',
        objectId: user.id,
        result: 'success',
      });
      return { user, changed: true };
    });
  }
}
