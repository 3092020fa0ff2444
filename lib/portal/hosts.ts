/** The only origin the production extension may touch. */
export const PORTAL_ORIGIN = 'https://portal.nhs.net';
export const PORTAL_HOST_PATTERN = 'https://portal.nhs.net/*';
/** Content script match for the admin single-page app (Upload Users lives under /Admin#/...). */
export const PORTAL_ADMIN_MATCH = 'https://portal.nhs.net/Admin*';
/** Extra hosts matched only by the e2e build (`npm run build:e2e`), for the local portal replica. */
export const E2E_HOST_PATTERNS = ['http://localhost/*', 'http://127.0.0.1/*'];
