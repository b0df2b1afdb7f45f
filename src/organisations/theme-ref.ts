/**
 * What a page needs to wear an organisation's theme: its name beside the logo and in the title,
 * its stylesheet (the organisation's colours as tokens) and its logo. Versioned by the moment
 * the theme was saved, so a browser may keep both for a year.
 */
export interface ThemeRef {
  organisationId: number;
  name: string;
  /** The organisation's register page, where its name in the header leads. */
  homePath: string;
  cssHref: string;
  logoHref?: string;
}

export interface ThemedOrganisation {
  organisationId: number;
  name: string;
  slug: string;
  hasLogo: boolean;
  updatedAt: Date;
}

export function themeRef(theme: ThemedOrganisation): ThemeRef {
  const base = `/organisations/${theme.organisationId}`;
  const version = `?v=${theme.updatedAt.getTime()}`;
  return {
    organisationId: theme.organisationId,
    name: theme.name,
    homePath: `/organisaties/${theme.slug}`,
    cssHref: `${base}/theme.css${version}`,
    ...(theme.hasLogo ? { logoHref: `${base}/logo.svg${version}` } : {}),
  };
}
