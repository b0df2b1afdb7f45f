import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Login attempts per account or per address within the current window, counted before the
 * password is checked (see LoginThrottleService). Kept in the database so that every app
 * instance counts the same attempts.
 */
@Entity({ name: 'login_attempt_counters' })
export class LoginAttemptCounter {
  /** `account:<e-mail>` or `address:<ip>`. */
  @PrimaryColumn({ type: 'varchar', length: 300 })
  key: string;

  /** Failures of the window plus attempts still being checked; successes are taken back. */
  @Column({ type: 'integer' })
  failures: number;

  @Column({ type: Date })
  windowStartedAt: Date;
}
