import { IsIn } from 'class-validator';
import { LANGUAGES, type Language } from '../../i18n/i18n';
import { DELIVERY_MODES, type DeliveryMode } from '../notification-kinds';

const mode = { message: 'validation.notifications.mode' };

/** `/account/notifications`: the language of one's e-mail, and per kind how to hear of it. */
export class NotificationPreferencesDto {
  @IsIn(LANGUAGES, { message: 'validation.notifications.language' })
  language: Language;

  @IsIn(DELIVERY_MODES, mode)
  reviewer_assigned: DeliveryMode;

  @IsIn(DELIVERY_MODES, mode)
  reviews_complete: DeliveryMode;

  @IsIn(DELIVERY_MODES, mode)
  sent_back: DeliveryMode;

  @IsIn(DELIVERY_MODES, mode)
  decision: DeliveryMode;

  @IsIn(DELIVERY_MODES, mode)
  publication: DeliveryMode;

  @IsIn(DELIVERY_MODES, mode)
  reassessment_due: DeliveryMode;

  @IsIn(DELIVERY_MODES, mode)
  feedback_new: DeliveryMode;

  @IsIn(DELIVERY_MODES, mode)
  condition_due: DeliveryMode;

  @IsIn(DELIVERY_MODES, mode)
  condition_overdue: DeliveryMode;
}
