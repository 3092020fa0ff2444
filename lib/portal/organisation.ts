/** Reports are kept per organisation, named by the admin; these keep that naming consistent. */

/** One key per organisation: the label without case or repeated spaces. */
export function orgIdFor(orgLabel: string): string {
  return tidyOrgLabel(orgLabel).toLowerCase();
}

export function tidyOrgLabel(orgLabel: string): string {
  return orgLabel.trim().replace(/\s+/g, ' ');
}

/** "Mailbox Report.csv" → "Mailbox Report": the default organisation label. */
export function labelFromFileName(fileName: string): string {
  return fileName.replace(/\.[^.]*$/, '').trim() || 'Mailbox Report';
}
