import type { Handlers } from '../messaging/router';
import type { ReportsProtocol } from '../messaging/reports-protocol';

/** Stub: replaced by the Mailbox Report store. */
export function createReportHandlers(): Handlers<keyof ReportsProtocol> {
  const notYet = async (): Promise<never> => {
    throw new Error('Not implemented yet');
  };
  return { 'reports-list': notYet, 'report-delete': notYet, 'data-delete-all': notYet, 'lookup-mailboxes': notYet };
}
