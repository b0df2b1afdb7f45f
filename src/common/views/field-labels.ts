import type handlebars from 'handlebars';

/**
 * The error summary names each field by its label ("Naam: Vul dit veld in."), but it stands above
 * the form, rendered before the fields whose partials know their labels. So the summary writes a
 * marker for each field (`{{summaryLabel field}}`), each field partial records its label
 * (`{{recordLabel id label}}`), and once the whole page is rendered the markers become the labels.
 * A field with no recorded label (a form written without the field partials) keeps its message
 * alone.
 */
const LABELS = Symbol('fieldLabels');
/** Set when a summary wrote a marker: only then is the page searched for markers. */
const MARKED = Symbol('fieldLabelMarkers');
const MARKER = /\u2060field-label:([^\u2060]*)\u2060/g;

type Root = { [LABELS]?: Map<string, string>; [MARKED]?: boolean };
interface Options {
  data: { root: Root };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function registerFieldLabels(hbs: typeof handlebars): void {
  hbs.registerHelper('recordLabel', (id: unknown, label: unknown, options: Options) => {
    const root = options.data.root;
    if (typeof id === 'string' && typeof label === 'string' && label) {
      root[LABELS] ??= new Map();
      if (!root[LABELS].has(id)) root[LABELS].set(id, label);
    }
    return '';
  });
  hbs.registerHelper('summaryLabel', (field: unknown, options: Options) => {
    options.data.root[MARKED] = true;
    // A marker no text contains (word joiners), turned into the label after rendering.
    return new hbs.SafeString(`\u2060field-label:${escapeHtml(String(field))}\u2060`);
  });

  // Every template and partial is compiled here; the markers are filled when the outermost one
  // has finished, so a summary rendered before its fields still finds their labels.
  const compile = hbs.compile.bind(hbs);
  let depth = 0;
  hbs.compile = ((input: unknown, compileOptions?: CompileOptions) => {
    const template = compile(input, compileOptions);
    return (context: Root, runtime?: RuntimeOptions) => {
      depth += 1;
      try {
        const html = template(context, runtime);
        return depth === 1 && context?.[MARKED] ? fillLabels(html, context[LABELS]) : html;
      } finally {
        depth -= 1;
      }
    };
  }) as typeof hbs.compile;
}

type CompileOptions = Parameters<typeof handlebars.compile>[1];
type RuntimeOptions = Parameters<ReturnType<typeof handlebars.compile>>[1];

function fillLabels(html: string, labels: Map<string, string> | undefined): string {
  return html.replace(MARKER, (_, field: string) => {
    const label = labels?.get(field.replace(/&#(\d+);/g, (__, n: string) => String.fromCharCode(Number(n))));
    return label ? `${escapeHtml(label)}: ` : '';
  });
}
