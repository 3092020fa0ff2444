import Papa from 'papaparse';
import { BUNDLED_TEMPLATE } from '../../lib/portal/template';
import { COL, generatePeople, uploadRow, type Person } from '../support/generate';
import {
  encode,
  personKeyOf,
  phoneKey,
  type Episode,
  type FileEncoding,
  type PersonKey,
  type RowIntent,
  type Scenario,
  type UploadFile,
} from './scenario';

/**
 * Harmful scenarios the simulator found, minimised by hand to the few rows and steps that still do the
 * harm. Each names the seed it came from; tests/unit/harm/cases.test.ts runs every one, bare and with
 * CSV Guard. `open` names the work that should bring the case's guarded harm to zero; a case without it
 * must do no harm with CSV Guard.
 */
export interface HarmCase {
  name: string;
  /** The generated scenario it was minimised from (`npm run harm -- --replay <seed>`). */
  fromSeed: number;
  /** Set while CSV Guard on main still lets this harm through: who is fixing it. */
  open?: string;
  scenario: Scenario;
}

const PEOPLE = generatePeople(8, 4242);

/** Someone with an account, as the directory and the report list them. */
function person(i: number, overrides: Partial<Person> = {}): Person {
  return { ...PEOPLE[i]!, ...overrides };
}

function starter(n: number, localId = ''): Person {
  return {
    portalId: '',
    localId,
    title: '',
    firstName: 'Ffion',
    lastName: `Starter${n}`,
    displayName: `Ffion Starter${n}`,
    email: `ffion.starter${n}@nhs.net`,
    jobTitle: 'Staff Nurse',
    department: 'Maternity',
    mobile: `07800 90000${n}`,
    telephone: `0114 900000${n}`,
    ou: 'Acute Services',
    status: 'Active',
    mailboxType: 'User',
  };
}

interface Row {
  who: Person;
  key: PersonKey;
  kind: RowIntent['kind'];
  /** Replace cells of the row, by template column name. */
  cells?: Record<string, string>;
  mess?: RowIntent['mess'];
}

const update = (who: Person, cells: Record<string, string> = {}, mess: RowIntent['mess'] = 'correct'): Row => ({
  who,
  key: personKeyOf(who),
  kind: 'update',
  cells,
  mess,
});
const create = (who: Person, key: PersonKey, mess: RowIntent['mess'] = 'new-starter'): Row => ({ who, key, kind: 'create', mess });

function file(name: string, rows: Row[], encoding: FileEncoding = 'utf-8'): UploadFile {
  const data = rows.map((r) => {
    const values = uploadRow(r.who);
    for (const [column, value] of Object.entries(r.cells ?? {})) values[COL[column]!] = value;
    return values;
  });
  const text = Papa.unparse({ fields: [...BUNDLED_TEMPLATE.header], data }, { newline: '\r\n' });
  return {
    name,
    bytes: encode(text, encoding),
    encoding,
    passwordColumn: false,
    rows: rows.map((r, i) => ({
      person: r.key,
      kind: r.kind,
      mess: r.mess ?? 'correct',
      desired:
        r.kind === 'update'
          ? { jobTitle: data[i]![COL.JobTitle!]!, department: data[i]![COL.Department!]!, mobile: data[i]![COL.MobileNumber!]! }
          : {},
    })),
  };
}

function scenario(
  seed: number,
  options: {
    people: Person[];
    recentStarters?: Person[];
    oldReport?: boolean;
    refreshesReport?: boolean;
    starters?: Record<PersonKey, Person>;
    episodes: Episode[];
  },
): Scenario {
  const recent = options.recentStarters ?? [];
  const people = [...options.people, ...recent];
  const starters = new Map(Object.entries(options.starters ?? {}));
  const personByPhone = new Map<string, PersonKey>(people.map((p) => [phoneKey(p.telephone), personKeyOf(p)]));
  for (const [key, p] of starters) personByPhone.set(phoneKey(p.telephone), key);
  return {
    seed,
    people,
    reportPeople: options.oldReport ? [...options.people] : people,
    recentStarters: recent,
    newStarters: starters,
    personByPhone,
    episodes: options.episodes,
    refreshesReport: options.refreshesReport ?? false,
  };
}

const ada = starter(1);
const ben = starter(2, 'RXX600201');
const lastWeek = { ...starter(3, 'RXX800001'), portalId: '800001' };

/** A row whose local ID belongs to someone else who shares the row's first name, email left blank. */
const namesake = person(1, { firstName: PEOPLE[0]!.firstName, displayName: `${PEOPLE[0]!.firstName} ${PEOPLE[1]!.lastName}` });

/** Someone who shares only the surname of person(0) (a sibling, say). */
const sibling = person(2, { lastName: PEOPLE[0]!.lastName, displayName: `${PEOPLE[2]!.firstName} ${PEOPLE[0]!.lastName}` });

