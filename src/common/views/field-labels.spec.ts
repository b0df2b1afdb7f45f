import { createHandlebars } from './view-engine';

describe('the error summary names each field by its label', () => {
  const hbs = createHandlebars();
  const render = (body: string, data: object) => hbs.compile(body)({ lang: 'nl', ...data });
  const errors = {
    errors: { name: 'Vul dit veld in.', remark: 'Te lang.' },
    errorList: [
      { field: 'name', message: 'Vul dit veld in.' },
      { field: 'remark', message: 'Te lang.' },
    ],
  };

  it('fills in the label a field partial further down recorded, escaped', () => {
    const html = render(
      '{{> error-summary}}{{> input-field id="name" name="name" label="Naam & <toenaam>"}}',
      errors,
    );
    expect(html).toContain('href="#field-name">Naam &#38; &#60;toenaam&#62;: Vul dit veld in.</a>');
    // A field written without the partials has no label to give: its message stands alone.
    expect(html).toContain('href="#field-remark">Te lang.</a>');
    expect(html).not.toContain('field-label:');
  });
});
