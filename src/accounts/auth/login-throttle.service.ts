import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { LoginAttemptCounter } from '../entities/login-attempt-counter.entity';

/** Failed logins allowed per window: the next one is refused before the password is checked. */
export const LOGIN_LIMITS = {
  windowMs: 60_000,
  /** Per account: the sixth failure within a minute is refused. */
  perAccount: 5,
  /** Per address: higher, because an office or a city hall shares one address. */
  perAddress: 20,
} as const;

const accountKey = (email: string) => `account:${email}`;
const addressKey = (address: string) => `address:${address}`;

/**
 * Counts failed logins per account and per address in the database, so all instances count
 * together. A success clears the account's count; the address count runs out with its window.
 */
@Injectable()
export class LoginThrottleService {
  constructor(private readonly dataSource: DataSource) {}

  async isBlocked(email: string, address: string, now = new Date()): Promise<boolean> {
    const rows = await this.dataSource
      .getRepository(LoginAttemptCounter)
      .findBy({ key: In([accountKey(email), addressKey(address)]) });
    return rows.some((row) => {
      if (now.getTime() - row.windowStartedAt.getTime() >= LOGIN_LIMITS.windowMs) return false;
      const limit = row.key.startsWith('account:')
        ? LOGIN_LIMITS.perAccount
        : LOGIN_LIMITS.perAddress;
      return row.failures >= limit;
    });
  }

  async recordFailure(
    manager: EntityManager,
    email: string,
    address: string,
    now = new Date(),
  ): Promise<void> {
    for (const key of [accountKey(email), addressKey(address)]) {
      const row = await manager.findOneBy(LoginAttemptCounter, { key });
      const windowOver =
        !row || now.getTime() - row.windowStartedAt.getTime() >= LOGIN_LIMITS.windowMs;
      await manager.save(LoginAttemptCounter, {
        key,
        failures: windowOver ? 1 : row.failures + 1,
        windowStartedAt: windowOver ? now : row.windowStartedAt,
      });
    }
  }

  async clearAccount(manager: EntityManager, email: string): Promise<void> {
    await manager.delete(LoginAttemptCounter, { key: accountKey(email) });
  }
}
