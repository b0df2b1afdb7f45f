import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { LoginAttemptCounter } from '../entities/login-attempt-counter.entity';

/** Failed logins allowed per window: the next one is refused before the password is checked. */
export const LOGIN_LIMITS = {
  windowMs: 60_000,
  /** Per account: the sixth failure within a minute is refused. */
  perAccount: 5,
  /** Per address: higher, because an office or a city hall shares one address. */
  perAddress: 20,
} as const;

/** One counter an attempt was added to, and the window it was counted in. */
interface CountedIn {
  key: string;
  /** `window_started_at` as the database returned it, to find the same window again. */
  window: unknown;
}

/** A login attempt as counted before its password is checked. */
export interface LoginAttempt {
  /** Over the limit for the account or the address: the password must not be checked. */
  blocked: boolean;
  account: CountedIn;
  address: CountedIn;
}

const accountKey = (email: string) => `account:${email}`;
const addressKey = (address: string) => `address:${address}`;

/**
 * One statement that adds the attempt to its counter (opening a new window when the last one has
 * run out) and returns the new count. The database does the read and the write together, so
 * parallel attempts each get a count of their own and no more than the limit get through.
 */
const COUNT_ATTEMPT = `
  INSERT INTO login_attempt_counters (key, failures, window_started_at)
  VALUES (:key, 1, :now)
  ON CONFLICT (key) DO UPDATE SET
    failures = CASE WHEN login_attempt_counters.window_started_at > :windowOpenedAfter
      THEN login_attempt_counters.failures + 1 ELSE 1 END,
    window_started_at = CASE WHEN login_attempt_counters.window_started_at > :windowOpenedAfter
      THEN login_attempt_counters.window_started_at ELSE :now END
  RETURNING failures, window_started_at`;

/** Takes one attempt back, only from the window it was counted in. */
const WITHDRAW_ATTEMPT = `
  UPDATE login_attempt_counters SET failures = failures - 1
  WHERE key = :key AND window_started_at = :window AND failures > 0`;

/**
 * Counts logins per account and per address in the database, so all instances count together.
 * Every attempt is counted before its password is checked, so attempts sent in parallel cannot
 * all be checked while none has been recorded yet; an attempt that turns out not to be a failure
 * is taken back (a success also clears the account's count). The `failures` column therefore
 * holds the failures of the window plus the attempts still being checked.
 */
@Injectable()
export class LoginThrottleService {
  constructor(private readonly dataSource: DataSource) {}

  async count(email: string, address: string, now = new Date()): Promise<LoginAttempt> {
    const account = await this.countIn(accountKey(email), now);
    const byAddress = await this.countIn(addressKey(address), now);
    return {
      blocked: account.count > LOGIN_LIMITS.perAccount || byAddress.count > LOGIN_LIMITS.perAddress,
      account: account.countedIn,
      address: byAddress.countedIn,
    };
  }

  /** The right password: the account starts afresh, and the attempt is no failure of the address. */
  async succeeded(manager: EntityManager, attempt: LoginAttempt): Promise<void> {
    await manager.delete(LoginAttemptCounter, { key: attempt.account.key });
    await this.withdraw(manager, attempt.address);
  }

  /** Neither a success nor a failure (a disabled account): the attempt counts for nothing. */
  async withdrawn(manager: EntityManager, attempt: LoginAttempt): Promise<void> {
    await this.withdraw(manager, attempt.account);
    await this.withdraw(manager, attempt.address);
  }

  private async countIn(key: string, now: Date): Promise<{ count: number; countedIn: CountedIn }> {
    const [row] = (await this.run(this.dataSource.manager, COUNT_ATTEMPT, {
      key,
      now,
      windowOpenedAfter: new Date(now.getTime() - LOGIN_LIMITS.windowMs),
    })) as { failures: number | string; window_started_at: unknown }[];
    return { count: Number(row.failures), countedIn: { key, window: row.window_started_at } };
  }

  private async withdraw(manager: EntityManager, countedIn: CountedIn): Promise<void> {
    await this.run(manager, WITHDRAW_ATTEMPT, { ...countedIn });
  }

  private run(manager: EntityManager, sql: string, parameters: Record<string, unknown>) {
    const [query, values] = this.dataSource.driver.escapeQueryWithParameters(sql, parameters);
    return manager.query(query, values);
  }
}
