import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed logins per account or per address within the current window. Kept in the database so
 * that every app instance counts the same attempts.
 */
@Entity({ name: 'login_attempt_counters' })
export class LoginAttemptCounter {
  /** `account:<e-mail>` or `address:<ip>`. */
  @PrimaryColumn({ type: 'varchar', length: 300 })
  key: string;

  @Column({ type: 'integer' })
  failures: number;

  @Column({ type: Date })
  windowStartedAt: Date;
}
