import { Directory } from '../portal-replica/directory';
import { PortalModel, decodeUploadBytes, type PortalUpload, type ProcessingFault } from '../portal-replica/portal-model';
import type { RowAction } from '../portal-replica/processing';
import { personKeyOf, phoneKey, type Desired, type PersonKey, type Scenario } from './scenario';

/** The three harms, and the safe uploads CSV Guard refused. */
export interface HarmCounts {
  /** Accounts beyond the first for one person. */
  duplicates: number;
  /** (account, person) pairs where a row meant for one person changed another person's account. */
  overwrites: number;
  /** Intended updates not on the person's own account at the end of the week, and new starters with no account. */
  lostUpdates: number;
  /** Uploads CSV Guard refused (held, replaced by another file, or made to wait) that would have done no harm as they were. */
  falseHolds: number;
  /**
   * The false holds by what held the file: each blocking rule (identity-mismatch split by whether the portal
   * model would have rejected the row), 'upload slot', or 'gave up'. One hold can name several rules.
   */
  falseHoldReasons: Record<string, number>;
  /** With CSV Guard: intended changes not made because CSV Guard held the row and the admin left it out to fix by hand (not counted as lost). */
  heldForAdmin: number;
}

/** A fresh zero count (each has its own reasons record). */
export function noHarm(): HarmCounts {
  return { duplicates: 0, overwrites: 0, lostUpdates: 0, falseHolds: 0, falseHoldReasons: {}, heldForAdmin: 0 };
}

/**
 * The portal (the shared model in tests/portal-replica) plus the ground truth: whose each account is.
 * Every upload row carries its person's unique telephone number, so each processed row is traced to
 * the person the admin meant, whatever its local ID says.
 */
export class World {
  /** portal ID → the person it belongs to. */
  readonly owner = new Map<string, PersonKey>();
  /** "portalId>person": an update meant for `person` applied to someone else's account. */
  readonly overwrites = new Set<string>();

  constructor(
    readonly portal: PortalModel,
    private readonly personByPhone: ReadonlyMap<string, PersonKey>,
  ) {}

  static start(scenario: Scenario): World {
    const world = new World(new PortalModel(new Directory(scenario.people)), scenario.personByPhone);
    for (const p of scenario.people) world.owner.set(p.portalId, personKeyOf(p));
    return world;
  }

  clone(): World {
    const copy = new World(this.portal.clone(), this.personByPhone);
    for (const [k, v] of this.owner) copy.owner.set(k, v);
    for (const o of this.overwrites) copy.overwrites.add(o);
    return copy;
  }

  /** Upload clicked: the portal accepts the file's bytes. */
  receive(fileName: string, bytes: Uint8Array): PortalUpload {
    return this.portal.receive(fileName, decodeUploadBytes(bytes).replace(/^\uFEFF/, ''));
  }

  /** The portal processes every accepted upload, oldest first; `faults` by upload ID. */
  processPending(faults: ReadonlyMap<string, ProcessingFault> = new Map()): PortalUpload[] {
    const done: PortalUpload[] = [];
    for (const upload of this.portal.pending()) {
      this.portal.process(upload.uploadId, faults.get(upload.uploadId));
      this.trace(upload);
      done.push(upload);
    }
    return done;
  }

  private trace(upload: PortalUpload): void {
    upload.outcomes?.forEach((outcome, i) => {
      const person = this.personByPhone.get(phoneKey(upload.rows?.[i]?.values.telephone ?? ''));
      if (!person || !outcome.portalId) return;
      if (outcome.action === 'created') this.owner.set(outcome.portalId, person);
      else if (outcome.action === 'updated' && this.owner.get(outcome.portalId) !== person) this.overwrites.add(`${outcome.portalId}>${person}`);
    });
  }

  /** What the portal did with each row of a processed upload, by person: "P100006 updated, N1 created 900001, P100005 updated P100015's 100015, P100009 not reached". */
  describeRows(upload: PortalUpload): string {
    const parts = (upload.outcomes ?? []).map((outcome, i) => {
      const person = this.personByPhone.get(phoneKey(upload.rows?.[i]?.values.telephone ?? '')) ?? `line ${outcome.line}`;
      if (outcome.action === 'created') return `${person} created ${outcome.portalId}`;
      if (outcome.action === 'updated') {
        const owner = this.owner.get(outcome.portalId ?? '');
        return owner === person ? `${person} updated` : `${person} updated ${owner}'s ${outcome.portalId}`;
      }
      return `${person} ${outcome.action === 'failed' ? `failed (${outcome.result})` : 'not reached'}`;
    });
    return parts.join(', ');
  }

