import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { Relation } from 'typeorm';
import { User } from '../../accounts/entities/user.entity';

/**
 * What someone typed into a form that reached the server after their session had expired, kept
 * for them alone until they log in again (drafts.service.ts). Never a password or a token.
 */
@Entity({ name: 'form_drafts' })
export class FormDraft {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('idx_form_drafts_user')
  @Column({ type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: Relation<User>;

  /** The handler the form posts to, `Controller.method`, which names the page to show it on. */
  @Column({ type: 'varchar', length: 200 })
  form: string;

  /** Where the form posted, without the language prefix. */
  @Column({ type: 'varchar', length: 500 })
  action: string;

  /** The route's parameters, `{ "id": "12", "section": "basis" }`. */
  @Column({ type: 'simple-json' })
  params: Record<string, string>;

  /** The posted fields, as Fastify parsed them. */
  @Column({ type: 'simple-json' })
  body: Record<string, string | string[]>;

  @CreateDateColumn()
  createdAt: Date;

  @Index('idx_form_drafts_expires_at')
  @Column({ type: Date })
  expiresAt: Date;
}
