/** How the pages write numbers, dates and ages: UK English, plain words. */

const numberFormat = new Intl.NumberFormat('en-GB');
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });

export function formatCount(n: number): string {
  return numberFormat.format(n);
}

/** "1 mailbox", "2 mailboxes". */
export function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

export function formatDateTime(time: number): string {
  return dateTimeFormat.format(new Date(time));
}

/** "today", "yesterday", "3 days ago". */
export function formatDaysAgo(days: number): string {
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  return `${formatCount(days)} days ago`;
}