export const HARM_CASES: HarmCase[] = [
  {
    name: 'double-click on Upload with a new starter in the file: the second click must not upload it again (fixed by gate, #12)',
    fromSeed: 20261133,
    scenario: scenario(1, {
      people: [person(0)],
      starters: { N1: ada },
      episodes: [{ kind: 'double-click', file: file('starter.csv', [create(ada, 'N1')]) }],
    }),
  },
  {
    name: 'the portal fails part-way and sends nothing; once the upload expires, the remainder keeps every update the portal never reached (fixed by remainder, #17)',
    fromSeed: 20261134,
    scenario: scenario(2, {
      people: [person(0), person(1), person(2)],
      episodes: [
        {
          kind: 'failure',
          file: file('three.csv', [
            update(person(0), { JobTitle: 'Matron' }),
            update(person(1), { JobTitle: 'Porter' }),
            update(person(2), { JobTitle: 'Midwife' }),
          ]),
          failAfterRows: 1,
          emailResults: false,
          afterSilence: 'wait-expiry',
        },
      ],
    }),
  },
  {
    name: 'a mistyped local ID that is another person\u2019s, who shares the first name, with the email left blank: must not overwrite them (fixed by engine, #19)',
    fromSeed: 20261141,
    scenario: scenario(3, {
      people: [person(0), namesake],
      episodes: [
        {
          kind: 'plain',
          file: file('mistyped.csv', [update(person(0), { ExternalSyncID: namesake.localId, EmailAddress: '', JobTitle: 'Matron' }, 'mistyped')]),
        },
      ],
    }),
  },
  {
    name: 'a list of new starters made from an old report names one of last week\u2019s starters, and CSV Guard\u2019s cached report is as old: no second account',
    // CSV Guard let it through (lib): an old report was only a warning (stale-report), so the row was only "no
    // local ID, will create an account", which the admin rightly acknowledges for someone they mean as new. Now an
    // old report holds Upload whenever the file would create accounts, and the admin imports a fresh one, which
    // shows last week's starter (missing-local-id then names their account). Same cause: seeds 20261309, 20261333,
    // 20261496, 20261629, 20261631, 20261870, 20261874 (all 12 duplicates of the run before this fix).
    fromSeed: 20261166,
    scenario: scenario(4, {
      people: [person(0)],
      recentStarters: [lastWeek],
      oldReport: true,
      episodes: [
        {
          kind: 'old-list',
          file: file('starters.csv', [create({ ...lastWeek, localId: '', portalId: '' }, personKeyOf(lastWeek), 'known-starter')]),
        },
      ],
    }),
  },
  {
    name: 'the portal fails part-way after creating a new starter with no local ID; the remainder must not create it again (fixed by remainder, #17)',
    fromSeed: 20261166,
    scenario: scenario(5, {
      people: [person(0), person(1)],
      starters: { N1: ada },
      episodes: [
        {
          kind: 'failure',
          file: file('mixed.csv', [create(ada, 'N1'), update(person(0), { JobTitle: 'Matron' }), update(person(1), { JobTitle: 'Porter' })]),
          failAfterRows: 2,
          emailResults: true,
          afterSilence: 'mark-finished',
        },
      ],
    }),
  },
  {
    name: 'a mistyped local ID that is another person\u2019s who shares only the surname, email blank and a new mobile number: must not overwrite them',
    // CSV Guard let it through (lib): with no email and a new mobile, identity-mismatch had only the name to go
    // by, and a name sharing a part with the target's was taken as a name change. But the row's name is exactly
    // another mailbox's, under another local ID: that is the person the row is for.
    fromSeed: 20261181,
    scenario: scenario(7, {
      people: [person(0), sibling],
      episodes: [
        {
          kind: 'plain',
          file: file('sibling.csv', [
            update(person(0), { ExternalSyncID: sibling.localId, EmailAddress: '', JobTitle: 'Matron', MobileNumber: '07900 100200' }, 'mistyped'),
          ]),
        },
      ],
    }),
  },
  {
    name: 'a new change to someone whose earlier row a part-failed upload applied: the remainder must keep it',
    // CSV Guard lost it (lib): the remainder left out any update whose local ID the earlier upload's results
    // said was applied, even when this file's row for that person holds other values (a new change).
    fromSeed: 20261345,
    scenario: scenario(8, {
      people: [person(0), person(2)],
      episodes: [
        {
          kind: 'failure',
          file: file('monday.csv', [update(person(0), { JobTitle: 'Matron' }), update(person(2), { JobTitle: 'Porter' })]),
          failAfterRows: 1,
          emailResults: true,
          afterSilence: 'mark-finished',
        },
        { kind: 'plain', file: file('tuesday.csv', [update(person(0), { JobTitle: 'Midwife' }), update(person(2), { JobTitle: 'Consultant' })]) },
      ],
    }),
  },
  {
    name: 'a new starter with a new local ID from HR, uploaded on its own: no harm either way',
    fromSeed: 20261130,
    scenario: scenario(6, {
      people: [person(0)],
      starters: { N2: ben },
      episodes: [{ kind: 'plain', file: file('ben.csv', [create(ben, 'N2')], 'windows-1252') }],
    }),
  },
];
