import { StandardFieldRules } from './standard-field-rules';

describe('StandardFieldRules', () => {
  it('refuses at start-up to make required a field that a parent class declares optional', () => {
    class Parent {
      @StandardFieldRules('name') name?: string;
    }
    expect(() => {
      class Child extends Parent {
        @StandardFieldRules('name', 'required') declare name: string;
      }
      return Child;
    }).toThrow('Child.name is required, but a parent class declares it optional');
  });
});
