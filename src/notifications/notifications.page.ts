import { Injectable } from '@nestjs/common';
import type { FlatForm } from '../common/forms/form-body';
import type { PageBuilder, RouteParams } from '../common/forms/form-view';
import type { UserContext } from '../common/request-context';
import { LANGUAGES } from '../i18n/i18n';
import { DELIVERY_MODES, NOTIFICATION_KINDS } from './notification-kinds';
import { NotificationsService } from './notifications.service';
import { OutboxSender } from './outbox-sender';

/** `/account/notifications`: one choice per kind of message, and the language they come in. */
@Injectable()
export class NotificationsPage implements PageBuilder {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly sender: OutboxSender,
  ) {}

  async build(ctx: UserContext, _params: RouteParams, posted?: FlatForm) {
    const saved = await this.notifications.preferences(ctx.user.id);
    const chosen = (name: string, fallback: string) => {
      const value = posted?.[name];
      return typeof value === 'string' ? value : fallback;
    };
    return {
      email: ctx.user.email,
      mailConfigured: this.sender.configured,
      languages: LANGUAGES.map((l) => ({
        value: l,
        labelKey: `notifications.language.${l}`,
        checked: chosen('language', saved.language) === l,
      })),
      kinds: NOTIFICATION_KINDS.map((kind) => ({
        kind,
        modes: DELIVERY_MODES.map((m) => ({
          value: m,
          labelKey: `notifications.mode.${m}`,
          checked: chosen(kind, saved.modes[kind]) === m,
        })),
      })),
    };
  }
}
