import { describe, expect, it } from 'vitest';
import { detectResultColumn } from '../../../lib/results/detect-result-column';
import { BUNDLED_TEMPLATE } from '../../../lib/portal/template';

const uploaded = ['ID', 'ExternalSyncID', 'FirstName', 'LastName', 'EmailAddress', 'MobileNumber'];
const templateHeader = BUNDLED_TEMPLATE.header;

function insert(at: number, name: string, header = uploaded): string[] {
  return [...header.slice(0, at), name, ...header.slice(at)];
}

describe('finding the result column', () => {
  it.each(['Upload Result', 'Status', 'Outcome', 'Result of processing', 'Résultat', 'Notes'])('finds it whatever its name ("%s")', (name) => {
    expect(detectResultColumn(insert(uploaded.length, name), { uploadedHeader: uploaded, templateHeader })).toMatchObject({
      ok: true,
      exact: true,
      column: { index: uploaded.length, name, how: 'compared-with-upload' },
    });
  });

  it.each([0, 1, 3])('finds it when it is not the last column (position %i)', (at) => {
    const found = detectResultColumn(insert(at, 'Result'), { uploadedHeader: uploaded, templateHeader });
    expect(found).toMatchObject({ ok: true, exact: true, column: { index: at, name: 'Result' } });
  });

  it('finds it when the portal changed the headings\u2019 case and spacing', () => {
    const shouted = insert(uploaded.length, 'upload result', [
      'id',
      'External Sync ID',
      'FIRSTNAME',
      ' last_name ',
      'Email Address',
      'mobile number',
    ]);
    expect(detectResultColumn(shouted, { uploadedHeader: uploaded, templateHeader })).toMatchObject({
      ok: true,
      exact: true,
      column: { index: 6, name: 'upload result' },
    });
  });

  it('finds a column with no heading at all', () => {
    expect(detectResultColumn(insert(uploaded.length, ''), { uploadedHeader: uploaded, templateHeader })).toMatchObject({
      ok: true,
      column: { index: 6, name: '' },
    });
  });

  it('finds it even when its name is also one of the upload\u2019s headings, by position', () => {
    const header = [...uploaded, 'FirstName'];
    expect(detectResultColumn(header, { uploadedHeader: uploaded, templateHeader })).toMatchObject({ ok: true, exact: true, column: { index: 6 } });
  });

  it('without a tracked upload, takes the last heading the template does not have', () => {
    const results = [...templateHeader.slice(0, 4), 'Outcome', ...templateHeader.slice(4)];
    expect(detectResultColumn(results, { templateHeader })).toEqual({
      ok: true,
      exact: false,
      column: { index: 4, name: 'Outcome', how: 'not-in-template' },
    });
  });

  it('without a tracked upload, does not mistake an extra upload column (Password) for the result', () => {
    const results = [...templateHeader, 'Result', 'Password'];
    expect(detectResultColumn(results, { templateHeader })).toMatchObject({ ok: true, column: { name: 'Result' } });
  });

  it('says so plainly when no column could be the result', () => {
    const found = detectResultColumn(templateHeader, { templateHeader });
    expect(found).toMatchObject({ ok: false, reason: expect.stringMatching(/could not find the result column/) });
  });

  it('falls back to the template when the tracked upload\u2019s header does not fit', () => {
    const results = [...templateHeader, 'Upload Result'];
    expect(detectResultColumn(results, { uploadedHeader: templateHeader.slice(0, 3), templateHeader })).toMatchObject({
      ok: true,
      exact: false,
      column: { name: 'Upload Result' },
    });
  });
});
