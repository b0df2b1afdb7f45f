import { DomainError } from '../../common/errors/domain-error';
import { Role } from '../role';
import { parseRoleMap } from './sso-settings.service';
import { mappedRoles } from './sso.service';

describe('Roles from the provider’s claim', () => {
  const map = parseRoleMap(' ai-indieners=proposer ; ethiek=reviewer+secretary;ethiek=admin ');

  it('reads value=role+role pairs, merging a value given twice', () => {
    expect(map).toEqual({
      'ai-indieners': [Role.Proposer],
      ethiek: [Role.Reviewer, Role.Secretary, Role.Admin],
    });
  });

  it('refuses an unknown role or a pair without a value, naming the entry', () => {
    for (const text of ['x=operator', '=proposer', 'proposer', 'x=proposer+']) {
      const err = (() => {
        try {
          parseRoleMap(text);
        } catch (e) {
          return e as DomainError;
        }
      })();
      expect(err?.details).toEqual([
        expect.objectContaining({
          field: 'roles',
          params: expect.objectContaining({ entry: text }),
        }),
      ]);
    }
  });

  it('maps one value or a list, ignoring values it does not know and names of object properties', () => {
    expect(mappedRoles('ethiek', map)).toEqual([Role.Admin, Role.Reviewer, Role.Secretary]);
    expect(mappedRoles(['kantine', 'ai-indieners', 42], map)).toEqual([Role.Proposer]);
    expect(mappedRoles(['constructor', '__proto__', 'toString'], map)).toEqual([]);
    expect(mappedRoles(undefined, map)).toEqual([]);
  });
});