  duplicates(): number {
    const accounts = new Map<PersonKey, number>();
    for (const person of this.owner.values()) accounts.set(person, (accounts.get(person) ?? 0) + 1);
    let extra = 0;
    for (const n of accounts.values()) extra += n - 1;
    return extra;
  }

  /** Duplicates and overwrites: harm that an upload does (a lost update is harm of one not done). */
  damage(): number {
    return this.duplicates() + this.overwrites.size;
  }

  /**
   * Intended updates missing from the person's own account, and new starters without any account.
   * `desired` is what the admin meant by the end of the week, whatever was uploaded. People in
   * `heldForAdmin` had a row CSV Guard held and named to the admin, who left it out to fix by hand:
   * theirs are counted apart, as `held`, not as lost.
   */
  lostUpdates(
    desired: ReadonlyMap<PersonKey, Desired>,
    starters: ReadonlySet<PersonKey>,
    heldForAdmin: ReadonlySet<PersonKey> = new Set(),
  ): { lost: number; held: number } {
    const missing: PersonKey[] = [];
    for (const [person, fields] of desired) {
      const account = this.portal.directory.byPortalId(person.slice(1));
      const ok =
        account !== undefined &&
        (fields.jobTitle === undefined || account.jobTitle === fields.jobTitle) &&
        (fields.department === undefined || account.department === fields.department) &&
        (fields.mobile === undefined || phoneKey(account.mobile) === phoneKey(fields.mobile));
      if (!ok) missing.push(person);
    }
    const withAccount = new Set(this.owner.values());
    for (const starter of starters) if (!withAccount.has(starter)) missing.push(starter);
    const held = missing.filter((p) => heldForAdmin.has(p)).length;
    return { lost: missing.length - held, held };
  }

  /** One line per harm, for replaying a scenario. */
  describeHarm(desired: ReadonlyMap<PersonKey, Desired>, starters: ReadonlySet<PersonKey>, heldForAdmin: ReadonlySet<PersonKey>): string[] {
    const lines: string[] = [];
    const accounts = new Map<PersonKey, string[]>();
    for (const [portalId, person] of this.owner) accounts.set(person, [...(accounts.get(person) ?? []), portalId]);
    for (const [person, ids] of accounts) {
      if (ids.length < 2) continue;
      const made = ids.map(
        (id) =>
          `${id}${this.portal.directory.byPortalId(id)?.createdByUploadId ? ` (by ${this.portal.directory.byPortalId(id)?.createdByUploadId})` : ''}`,
      );
      lines.push(`result: ${person} has ${ids.length} accounts: ${made.join(', ')}`);
    }
    for (const o of this.overwrites) {
      const [portalId, person] = o.split('>');
      lines.push(`result: a row meant for ${person} changed ${this.owner.get(portalId!)}'s account ${portalId}`);
    }
    for (const [person, fields] of desired) {
      const account = this.portal.directory.byPortalId(person.slice(1));
      const same = (f: keyof Desired) => (f === 'mobile' ? phoneKey(account?.mobile ?? '') === phoneKey(fields.mobile!) : account?.[f] === fields[f]);
      const wrong = (['jobTitle', 'department', 'mobile'] as const).filter((f) => fields[f] !== undefined && !same(f));
      if (wrong.length > 0)
        lines.push(
          `result: ${person}'s ${wrong.map((f) => `${f} is "${account?.[f]}" not "${fields[f]}"`).join(', ')}${heldForAdmin.has(person) ? ' (held for the admin)' : ' (LOST)'}`,
        );
    }
    const withAccount = new Set(this.owner.values());
    for (const starter of starters)
      if (!withAccount.has(starter))
        lines.push(`result: new starter ${starter} has no account${heldForAdmin.has(starter) ? ' (held for the admin)' : ' (LOST)'}`);
    return lines;
  }

  /**
   * What uploading these bytes now would do, once everything pending is processed, tried on a copy:
   * whether it would do harm (duplicates or overwrites), and what the portal would do with each person's row.
   */
  tryUpload(fileName: string, bytes: Uint8Array): { harm: boolean; actionOf: Map<PersonKey, RowAction> } {
    const without = this.clone();
    without.processPending();
    const withIt = this.clone();
    const upload = withIt.receive(fileName, bytes);
    withIt.processPending();
    const actionOf = new Map<PersonKey, RowAction>();
    upload.outcomes?.forEach((outcome, i) => {
      const person = this.personByPhone.get(phoneKey(upload.rows?.[i]?.values.telephone ?? ''));
      if (person) actionOf.set(person, outcome.action);
    });
    return { harm: withIt.damage() > without.damage(), actionOf };
  }
}
