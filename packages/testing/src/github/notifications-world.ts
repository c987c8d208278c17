/** The fake GitHub's state for Notification threads, per user. */
export class NotificationsWorld {}
