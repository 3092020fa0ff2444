import { defineContentScript } from 'wxt/utils/define-content-script';
import { PORTAL_ADMIN_MATCH } from '../lib/portal/hosts';

// Stub: the Upload Users page integration mounts its panel here.
export default defineContentScript({
  matches: [PORTAL_ADMIN_MATCH],
  main() {},
});
