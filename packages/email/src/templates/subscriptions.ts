// Subscription reminders: a few days before the end, and once it has ended.
import { renderEmail } from '../layout.ts';
import type { OutgoingEmail } from '../outbox.ts';

export function subscriptionReminderMessage({
  storeName,
  to,
  fullName,
  title,
  serviceName,
  endsAt,
  daysLeft,
  link,
}: {
  storeName: string;
  to: string;
  fullName: string;
  title: string;
  serviceName: string;
  endsAt: Date;
  /** Whole days left, rounded up; 0 once the subscription has ended. */
  daysLeft: number;
  link: string;
}): OutgoingEmail {
  const date = endsAt.toUTCString().replace(/:\d\d GMT$/, ' UTC');
  const ended = daysLeft === 0;
  const when = daysLeft === 1 ? '1 day' : `${daysLeft} days`;
  const body = renderEmail({
    storeName,
    paragraphs: [
      `Hello ${fullName},`,
      ended
        ? `Your ${serviceName} subscription (${title}) ended on ${date}.`
        : `Your ${serviceName} subscription (${title}) ends in ${when}, on ${date}.`,
      ended
        ? 'Renew it to pick up where you left off: the new time starts the day you renew.'
        : 'Renew it now and the new time is added after the current end date, so you lose no day.',
    ],
    action: { label: 'Renew my subscription', url: link },
  });
  return {
    to,
    template: ended ? 'subscription-expired' : 'subscription-reminder',
    subject: ended ? `Your ${serviceName} subscription has ended` : `Your ${serviceName} subscription ends in ${when}`,
    ...body,
  };
}
