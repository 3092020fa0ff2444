/**
 * Which upload column means what. The portal's real headers are unknown, so the replica
 * matches them tolerantly: case, spaces, underscores and punctuation are ignored.
 */
export type ColumnRole =
  'portalId' | 'localId' | 'title' | 'firstName' | 'lastName' | 'displayName' | 'email' | 'jobTitle' | 'department' | 'mobile' | 'telephone' | 'ou';

const ALIASES: Record<ColumnRole, string[]> = {
  portalId: ['id'],
  localId: ['externalsyncid', 'localid', 'localuniqueidentifier', 'externalid'],
  title: ['title'],
  firstName: ['firstname', 'givenname', 'forename'],
  lastName: ['lastname', 'surname', 'familyname'],
  displayName: ['displayname'],
  email: ['emailaddress', 'email', 'mail', 'primaryemailaddress'],
  jobTitle: ['jobtitle', 'jobrole'],
  department: ['department'],
  mobile: ['mobilenumber', 'mobile', 'mobilephone', 'mobilephonenumber'],
  telephone: ['telephonenumber', 'telephone', 'phone', 'phonenumber'],
  ou: ['organisationalunit', 'organizationalunit', 'ou'],
};

export function columnKey(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Column index for each role found in the header (first match wins). */
export function mapColumns(header: readonly string[]): Partial<Record<ColumnRole, number>> {
  const map: Partial<Record<ColumnRole, number>> = {};
  header.forEach((name, index) => {
    const key = columnKey(name);
    for (const [role, aliases] of Object.entries(ALIASES) as [ColumnRole, string[]][]) {
      if (map[role] === undefined && aliases.includes(key)) map[role] = index;
    }
  });
  return map;
}
