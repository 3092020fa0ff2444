import type { Rule } from '../rule';
import { ambiguousLocalIdRule } from './ambiguous-local-id';
import { batchSizeRule } from './batch-size';
import { deletedAccountRule } from './deleted-account';
import { duplicateLocalIdRule } from './duplicate-local-id';
import { duplicateNewAccountRule } from './duplicate-new-account';
import { formulaValueRule } from './formula-value';
import { headerRule } from './header';
import { identityMismatchRule } from './identity-mismatch';
import { inactiveAccountRule } from './inactive-account';
import { invalidFieldRule } from './invalid-field';
import { localIdNotExactRule } from './local-id-not-exact';
import { missingLocalIdRule } from './missing-local-id';
import { noChangeRule } from './no-change';
import { noReportRule } from './no-report';
import { ouChangeRule } from './ou-change';
import { passwordColumnRule } from './password-column';
import { probableDuplicateRule } from './probable-duplicate';
import { resubmissionRule } from './resubmission';
import { staleReportRule } from './stale-report';
import { suspiciousCharactersRule } from './suspicious-characters';
import { unknownLocalIdRule } from './unknown-local-id';

/** Every check, in the order their findings are listed for the same line and severity. */
export const RULES: readonly Rule[] = [
  headerRule,
  noReportRule,
  staleReportRule,
  resubmissionRule,
  batchSizeRule,
  passwordColumnRule,
  missingLocalIdRule,
  unknownLocalIdRule,
  deletedAccountRule,
  probableDuplicateRule,
  ambiguousLocalIdRule,
  identityMismatchRule,
  duplicateLocalIdRule,
  duplicateNewAccountRule,
  invalidFieldRule,
  suspiciousCharactersRule,
  formulaValueRule,
  localIdNotExactRule,
  ouChangeRule,
  inactiveAccountRule,
  noChangeRule,
];
