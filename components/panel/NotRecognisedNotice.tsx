/** Shown only on a page that looks like the upload page but whose controls CSV Guard could not find. */
export function NotRecognisedNotice() {
  return (
    <p class="not-recognised" data-testid="not-recognised" role="note">
      CSV Guard did not recognise this upload page, so it is not checking files here. The portal works as usual. You can tell CSV Guard where the
      controls are on its options page.
    </p>
  );
}
