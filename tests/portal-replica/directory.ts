import type { Person } from '../support/generate';

/** One account in the replica's directory, as GET /__test/directory reports it. */
export interface ReplicaAccount {
  /** The portal's own database ID. */
  portalId: string;
  /** ExternalSyncID: what the portal matches upload rows by. */
  localId: string;
  email: string;
  title: string;
  firstName: string;
  lastName: string;
  displayName: string;
  mobile: string;
  telephone: string;
  jobTitle: string;
  department: string;
  ou: string;
  status: string;
  mailboxType: string;
  /** Set on accounts an upload created (the harm when the person already had one). */
  createdByUploadId?: string;
}

/** The replica's in-memory accounts, with the lookups the portal's processing needs. */
export class Directory {
  readonly accounts: ReplicaAccount[] = [];
  // Indexes keep validation and processing fast on big directories. Local IDs never change after creation.
  private readonly localIds = new Map<string, ReplicaAccount>();
  private readonly portalIds = new Map<string, ReplicaAccount>();
  private readonly emails = new Map<string, ReplicaAccount>();
  private nextPortalId = 900000;
  private nextLocalId = 1;

  constructor(people: readonly Person[] = []) {
    for (const p of people) {
      this.add({
        portalId: p.portalId,
        localId: p.localId,
        email: p.email,
        title: p.title,
        firstName: p.firstName,
        lastName: p.lastName,
        displayName: p.displayName,
        mobile: p.mobile,
        telephone: p.telephone,
        jobTitle: p.jobTitle,
        department: p.department,
        ou: p.ou,
        status: p.status,
        mailboxType: p.mailboxType,
      });
    }
  }

  /** The first account given this local ID (a duplicate made later keeps the same ID but comes second). */
  byLocalId(localId: string): ReplicaAccount | undefined {
    return this.localIds.get(localId.trim());
  }

  byPortalId(portalId: string): ReplicaAccount | undefined {
    return this.portalIds.get(portalId);
  }

  byEmail(email: string): ReplicaAccount | undefined {
    return this.emails.get(email.trim().toLowerCase());
  }

  /** Local ID -> portal ID for every account now: what an upload is matched against when received. */
  localIdSnapshot(): Map<string, string> {
    return new Map([...this.localIds].map(([localId, account]) => [localId, account.portalId]));
  }

  changeEmail(account: ReplicaAccount, email: string): void {
    if (this.emails.get(account.email.toLowerCase()) === account) this.emails.delete(account.email.toLowerCase());
    account.email = email;
    if (!this.emails.has(email.toLowerCase())) this.emails.set(email.toLowerCase(), account);
  }

  newPortalId(): string {
    return String(this.nextPortalId++);
  }

  newLocalId(): string {
    return `NEW${String(this.nextLocalId++).padStart(6, '0')}`;
  }

  /** A free address: the wanted one, else its name part with 2, 3, ... (as the portal does for a second account). */
  freeEmail(wanted: string, firstName: string, lastName: string): string {
    const candidate = wanted.trim() || `${asciiName(firstName)}.${asciiName(lastName)}@nhs.net`;
    if (!this.byEmail(candidate)) return candidate;
    const [local = 'user', domain = 'nhs.net'] = candidate.split('@');
    const base = local.replace(/\d+$/, '') || 'user';
    for (let n = 2; ; n++) {
      const next = `${base}${n}@${domain}`;
      if (!this.byEmail(next)) return next;
    }
  }

  /** An independent copy (accounts copied, counters kept): what the portal would do next, tried without doing it. */
  clone(): Directory {
    const copy = new Directory();
    for (const account of this.accounts) copy.add({ ...account });
    copy.nextPortalId = this.nextPortalId;
    copy.nextLocalId = this.nextLocalId;
    return copy;
  }

  add(account: ReplicaAccount): void {
    this.accounts.push(account);
    if (account.localId && !this.localIds.has(account.localId)) this.localIds.set(account.localId, account);
    if (!this.portalIds.has(account.portalId)) this.portalIds.set(account.portalId, account);
    const email = account.email.toLowerCase();
    if (!this.emails.has(email)) this.emails.set(email, account);
  }
}

function asciiName(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z]/g, '') || 'user'
  );
}
