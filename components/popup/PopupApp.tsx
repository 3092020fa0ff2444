/** Popup: the in-flight submission, results reconciliation and history. */
export function PopupApp() {
  return <main><h1>CSV Guard</h1></main>;
}
