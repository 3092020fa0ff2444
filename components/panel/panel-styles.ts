/**
 * The panel's styles, inside its shadow root so the portal's CSS and ours never meet.
 * Severity is always said in words too; colour only reinforces it.
 */
export const PANEL_CSS = `
:host { display: block; margin: 12px 0; }
/* WXT's shadow root has its own <html>/<body>, reset from the page: set the font there, not only on :host. */
html, body, .panel { font: 14px/1.45 Arial, Helvetica, 'Liberation Sans', sans-serif; color: #212b32; }
.panel { border: 2px solid #005eb8; border-radius: 4px; padding: 12px 16px; background: #fff; max-width: 960px; }
.panel-title { font-size: 16px; margin: 0 0 8px; }
h3 { font-size: 14px; margin: 12px 0 4px; }
p { margin: 4px 0; }
ul { margin: 4px 0; padding-left: 20px; }
code { font-family: Consolas, monospace; background: #f0f4f5; padding: 0 2px; }
button { font: inherit; padding: 4px 10px; border: 1px solid #005eb8; border-radius: 3px; background: #fff; color: #005eb8; cursor: pointer; }
button:disabled { opacity: 0.6; cursor: default; }
button:focus-visible, input:focus-visible, [tabindex="-1"]:focus { outline: 3px solid #ffeb3b; outline-offset: 1px; box-shadow: 0 0 0 5px #212b32; }
.link-button { border: none; text-decoration: underline; padding: 0; }
.hint { color: #4c6272; }
.attention { font-weight: bold; }
.summary-numbers { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }
.hold, .validation-warning, .guard-error { border-left: 6px solid; padding: 8px 12px; margin: 8px 0; }
.hold { border-color: #d5281b; background: #fdf0ef; }
.hold-title, .warning-title { font-weight: bold; font-size: 15px; }
.hold-icon { display: inline-block; width: 1.2em; height: 1.2em; margin-right: 6px; border-radius: 50%; background: #d5281b; color: #fff; text-align: center; line-height: 1.2em; font-size: 13px; }
.validation-warning { border-color: #ffb81c; background: #fff9e6; }
.guard-error { border-color: #4c6272; background: #f0f4f5; }
.uploaded, .ready { border-left: 6px solid #007f3b; padding: 8px 12px; margin: 8px 0; background: #edf7f0; }
.uploaded-title { font-weight: bold; font-size: 15px; }
.acknowledge { display: block; margin: 8px 0; font-weight: bold; }
.acknowledge input { width: 18px; height: 18px; vertical-align: middle; }
/* A group off the screen is not styled or laid out until it comes near (still in the accessibility tree and
   found by find-in-page): the panel's groups are drawn a few per task, and on a page slowed 4x each
   task's frame then stayed short (bench/FINDINGS.md). Each group sets its height until drawn
   (contain-intrinsic-size) from its findings: FindingGroup.tsx. */
.finding-group { margin-top: 8px; content-visibility: auto; }
.findings { list-style: none; padding: 0; }
.finding { border-left: 4px solid #aeb7bd; padding: 4px 8px; margin: 4px 0; }
.finding.severity-block { border-color: #d5281b; }
.finding.severity-warn { border-color: #ffb81c; }
.finding.severity-block.acknowledged { border-color: #4c6272; }
.risks { border-left: 6px solid #d5281b; background: #fdf0ef; padding: 4px 12px; margin: 8px 0; }
.risk-list { list-style: none; padding: 0; }
.risk-list > li { margin: 6px 0; }
.risk-rows { border: 1px solid #d8dde0; margin: 6px 0; padding: 4px 10px; }
.risk-rows .acknowledge { font-weight: normal; }
.finding-head { display: flex; flex-wrap: wrap; gap: 4px 12px; font-weight: bold; }
.severity-label { font-weight: normal; font-style: italic; }
.related { color: #4c6272; }
.hidden-char { background: #ffeb3b; color: #212b32; font-family: Consolas, monospace; font-size: 12px; border-radius: 2px; padding: 0 1px; }
.export-buttons { display: flex; flex-wrap: wrap; gap: 8px; }
.not-recognised { position: fixed; right: 12px; bottom: 12px; z-index: 2147483000; max-width: 320px; margin: 0; padding: 8px 12px; border: 1px solid #4c6272; border-radius: 4px; background: #fff; font-size: 13px; }
progress { width: 100%; max-width: 360px; }
.corrected-file { margin-top: 12px; border-top: 1px solid #d8dde0; padding-top: 8px; }
.corrected-file h4 { font-size: 14px; margin: 10px 0 4px; }
.corrected-file .export-buttons { margin: 8px 0; }
button.primary { background: #005eb8; color: #fff; }
.change-list { border-collapse: collapse; width: 100%; }
.change-list th, .change-list td { text-align: left; vertical-align: top; border-bottom: 1px solid #d8dde0; padding: 2px 6px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.lines { list-style: none; padding: 0; }
.line-view { border-left: 4px solid #aeb7bd; padding: 2px 8px; margin: 4px 0; }
.line-head { font-weight: bold; }
.drop-no-change { display: block; margin: 8px 0; }
`;
