import { contrastRatio, sanitizeLogo } from './theme-rules';

describe('contrastRatio', () => {
  it('is 21:1 for black on white and 1:1 for a colour on itself', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#1c4966', '#1c4966')).toBe(1);
  });

  it('puts #777777 on white just under the 4.5:1 that text needs, and #767676 just over', () => {
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(4.5);
    expect(contrastRatio('#767676', '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });
});

describe('sanitizeLogo', () => {
  it('keeps shapes, gradients and text, with SVG’s own spelling of its names', () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><linearGradient id="g">' +
      '<stop offset="0" stop-color="#fff"/></linearGradient></defs>' +
      '<rect width="10" height="10" fill="url(#g)"/><text x="1" y="8">Gem</text></svg>';
    expect(sanitizeLogo(svg)).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><linearGradient id="g">' +
        '<stop offset="0" stop-color="#fff"></stop></linearGradient></defs>' +
        '<rect width="10" height="10" fill="url(#g)"></rect><text x="1" y="8">Gem</text></svg>',
    );
  });

  it('removes scripts, handlers, styles, links, embedded pictures and outside references', () => {
    const clean = sanitizeLogo(
      '<svg viewBox="0 0 10 10" onload="alert(1)"><script>alert(2)</script><style>*{}</style>' +
        '<a href="javascript:alert(3)"><circle r="1"/></a><image href="https://x.example/p.png"/>' +
        '<use href="https://x.example/s.svg#a"/><foreignObject><p>x</p></foreignObject>' +
        '<rect fill="url(https://x.example/f)" style="fill:url(https://x.example/g)"/></svg>',
    )!;
    for (const gone of [
      'alert',
      'script',
      'style',
      'href',
      'image',
      'use',
      'foreignObject',
      'x.example',
    ])
      expect(clean).not.toContain(gone);
    expect(clean).toContain('<circle r="1"></circle>');
    expect(clean).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 10 10">/);
  });

  it('gives null for anything that is not an SVG picture', () => {
    expect(sanitizeLogo('logo')).toBeNull();
    expect(sanitizeLogo('<p>logo</p>')).toBeNull();
    expect(sanitizeLogo('<script>alert(1)</script>')).toBeNull();
  });
});
