/** The two field rules the replica enforces, in validation and when processing. */

/** UK mobile after removing spaces, brackets, dots and hyphens: 07…, +447… or 447… with 9 digits after the 7. */
export function isUkMobile(value: string): boolean {
  const compact = value.replace(/[\s().-]/g, '');
  return /^(07\d{9}|\+447\d{9}|447\d{9})$/.test(compact);
}

export function isValidEmail(value: string): boolean {
  return /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/.test(value.trim());
}

/** The reason a row cannot be applied, or undefined when its fields are acceptable. */
export function rowProblem(fields: { mobile?: string; email?: string }): string | undefined {
  const mobile = fields.mobile?.trim() ?? '';
  const email = fields.email?.trim() ?? '';
  if (mobile && !isUkMobile(mobile)) return 'Mobile number is not a valid UK mobile number';
  if (email && !isValidEmail(email)) return 'Email address is not valid';
  return undefined;
}
