import { Notifications, type NoticeLevel } from '../../src/app/notifications';
import type { OhifNotificationService } from '../ohifTypes';

const OHIF_TYPE: Record<NoticeLevel, 'info' | 'warning' | 'error'> = { info: 'info', warning: 'warning', error: 'error' };

/**
 * Our notices shown by OHIF's notification service. Still our Notifications underneath, so
 * the extension's code (and its tests) read the same notices in either host; an error stays
 * up in OHIF as it does in our viewer (OHIF's duration 0 is "until closed").
 */
export class OhifNotifications extends Notifications {
  constructor(private readonly ohif: OhifNotificationService | undefined) {
    super();
  }

  override show(level: NoticeLevel, text: string, timeoutMs = level === 'error' ? 0 : 6000): number {
    const id = super.show(level, text, timeoutMs);
    this.ohif?.show({ title: 'EMH', message: text, type: OHIF_TYPE[level], duration: timeoutMs });
    return id;
  }
}
