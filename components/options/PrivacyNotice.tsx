/** What CSV Guard keeps, where, for how long, and that it never leaves the browser. */
export function PrivacyNotice({ retentionDays }: { retentionDays: number }) {
  return (
    <section aria-labelledby="privacy-heading">
      <h2 id="privacy-heading">What is stored</h2>
      <ul>
        <li>
          <strong>Mailbox Reports you import:</strong> every row and column of the file (email addresses, names, local IDs, statuses, and mobile
          numbers, including ones users hid from the address book). This is personal data.
        </li>
        <li>
          <strong>Upload history:</strong> for each CSV you upload, its file name, row count, local IDs and the results the portal emailed back, so
          CSV Guard can stop parallel uploads and whole-file resubmissions.
        </li>
        <li>
          <strong>Settings</strong> on this page.
        </li>
      </ul>
      <p>
        Everything is kept in this browser profile, in CSV Guard's own storage. It is never sent anywhere: not to the portal, not to CSV Guard's
        authors, not to anyone. Reports and history are deleted automatically after {retentionDays} days, and you can delete them at any time below.
      </p>
    </section>
  );
}
