import { dismissNotification, getNotificationDetails, listNotifications, markAllNotificationsRead } from '../tools/notifications.js';
import type { GitHubToolset } from './toolset.js';

export const notificationsToolset: GitHubToolset = {
  name: 'notifications',
  description: 'Notifications of the token’s user',
  tools: [listNotifications, getNotificationDetails, dismissNotification, markAllNotificationsRead],
};
