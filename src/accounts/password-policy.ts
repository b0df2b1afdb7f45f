import { dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * The list of common passwords from @zxcvbn-ts/language-common (leaked-password corpora, about
 * 49,000 entries); only those long enough to pass the length rule matter.
 */
const COMMON = new Set(
  (dictionary['passwords-common'] as string[])
    .filter((p) => p.length >= PASSWORD_MIN_LENGTH)
    .map((p) => p.toLowerCase()),
);

export type PasswordProblem = 'tooShort' | 'tooLong' | 'common' | 'sameAsEmail';

/**
 * The password rules of OWASP ASVS 5.0: length only, no composition rules, and not a known
 * common password. Length counts characters, not bytes, so long passphrases in any script work.
 */
export function passwordProblem(password: string, email?: string): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'tooShort';
  if (length > PASSWORD_MAX_LENGTH) return 'tooLong';
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'common';
  if (email && lower === email.toLowerCase()) return 'sameAsEmail';
  return null;
}
