import sanitizeHtml from 'sanitize-html';

/**
 * The rules an organisation's theme must keep: colour pairs people can read (WCAG 2.1, 1.4.3:
 * at least 4.5:1 for text), and a logo that is a picture and nothing more.
 */
export const MIN_CONTRAST = 4.5;
/** The page's own background, on which links are read. */
export const PAGE_BACKGROUND = '#ffffff';
export const MAX_LOGO_BYTES = 100_000;

export const HEX_COLOUR = /^#[0-9a-f]{6}$/i;

/** WCAG's relative luminance of an sRGB colour written #rrggbb. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The contrast ratio of two colours, from 1 (the same) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/**
 * The elements and attributes a logo may have: shapes, paths, groups, gradients, text and a
 * title. No script, no event handler, no style sheet, no link, no embedded image or document, and
 * no reference to anything outside the file: a paint may point only at a gradient inside it
 * (`url(#id)`).
 */
const SVG_ELEMENTS = [
  'svg',
  'g',
  'path',
  'rect',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
  'text',
  'tspan',
  'title',
  'desc',
  'defs',
  'lineargradient',
  'radialgradient',
  'stop',
];
const PRESENTATION = [
  'fill',
  'fill-opacity',
  'fill-rule',
  'clip-rule',
  'stroke',
  'stroke-width',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-miterlimit',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'transform',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'id',
];
const SVG_ATTRIBUTES: Record<string, string[]> = {
  svg: [
    'xmlns',
    'viewbox',
    'width',
    'height',
    'version',
    'preserveaspectratio',
    'role',
    'aria-label',
    ...PRESENTATION,
  ],
  g: PRESENTATION,
  path: ['d', ...PRESENTATION],
  rect: ['x', 'y', 'width', 'height', 'rx', 'ry', ...PRESENTATION],
  circle: ['cx', 'cy', 'r', ...PRESENTATION],
  ellipse: ['cx', 'cy', 'rx', 'ry', ...PRESENTATION],
  line: ['x1', 'y1', 'x2', 'y2', ...PRESENTATION],
  polyline: ['points', ...PRESENTATION],
  polygon: ['points', ...PRESENTATION],
  text: ['x', 'y', 'dx', 'dy', ...PRESENTATION],
  tspan: ['x', 'y', 'dx', 'dy', ...PRESENTATION],
  lineargradient: ['id', 'x1', 'y1', 'x2', 'y2', 'gradientunits', 'gradienttransform'],
  radialgradient: ['id', 'cx', 'cy', 'r', 'fx', 'fy', 'gradientunits', 'gradienttransform'],
  stop: ['offset', 'stop-color', 'stop-opacity'],
};
/** A value that points anywhere: only `url(#id)`, a gradient in the same file, may stay. */
const REFERENCE = /url\s*\(|&|\\|javascript:|data:/i;
const LOCAL_PAINT = /^url\(#[A-Za-z][\w-]*\)$/;

/** SVG's element and attribute names in the case browsers expect, after lower-case parsing. */
const CAMEL: Record<string, string> = {
  viewbox: 'viewBox',
  preserveaspectratio: 'preserveAspectRatio',
  lineargradient: 'linearGradient',
  radialgradient: 'radialGradient',
  gradientunits: 'gradientUnits',
  gradienttransform: 'gradientTransform',
};

/**
 * The logo with everything not on the allow-list removed, or null when nothing of a picture is
 * left (not an SVG at all). sanitize-html reads it as HTML does, lower-casing names, so SVG's
 * camel-cased names are restored afterwards.
 */
export function sanitizeLogo(svg: string): string | null {
  const clean = sanitizeHtml(svg, {
    allowedTags: SVG_ELEMENTS,
    allowedAttributes: SVG_ATTRIBUTES,
    allowedSchemes: [],
    allowedSchemesAppliedToAttributes: [],
    disallowedTagsMode: 'discard',
    nonTextTags: ['script', 'style', 'foreignobject', 'textarea', 'noscript', 'iframe'],
    parser: { lowerCaseTags: true, lowerCaseAttributeNames: true },
    transformTags: {
      '*': (tagName, attribs) => ({
        tagName,
        attribs: Object.fromEntries(
          Object.entries(attribs).filter(
            ([, value]) => !REFERENCE.test(value) || LOCAL_PAINT.test(value.trim()),
          ),
        ),
      }),
    },
  })
    .replace(
      /<(\/?)(lineargradient|radialgradient)\b/g,
      (_m, slash: string, name: string) => `<${slash}${CAMEL[name]}`,
    )
    .replace(
      /\s(viewbox|preserveaspectratio|gradientunits|gradienttransform)=/g,
      (_m, name: string) => ` ${CAMEL[name]}=`,
    )
    .trim();
  if (!/^<svg[\s>]/.test(clean) || !/<\/svg>$/.test(clean)) return null;
  return clean.includes('xmlns=')
    ? clean
    : clean.replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg"');
}
