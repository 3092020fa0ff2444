/**
 * The upload file's header. The portal requires "the sample file's headings in the same order",
 * but the sample is not published: this bundled best-known template is replaced by the header of the
 * page's live "Sample File (new format)" once the content script has read it.
 */
export interface UploadTemplate {
  header: string[];
  source: 'bundled' | 'learnt';
  sourceUrl?: string;
}

export const BUNDLED_TEMPLATE: Readonly<UploadTemplate> = {
  source: 'bundled',
  header: [
    'ID',
    'ExternalSyncID',
    'Title',
    'FirstName',
    'LastName',
    'DisplayName',
    'EmailAddress',
    'JobTitle',
    'Department',
    'MobileNumber',
    'TelephoneNumber',
    'OrganisationalUnit',
  ],
};
