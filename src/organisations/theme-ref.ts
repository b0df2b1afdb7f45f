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

/** A saved theme with its organisation's slug (an OrganisationTheme row, or its plain fields). */
export interface ThemedOrganisation {
  organisationId: number;
  name: string;
  hasLogo: boolean;
  updatedAt: Date;
  organisation: { slug: string };
}

export function themeRefOf(theme: ThemedOrganisation): ThemeRef {
  const base = `/organisations/${theme.organisationId}/${theme.updatedAt.getTime()}`;
  return {
    organisationId: theme.organisationId,
    name: theme.name,
    homePath: `/organisaties/${theme.organisation.slug}`,
    cssHref: `${base}/theme.css`,
    ...(theme.hasLogo ? { logoHref: `${base}/logo.svg` } : {}),
  };
}
