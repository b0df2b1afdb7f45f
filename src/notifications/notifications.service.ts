import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { User } from '../accounts/entities/user.entity';
import { ConfigService } from '@nestjs/config';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { translate, type Language } from '../i18n/i18n';
import { NotificationPreference } from './entities/notification-preference.entity';
import { OutboxMessage } from './entities/outbox-message.entity';
import {
  NOTIFICATION_KINDS,
  type AddressMailKind,
  type DeliveryMode,
  type NotificationKind,
} from './notification-kinds';
import { OutboxSender } from './outbox-sender';

export interface Notice {
  kind: NotificationKind;
  /** What happened, once per event: a second notice with the same key adds nothing. */
  eventKey: string;
  userIds: number[];
  organisationId: number | null;
  /** Values for the message texts `mail.<kind>.subject` and `.body`. */
  params: Record<string, string | number>;
  /** Values that are themselves message keys, put in the recipient's language. */
  translatedParams?: Record<string, string>;
  /** The page the message links to, e.g. `/werk/12`. */
  path: string;
}

/** A message to an address that belongs to no user: a resident who left it with a question. */
export interface AddressNotice {
  kind: AddressMailKind;
  /** What happened, once: a second notice with the same key adds nothing. */
  eventKey: string;
  address: string;
  language: Language;
  organisationId: number;
  /** Values for the message texts `mail.<kind>.subject` and `.body`. */
  params: Record<string, string | number>;
  /** The public page the message links to. */
  path: string;
}

export interface Preferences {
  language: Language;
  modes: Record<NotificationKind, DeliveryMode>;
}

/**
 * Puts e-mail in the outbox as part of the caller's transaction (pass its EntityManager): the
 * message exists exactly when the change does. Each recipient's language and choice per kind
 * apply: at once, in the daily digest, or not at all.
 */
@Injectable()
export class NotificationsService {
  private readonly publicUrl: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sender: OutboxSender,
    config: ConfigService,
  ) {
    this.publicUrl = config.getOrThrow<AppConfig>(APP_CONFIG).mail.publicUrl;
  }

  async notify(em: EntityManager, notice: Notice): Promise<number> {
    if (notice.userIds.length === 0) return 0;
    const users = await em.find(User, { where: { id: In([...new Set(notice.userIds)]) } });
    const preferences = await em.find(NotificationPreference, {
      where: { userId: In(users.map((u) => u.id)) },
    });
    const byUser = new Map(preferences.map((p) => [p.userId, p]));
    const rows: Partial<OutboxMessage>[] = [];
    for (const user of users) {
      if (user.disabled) continue;
      const preference = byUser.get(user.id);
      const mode = preference?.modes[notice.kind] ?? 'immediate';
      if (mode === 'off') continue;
      const language = preference?.language ?? 'nl';
      const params = { ...notice.params, ...this.translated(language, notice.translatedParams) };
      rows.push({
        recipientUserId: user.id,
        toAddress: user.email,
        organisationId: notice.organisationId,
        kind: notice.kind,
        eventKey: notice.eventKey,
        subject: translate(language, `mail.${notice.kind}.subject`, params).slice(0, 200),
        body: this.body(language, notice, params),
        state: mode === 'digest' ? 'digest' : 'pending',
        attempts: 0,
        nextAttemptAt: new Date(),
      });
    }
    // A second notice of the same event adds nothing; the unique key settles any race.
    const known = new Set(
      (await em.find(OutboxMessage, { where: { eventKey: notice.eventKey } })).map(
        (m) => m.toAddress,
      ),
    );
    const fresh = rows.filter((r) => !known.has(r.toAddress!));
    if (fresh.length === 0) return 0;
    await em.createQueryBuilder().insert().into(OutboxMessage).values(fresh).orIgnore().execute();
    // Sent once the caller's transaction has committed; the sender's poll is the safety net.
    this.sender.soon();
    return fresh.length;
  }

  /**
   * Puts one message to `address` in the outbox, inside the caller's transaction, with no user
   * behind it (`recipientUserId` null): no preferences apply and the footer does not point to an
   * account. A second notice of the same event adds nothing; the unique key settles any race.
   */
  async notifyAddress(em: EntityManager, notice: AddressNotice): Promise<void> {
    if (await em.existsBy(OutboxMessage, { eventKey: notice.eventKey })) return;
    const { language, params } = notice;
    await em
      .createQueryBuilder()
      .insert()
      .into(OutboxMessage)
      .values({
        recipientUserId: null,
        toAddress: notice.address,
        organisationId: notice.organisationId,
        kind: notice.kind,
        eventKey: notice.eventKey,
        subject: translate(language, `mail.${notice.kind}.subject`, params).slice(0, 200),
        body: [
          translate(language, `mail.${notice.kind}.body`, params),
          `${this.publicUrl}${notice.path}`,
          '',
          '-- ',
          translate(language, 'mail.addressFooter'),
        ].join('\n'),
        state: 'pending',
        attempts: 0,
        nextAttemptAt: new Date(),
      })
      .orIgnore()
      .execute();
    this.sender.soon();
  }

  private translated(language: Language, keys: Record<string, string> = {}) {
    return Object.fromEntries(
      Object.entries(keys).map(([k, key]) => [k, translate(language, key)]),
    );
  }

  private body(language: Language, notice: Notice, params: Notice['params']): string {
    return [
      translate(language, `mail.${notice.kind}.body`, params),
      `${this.publicUrl}${notice.path}`,
      '',
      '-- ',
      translate(language, 'mail.footer', { url: `${this.publicUrl}/account/notifications` }),
    ].join('\n');
  }

  async preferences(userId: number): Promise<Preferences> {
    const row = await this.dataSource.getRepository(NotificationPreference).findOneBy({ userId });
    return {
      language: row?.language ?? 'nl',
      modes: Object.fromEntries(
        NOTIFICATION_KINDS.map((k) => [k, row?.modes[k] ?? 'immediate']),
      ) as Preferences['modes'],
    };
  }

  async savePreferences(userId: number, preferences: Preferences): Promise<void> {
    await this.dataSource
      .getRepository(NotificationPreference)
      .upsert({ userId, language: preferences.language, modes: preferences.modes }, ['userId']);
  }
}
