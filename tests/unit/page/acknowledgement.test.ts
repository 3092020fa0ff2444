import { describe, expect, it } from 'vitest';
import type { Risk } from '../../../lib/checks/risks';
import {
  acknowledgeEveryKind,
  acknowledgeKind,
  acknowledgeRow,
  consequence,
  findingAcknowledged,
  NOTHING_ACKNOWLEDGED,
  outstandingRisks,
  ruleAcknowledged,
} from '../../../lib/page/acknowledgement';

const overwrite: Risk = { kind: 'overwrite', rows: 2, fileProblems: 0, items: [{ line: 3, account: 'Ben Jones (ben.jones@nhs.net)' }, { line: 9 }] };
const newAccounts: Risk = { kind: 'new-accounts', rows: 2, fileProblems: 0 };
const repeats: Risk = { kind: 'repeat-local-id', rows: 2, fileProblems: 0 };
const risks = [overwrite, newAccounts, repeats];

describe('acknowledgement per kind of risk', () => {
  it('holds every kind until it is acknowledged, each on its own', () => {
    let ack = NOTHING_ACKNOWLEDGED;
    expect(outstandingRisks(risks, ack).map((r) => r.kind)).toEqual(['overwrite', 'new-accounts', 'repeat-local-id']);
    ack = acknowledgeKind(ack, 'new-accounts', true);
    expect(outstandingRisks(risks, ack).map((r) => r.kind)).toEqual(['overwrite', 'repeat-local-id']);
    ack = acknowledgeKind(ack, 'repeat-local-id', true);
    ack = acknowledgeKind(ack, 'new-accounts', false);
    expect(outstandingRisks(risks, ack).map((r) => r.kind)).toEqual(['overwrite', 'new-accounts']);
  });

  it('never acknowledges rows that overwrite another person\'s account as a kind, nor by "every kind"', () => {
    const ack = acknowledgeEveryKind(risks, acknowledgeKind(NOTHING_ACKNOWLEDGED, 'overwrite', true));
    expect(ack.kinds).not.toContain('overwrite');
    expect(outstandingRisks(risks, ack).map((r) => r.kind)).toEqual(['overwrite']);
  });

  it('acknowledges those rows one by one: the hold lifts only when every row is', () => {
    let ack = acknowledgeEveryKind(risks, NOTHING_ACKNOWLEDGED);
    ack = acknowledgeRow(ack, 3, true);
    expect(outstandingRisks(risks, ack).map((r) => r.kind)).toEqual(['overwrite']);
    ack = acknowledgeRow(ack, 9, true);
    expect(outstandingRisks(risks, ack)).toEqual([]);
    ack = acknowledgeRow(ack, 3, false);
    expect(outstandingRisks(risks, ack).map((r) => r.kind)).toEqual(['overwrite']);
  });

  it('cannot acknowledge one by one rows the page was not sent (too many to list)', () => {
    const many: Risk = { kind: 'overwrite', rows: 40, fileProblems: 0, items: [{ line: 2 }] };
    const ack = acknowledgeRow(NOTHING_ACKNOWLEDGED, 2, true);
    expect(outstandingRisks([many], ack)).toEqual([many]);
  });

  it('says each consequence in plain words, with its count', () => {
    expect(consequence(newAccounts)).toBe('2 rows will create new accounts');
    expect(consequence({ kind: 'new-accounts', rows: 1, fileProblems: 0 })).toBe('1 row will create a new account');
    expect(consequence({ kind: 'new-accounts', rows: 3, fileProblems: 0, secondAccounts: 1 })).toBe(
      '3 rows will create new accounts, 1 of them for people who already have one',
    );
    expect(consequence({ kind: 'new-accounts', rows: 1, fileProblems: 0, secondAccounts: 1 })).toBe(
      '1 row will create a new account for someone who already has one',
    );
    expect(consequence({ kind: 'overwrite', rows: 1, fileProblems: 0 })).toBe("1 row will overwrite another person's account");
    expect(consequence(overwrite)).toBe("2 rows will overwrite other people's accounts");
    expect(consequence(repeats)).toBe('2 rows repeat a local ID');
    expect(consequence({ kind: 'rejected-values', rows: 1200, fileProblems: 0 })).toBe('1,200 rows have values the portal will reject');
    expect(consequence({ kind: 'stale-report', rows: 0, fileProblems: 1 })).toBe(
      'The Mailbox Report is too old to tell whether the new accounts would be second accounts for people created since',
    );
    expect(consequence({ kind: 'resubmission', rows: 0, fileProblems: 1 })).toBe(
      'This file was already submitted, and part of it may be applied twice',
    );
    expect(consequence({ kind: 'resubmission', rows: 2, fileProblems: 1 })).toBe(
      '2 rows were already submitted and may be applied twice, and this file was already submitted, and part of it may be applied twice',
    );
  });

  it('marks findings "Acknowledged" by kind, and rows of one-by-one kinds by their own line', () => {
    let ack = acknowledgeKind(NOTHING_ACKNOWLEDGED, 'new-accounts', true);
    ack = acknowledgeRow(ack, 3, true);
    expect(findingAcknowledged({ rule: 'probable-duplicate', line: 4, severity: 'block' }, ack)).toBe(true);
    expect(findingAcknowledged({ rule: 'duplicate-local-id', line: 4, severity: 'block' }, ack)).toBe(false);
    expect(findingAcknowledged({ rule: 'identity-mismatch', line: 3, severity: 'block' }, ack)).toBe(true);
    expect(findingAcknowledged({ rule: 'identity-mismatch', line: 9, severity: 'block' }, ack)).toBe(false);
    expect(findingAcknowledged({ rule: 'invalid-field', line: 4, severity: 'warn' }, ack)).toBe(false);
    expect(ruleAcknowledged('missing-local-id', risks, ack)).toBe(true);
    expect(ruleAcknowledged('identity-mismatch', risks, ack)).toBe(false);
  });
});
