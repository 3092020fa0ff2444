import { describe, expect, it } from 'vitest';
import { resolveUploadColumns } from '../../../lib/portal/columns';
import { BUNDLED_TEMPLATE } from '../../../lib/portal/template';

describe('resolveUploadColumns', () => {
  it('finds every key column of the bundled template', () => {
    expect(resolveUploadColumns(BUNDLED_TEMPLATE.header)).toEqual({
      portalId: 0,
      localId: 1,
      title: 2,
      firstName: 3,
      lastName: 4,
      displayName: 5,
      email: 6,
      jobTitle: 7,
      department: 8,
      mobile: 9,
      ou: 11,
    });
  });

  it.each(['ExternalSyncID', 'External Sync ID', 'external_sync_id', 'LocalID', 'Local ID', 'Local Unique Identifier', 'LOCAL-UNIQUE-IDENTIFIER'])(
    'recognises "%s" as the local ID',
    (heading) => {
      expect(resolveUploadColumns(['ID', heading, 'Email']).localId).toBe(1);
    },
  );

  it('recognises tolerant names for the other columns', () => {
    const header = [
      'E-mail Address',
      'Forename',
      'Surname',
      'Display Name',
      'Mobile Phone',
      'Job Title',
      'Organisational Unit',
      'Initial Password',
      'Dept',
    ];
    expect(resolveUploadColumns(header)).toEqual({
      email: 0,
      firstName: 1,
      lastName: 2,
      displayName: 3,
      mobile: 4,
      jobTitle: 5,
      ou: 6,
      password: 7,
      department: 8,
    });
  });

  it('takes the first of duplicated columns', () => {
    expect(resolveUploadColumns(['EmailAddress', 'Email']).email).toBe(0);
  });

  it('lets an explicit mapping override the guess, by heading text', () => {
    const header = ['ID', 'Staff Number', 'ExternalSyncID', 'Email'];
    expect(resolveUploadColumns(header).localId).toBe(2);
    const mapped = resolveUploadColumns(header, { localId: 'staff number' });
    expect(mapped.localId).toBe(1);
    // A mapping to a heading the file does not have is ignored.
    expect(resolveUploadColumns(header, { email: 'Nope' }).email).toBe(3);
  });
});
