import { IsIn } from 'class-validator';
import { LANGUAGES, type Language } from '../../i18n/i18n';
import { DELIVERY_MODES, type DeliveryMode } from '../notification-kinds';

const mode = { message: 'validation.notifications.mode' };

/** `/account/notifications`: the language of one's e-mail, and per kind how to hear of it. */
export class NotificationPreferencesDto {
  @IsIn(LANGUAGES, { message: 'validation.notifications.language' })
  language: Language;

  @IsIn(DELIVERY_MODES, mode)
  feedback_new: DeliveryMode;

  @IsIn(DELIVERY_MODES, mode)
  condition_due: DeliveryMode;

  @IsIn(DELIVERY_MODES, mode)
  condition_overdue: DeliveryMode;
}
