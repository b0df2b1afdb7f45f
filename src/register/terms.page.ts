import { Injectable } from '@nestjs/common';
import { PUBLICATION_CATEGORIES, STATUS_CODES } from '../algorithms/publicatiestandaard';
import { ASSESSMENT_OUTCOMES } from '../assessments/workflow';
import { RISK_CLASSES } from '../checklists/engine';
import { localisedPath } from '../common/http/language';
import type { RequestContext } from '../common/request-context';
import type { Language } from '../i18n/i18n';

/** The kinds of term the register explains on `/begrippen`, each an anchor there per value. */
export type TermKind =
  'risk' | 'category' | 'outcome' | 'status' | 'attention' | 'tree' | 'reassessment';

const ANCHOR_PREFIX: Record<TermKind, string> = {
  risk: 'risico',
  category: 'categorie',
  outcome: 'uitkomst',
  status: 'status',
  attention: 'aandachtspunt',
  tree: 'beslishulp',
  reassessment: 'hertoetsing',
};

function anchor(kind: TermKind, value?: string): string {
  return value ? `${ANCHOR_PREFIX[kind]}-${value}` : ANCHOR_PREFIX[kind];
}

/** Where a term is explained, in the page's language: every public page links its terms here. */
export function termHref(lang: Language, kind: TermKind, value?: string): string {
  return localisedPath(lang, `/begrippen#${anchor(kind, value)}`);
}

/** `/begrippen`: what the register's words mean, each with an anchor the pages link to. */
@Injectable()
export class TermsPage {
  build(_ctx: RequestContext) {
    const list = (kind: TermKind, values: readonly string[], labelPrefix: string) =>
      values.map((value) => ({
        id: anchor(kind, value),
        labelKey: `${labelPrefix}.${value}`,
        textKey: `register.terms.${kind}.${value}`,
      }));
    return {
      risks: list('risk', RISK_CLASSES, 'register.risk'),
      categories: list('category', PUBLICATION_CATEGORIES, 'register.category'),
      outcomes: list('outcome', [...ASSESSMENT_OUTCOMES, 'none'], 'register.outcome'),
      statuses: list('status', STATUS_CODES, 'register.status'),
      anchors: {
        attention: anchor('attention'),
        tree: anchor('tree'),
        reassessment: anchor('reassessment'),
      },
    };
  }
}
