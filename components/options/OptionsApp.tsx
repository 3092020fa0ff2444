/** Options: Mailbox Report import, freshness, settings and "Delete cached data". */
export function OptionsApp() {
  return <main><h1>CSV Guard settings</h1></main>;
}
