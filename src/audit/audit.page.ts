import { Injectable } from '@nestjs/common';
import { OPERATOR, ROLES } from '../accounts/role';
import type { PageBuilder } from '../common/forms/form-view';
import type { UserContext } from '../common/request-context';
import { AuditListing, AuditTrailService } from './audit-trail.service';
import { AuditQueryDto } from './dto/audit-query.dto';
import { AUDIT_RESULTS } from './entities/audit-event.entity';

/** `/audit`: the trail of the viewer's organisations, filtered by the form on the page itself. */
@Injectable()
export class AuditPage implements PageBuilder {
  constructor(private readonly trail: AuditTrailService) {}

  async build(ctx: UserContext, query: AuditQueryDto): Promise<AuditPageModel> {
    return auditPageModel(await this.trail.list(ctx, query), query);
  }
}

/** One event as the table shows it; texts are message keys, translated in the template. */
export interface AuditRow {
  seq: number;
  /** ISO 8601 for the time element; `time` for people, both UTC. */
  isoTime: string;
  time: string;
  actor?: { name: string; email: string };
  /** The id of an actor who has since been removed. */
  removedActorId?: number;
  roleKey?: string;
  role?: string;
  action: string;
  object: string;
  /** Whose event it is, for a viewer who reads several organisations' events. */
  organisation?: string;
  resultKey: string;
  address?: string;
}

/** Roles with a name of their own on the page; others are shown as recorded. */
const NAMED_ROLES: readonly string[] = [...ROLES, OPERATOR];

export interface AuditPageModel {
  filter: AuditQueryDto;
  resultOptions: { value: string; labelKey: string; selected: boolean }[];
  rows: AuditRow[];
  /** Show the organisation column: the viewer reads more than one organisation's events. */
  showOrganisation: boolean;
  /** The page's number. */
  number: number;
  paginated: boolean;
  /** The neighbouring pages, with the filters kept; absent at either end. */
  prev?: { search: string };
  next?: { search: string };
}

export function auditPageModel(listing: AuditListing, filter: AuditQueryDto): AuditPageModel {
  const { page } = listing;
  return {
    filter,
    resultOptions: [
      { value: '', labelKey: 'audit.filter.anyResult', selected: filter.result === undefined },
      ...AUDIT_RESULTS.map((r) => ({
        value: r,
        labelKey: `audit.results.${r}`,
        selected: filter.result === r,
      })),
    ],
    rows: listing.events.map((event) => {
      const actor = event.actorUserId === null ? undefined : listing.actors.get(event.actorUserId);
      const knownRole = NAMED_ROLES.includes(event.actorRole ?? '');
      return {
        seq: event.seq,
        isoTime: event.occurredAt.toISOString(),
        time: utcTime(event.occurredAt),
        actor,
        removedActorId: event.actorUserId !== null && !actor ? event.actorUserId : undefined,
        roleKey: knownRole ? `audit.roles.${event.actorRole}` : undefined,
        role: knownRole ? undefined : (event.actorRole ?? undefined),
        action: event.action,
        object:
          event.objectId === null ? event.objectType : `${event.objectType} ${event.objectId}`,
        organisation:
          event.organisationId === null
            ? undefined
            : (listing.organisations.get(event.organisationId) ?? String(event.organisationId)),
        resultKey: `audit.results.${event.result}`,
        address: event.address ?? undefined,
      };
    }),
    showOrganisation: listing.manyOrganisations,
    number: page,
    paginated: page > 1 || listing.hasNext,
    prev: page > 1 ? { search: pageSearch(filter, page - 1) } : undefined,
    next: listing.hasNext ? { search: pageSearch(filter, page + 1) } : undefined,
  };
}

/** 2026-03-01 10:15:30, always UTC: a trail is compared across servers and seasons. */
export function utcTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** The query string of one page with the same filters: '?action=auth&page=2', or '' for none. */
export function pageSearch(filter: AuditQueryDto, page: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filter, page })) {
    if (value !== undefined && !(key === 'page' && value === 1)) params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `?${search}` : '';
}
