import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, Not } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { DomainError } from '../../common/errors/domain-error';
import type { UserContext } from '../../common/request-context';
import { tokenHash } from '../auth/auth.service';
import { ChangePasswordDto } from '../dto/change-password.dto';
import { CreateTokenDto } from '../dto/create-token.dto';
import { ApiToken } from '../entities/api-token.entity';
import { Session } from '../entities/session.entity';
import { User } from '../entities/user.entity';
import { hashPassword, verifyPassword } from '../password-hasher';
import { passwordProblem } from '../password-policy';

const DAY_MS = 86_400_000;

/** Raises the password policy's verdict as a problem with the field it concerns. */
export function assertPasswordAllowed(field: string, password: string, email: string): void {
  const problem = passwordProblem(password, email);
  if (problem)
    throw new DomainError('VALIDATION_FAILED', 'errors.VALIDATION_FAILED', [
      { field, key: `validation.password.${problem}` },
    ]);
}

/** What a user does with their own account: the password and personal API tokens. */
@Injectable()
export class AccountService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Changes the password and ends the user's other sessions (the current one gets a new id). */
  async changePassword(
    ctx: UserContext,
    dto: ChangePasswordDto,
    currentSessionId: string,
  ): Promise<void> {
    const { user } = ctx;
    const stored = await this.dataSource.getRepository(User).findOneByOrFail({ id: user.id });
    if (!(await verifyPassword(stored.passwordHash, dto.currentPassword))) {
      throw new DomainError('VALIDATION_FAILED', 'errors.VALIDATION_FAILED', [
        { field: 'currentPassword', key: 'validation.password.wrongCurrent' },
      ]);
    }
    if (dto.newPassword !== dto.confirmPassword) {
      throw new DomainError('VALIDATION_FAILED', 'errors.VALIDATION_FAILED', [
        { field: 'confirmPassword', key: 'validation.password.mismatch' },
      ]);
    }
    assertPasswordAllowed('newPassword', dto.newPassword, stored.email);
    const passwordHash = await hashPassword(dto.newPassword);
    await this.dataSource.transaction(async (em) => {
      await em.update(User, { id: user.id }, { passwordHash, mustChangePassword: false });
      await em.delete(Session, { userId: user.id, id: Not(currentSessionId) });
      await this.audit.record(em, ctx, {
        action: 'user.password_change',
        objectType: 'user',
        objectId: user.id,
        result: 'success',
      });
    });
  }

  listTokens({ user }: UserContext): Promise<ApiToken[]> {
    return this.dataSource
      .getRepository(ApiToken)
      .find({ where: { userId: user.id }, order: { createdAt: 'DESC' } });
  }

  /** Returns the token itself, which is shown once and stored only as a hash. */
  async createToken(
    ctx: UserContext,
    dto: CreateTokenDto,
  ): Promise<{ token: string; row: ApiToken }> {
    const token = `wb_${randomBytes(32).toString('base64url')}`;
    const row = await this.dataSource.transaction(async (em) => {
      const saved = await em.save(
        em.create(ApiToken, {
          userId: ctx.user.id,
          name: dto.name,
          tokenHash: tokenHash(token),
          prefix: token.slice(0, 10),
          expiresAt: new Date(Date.now() + dto.expiresInDays * DAY_MS),
        }),
      );
      await this.audit.record(em, ctx, {
        action: 'token.create',
        objectType: 'api_token',
        objectId: saved.id,
        result: 'success',
        details: { name: dto.name, expiresAt: saved.expiresAt.toISOString() },
      });
      return saved;
    });
    return { token, row };
  }

  async revokeToken(ctx: UserContext, tokenId: number): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      // Someone else's token is "not found", not "forbidden": ids of others are not confirmed.
      const row = await em.findOneBy(ApiToken, { id: tokenId, userId: ctx.user.id });
      if (!row) throw new DomainError('NOT_FOUND');
      if (row.revokedAt) return;
      await em.update(ApiToken, { id: row.id }, { revokedAt: new Date() });
      await this.audit.record(em, ctx, {
        action: 'token.revoke',
        objectType: 'api_token',
        objectId: row.id,
        result: 'success',
      });
    });
  }
}
