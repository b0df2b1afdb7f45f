import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { User } from '../../accounts/entities/user.entity';
import type { Language } from '../../i18n/i18n';
import type { DeliveryMode, NotificationKind } from '../notification-kinds';

/** How one user wants to hear of things; without a row: Dutch, every kind at once. */
@Entity({ name: 'notification_preferences' })
export class NotificationPreference {
  @PrimaryColumn({ type: 'integer' })
  userId: number;

  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: Relation<User>;

  @Column({ type: 'varchar', length: 2 })
  language: Language;

  /** Per kind; a kind not named is `immediate`. */
  @Column({ type: 'simple-json' })
  modes: Partial<Record<NotificationKind, DeliveryMode>>;
}
