import { passwordProblem } from './password-policy';

describe('passwordProblem', () => {
  it('accepts a long passphrase without composition rules', () => {
    expect(passwordProblem('paars fietsje op de dijk')).toBeNull();
  });

  it('refuses fewer than 12 characters and more than 128', () => {
    expect(passwordProblem('kort-wachtw')).toBe('tooShort');
    expect(passwordProblem('x'.repeat(129))).toBe('tooLong');
    expect(passwordProblem('x'.repeat(128))).toBeNull();
  });

  it('counts characters, not bytes', () => {
    expect(passwordProblem('ééééééééééé')).toBe('tooShort');
  });

  it('refuses a common password from the shipped list, in any case', () => {
    expect(passwordProblem('qwerty123456')).toBe('common');
    expect(passwordProblem('QWERTY123456')).toBe('common');
  });

  it('refuses the e-mail address as password', () => {
    expect(passwordProblem('anna.devries@example.org', 'Anna.deVries@example.org')).toBe(
      'sameAsEmail',
    );
  });
});
