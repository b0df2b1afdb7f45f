import { Injectable } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches } from 'class-validator';
import { localisedPath } from '../common/http/language';
import type { RequestContext } from '../common/request-context';
import { formatDate } from '../common/views/formats';
import type { PublishedAdvice } from '../publications/advice';
import { registerFeedLink } from './register-feed';
import { RegisterService } from './register.service';

/** `?organisation=slug`: one organisation's advice; an empty field means every organisation. */
export class NotApprovedQueryDto {
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  @IsString()
  @Matches(/^[a-z0-9-]{1,100}$/)
  organisation?: string;
}

/**
 * `/register/niet-goedgekeurd`: the commission's published advice on proposals it did not
 * approve, with its reasoning, apart from the applications in use.
 */
@Injectable()
export class NotApprovedPage {
  constructor(private readonly register: RegisterService) {}

  async build({ lang }: RequestContext, query: NotApprovedQueryDto) {
    const organisation = query.organisation
      ? await this.register.organisation(query.organisation)
      : null;
    const advice = await this.register.notApproved(query.organisation);
    return {
      organisation,
      feeds: [registerFeedLink(lang)],
      registerHref: localisedPath(lang, '/register'),
      apiHref: `/api/v1/register/not-approved${organisation ? `?organisation=${organisation.slug}` : ''}`,
      items: advice.map((a) => ({
        id: `voorstel-${a.publicId}`,
        name: a.name,
        descriptionShort: a.descriptionShort,
        organisation: a.organisation.name,
        organisationHref: localisedPath(lang, `/organisaties/${a.organisation.slug}`),
        outcomeKey: `register.notApproved.outcome.${a.outcome}`,
        decisionKey: a.summary.decision
          ? `register.notApproved.decision.${a.summary.decision}`
          : null,
        date: formatDate(lang, a.decidedAt),
        dateIso: a.decidedAt.toISOString(),
        reasoning: a.summary.reasoning,
        positions: Object.entries(a.summary.positions)
          .filter(([, count]) => count > 0)
          .map(([position, count]) => ({ key: `register.position.${position}`, count })),
        dissent: a.summary.dissent.map((d) => ({
          key: `register.position.${d.position}`,
          reasoning: d.reasoning,
        })),
        reviewerReasoning: (a.summary.reviewerReasoning ?? []).map((r) => ({
          key: `register.position.${r.position}`,
          reasoning: r.reasoning,
        })),
      })),
    };
  }
}

/** The advice as the register API gives it: marked, so that no client takes it for an entry in use. */
export function notApprovedJson(advice: PublishedAdvice) {
  return {
    approved: false,
    publicId: advice.publicId,
    name: advice.name,
    descriptionShort: advice.descriptionShort,
    organisation: advice.organisation.name,
    organisationSlug: advice.organisation.slug,
    outcome: advice.outcome,
    decidedAt: advice.decidedAt.toISOString(),
    advice: advice.summary,
  };
}
