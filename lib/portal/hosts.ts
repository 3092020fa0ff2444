/** The only origin the production extension may touch. */
export const PORTAL_ORIGIN = 'https://portal.nhs.net';
export const PORTAL_HOST_PATTERN = 'https://portal.nhs.net/*';
/**
 * Content script matches for the admin single-page app (Upload Users lives under /Admin#/...). Match
 * pattern paths are case-sensitive and the portal's are not, so both spellings; the view itself is
 * still recognised on the page before anything is checked.
 */
export const PORTAL_ADMIN_MATCHES = ['https://portal.nhs.net/Admin*', 'https://portal.nhs.net/admin*'] as const;
/** Extra hosts matched only by the e2e build (`npm run build:e2e`), for the local portal replica. */
export const E2E_HOST_PATTERNS: readonly string[] = ['http://localhost/*', 'http://127.0.0.1/*'];
