import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * V8 keeps a string one byte a character until one character needs more; then the whole page is
 * two bytes a character, twice the memory to join and to turn into UTF-8 (utf8-bodies.ts). The
 * templates of every page and of the register's lists therefore write a dash, an ellipsis or an
 * arrow as a character reference (&ndash;, &hellip;, &rsaquo;): a page of Latin-1 text, as most
 * Dutch text is, then stays one byte a character.
 */
const TEMPLATES = [
  'layout.hbs',
  'partials/register-results.hbs',
  'partials/register-card-facts.hbs',
  'register/index.hbs',
  'organisations/index.hbs',
  'organisations/show.hbs',
];

describe('templates of every page and the register lists', () => {
  it.each(TEMPLATES)('%s has no character beyond Latin-1', (template) => {
    const text = readFileSync(join(__dirname, '..', '..', '..', 'views', template), 'utf8');
    const beyond = [...text].filter((c) => c.charCodeAt(0) > 0xff);
    expect({ template, beyond }).toEqual({ template, beyond: [] });
  });
});
