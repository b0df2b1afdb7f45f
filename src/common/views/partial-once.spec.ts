import { createHandlebars } from './view-engine';

describe('the partialOnce helper: a partial rendered once per object', () => {
  const hbs = createHandlebars();
  hbs.registerPartial('once-test', '<b>{{name}}</b>{{t "register.list.colOrganisation"}}');
  const render = (body: string, data: object, lang = 'nl') => hbs.compile(body)({ lang, ...data });

  it('renders each object with its own values, escaped, and in the page language', () => {
    const first = { name: 'Eerste & <b>' };
    const second = { name: 'Tweede' };
    const html = render('{{#each items}}[{{{partialOnce "once-test" this}}}]{{/each}}', {
      items: [first, second, first],
    });
    expect(html).toBe(
      '[<b>Eerste &amp; &lt;b&gt;</b>Organisatie][<b>Tweede</b>Organisatie][<b>Eerste &amp; &lt;b&gt;</b>Organisatie]',
    );
  });

  it('renders a new object in the language of the page that shows it', () => {
    expect(render('{{{partialOnce "once-test" facts}}}', { facts: { name: 'x' } }, 'en')).toBe(
      '<b>x</b>Organisation',
    );
  });

  it('keeps what it rendered for an object: the objects it is given must not change', () => {
    // The contract its callers keep (register.page.ts makes a new object for new values); shown
    // here so that a change to the helper that renders every time, or never keeps, is seen.
    const facts = { name: 'Voor' };
    expect(render('{{{partialOnce "once-test" facts}}}', { facts })).toBe('<b>Voor</b>Organisatie');
    facts.name = 'Na';
    expect(render('{{{partialOnce "once-test" facts}}}', { facts })).toBe('<b>Voor</b>Organisatie');
    expect(render('{{{partialOnce "once-test" facts}}}', { facts: { name: 'Na' } })).toBe(
      '<b>Na</b>Organisatie',
    );
  });

  it('is not escaped again when written with two braces', () => {
    expect(render('{{partialOnce "once-test" facts}}', { facts: { name: 'x' } })).toBe(
      '<b>x</b>Organisatie',
    );
  });

  it('names a partial that does not exist', () => {
    expect(() => render('{{{partialOnce "no-such-partial" facts}}}', { facts: {} })).toThrow(
      /no partial named no-such-partial/,
    );
  });
});
