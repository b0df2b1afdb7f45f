import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { organisationsWithRole } from '../accounts/auth/auth-user';
import { Role } from '../accounts/role';
import type { UserContext } from '../common/request-context';
import { OutboxMessage } from './entities/outbox-message.entity';
import { OutboxSender } from './outbox-sender';

const SHOWN = 100;

/** The outbox as admins read it: their organisations' messages; the operator reads all. */
@Injectable()
export class OutboxService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sender: OutboxSender,
  ) {}

  async list(ctx: UserContext) {
    const where = ctx.user.operator
      ? {}
      : { organisationId: In(organisationsWithRole(ctx.user, Role.Admin)) };
    const messages = await this.dataSource.getRepository(OutboxMessage).find({
      where,
      order: { id: 'DESC' },
      take: SHOWN,
    });
    return { messages, mailConfigured: this.sender.configured, shown: SHOWN };
  }
}
