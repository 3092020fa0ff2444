import { headerKey } from './normalize';

/** The columns of an upload file that the checks understand. */
export type ColumnRole =
  'portalId' | 'localId' | 'email' | 'title' | 'firstName' | 'lastName' | 'displayName' | 'mobile' | 'jobTitle' | 'department' | 'ou' | 'password';

/** Role → index of its column in the header. A role is absent when the file has no such column. */
export type ColumnMap = Partial<Record<ColumnRole, number>>;

export const COLUMN_ROLES: readonly ColumnRole[] = [
  'portalId',
  'localId',
  'email',
  'title',
  'firstName',
  'lastName',
  'displayName',
  'mobile',
  'jobTitle',
  'department',
  'ou',
  'password',
];

/**
 * Header names each role is known by, compared with `headerKey` (case, spaces, underscores and
 * punctuation ignored). The upload's real headings are not published, so this list is tolerant.
 */
export const ROLE_ALIASES: Readonly<Record<ColumnRole, readonly string[]>> = {
  portalId: ['id', 'portalid', 'nhsmailid', 'databaseid', 'objectid', 'guid'],
  localId: [
    'externalsyncid',
    'externalsyncidentifier',
    'externalid',
    'syncid',
    'localid',
    'localuniqueidentifier',
    'localuniqueid',
    'localidentifier',
    'uniquelocalid',
    'localuserid',
  ],
  email: [
    'emailaddress',
    'email',
    'emailaddr',
    'mail',
    'primaryemail',
    'primaryemailaddress',
    'primarysmtpaddress',
    'nhsmailaddress',
    'nhsmailemail',
    'nhsmailemailaddress',
    'userprincipalname',
    'upn',
  ],
  title: ['title', 'nametitle', 'salutation', 'honorific', 'prefix'],
  firstName: ['firstname', 'givenname', 'forename', 'forenames', 'first', 'fname'],
  lastName: ['lastname', 'surname', 'familyname', 'last', 'lname'],
  displayName: ['displayname', 'fullname', 'name'],
  mobile: [
    'mobilenumber',
    'mobile',
    'mobilephone',
    'mobilephonenumber',
    'mobiletelephone',
    'mobiletelephonenumber',
    'mobileno',
    'cellphone',
    'mobilenum',
  ],
  jobTitle: ['jobtitle', 'position', 'positiontitle'],
  department: ['department', 'dept', 'departmentname'],
  ou: ['organisationalunit', 'organizationalunit', 'ou', 'orgunit', 'organisationunit', 'organizationunit'],
  password: ['password', 'pwd', 'initialpassword', 'newpassword', 'temporarypassword', 'temppassword', 'pass', 'passwd'],
};

const ROLE_BY_KEY: ReadonlyMap<string, ColumnRole> = new Map(
  COLUMN_ROLES.flatMap((role) => ROLE_ALIASES[role].map((alias) => [alias, role] as const)),
);

/** The role a single heading names, if any. */
export function roleOfHeader(header: string): ColumnRole | undefined {
  const key = headerKey(header);
  const exact = ROLE_BY_KEY.get(key);
  if (exact) return exact;
  // "Password (initial)", "New password for user": any heading about a password is one.
  if (key.includes('password')) return 'password';
  return undefined;
}

/**
 * Find the key columns of an upload by their headings. The first column with a given role wins
 * (duplicated columns are reported by the header check). An explicit mapping (role → heading text)
 * overrides the guess when that heading exists in the file.
 */
export function resolveUploadColumns(header: string[], mapping?: Partial<Record<ColumnRole, string>>): ColumnMap {
  const columns: ColumnMap = {};
  for (let i = 0; i < header.length; i++) {
    const role = roleOfHeader(header[i] ?? '');
    if (role !== undefined && columns[role] === undefined) columns[role] = i;
  }
  if (mapping) {
    for (const role of COLUMN_ROLES) {
      const wanted = mapping[role];
      if (wanted === undefined || wanted === '') continue;
      let index = header.indexOf(wanted);
      if (index === -1) {
        const key = headerKey(wanted);
        index = header.findIndex((h) => headerKey(h) === key);
      }
      if (index === -1) continue;
      // A heading mapped explicitly to one role is no longer guessed as another.
      for (const other of COLUMN_ROLES) if (other !== role && columns[other] === index) delete columns[other];
      columns[role] = index;
    }
  }
  return columns;
}

/** A cell by role, '' when the file has no such column. */
export function cell(values: readonly string[], columns: ColumnMap, role: ColumnRole): string {
  const index = columns[role];
  return index === undefined ? '' : (values[index] ?? '');
}
