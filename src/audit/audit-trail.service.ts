import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, In, SelectQueryBuilder } from 'typeorm';
import { AuthUser, organisationsWithRole } from '../accounts/auth/auth-user';
import { User } from '../accounts/entities/user.entity';
import { Role } from '../accounts/role';
import type { UserContext } from '../common/request-context';
import { Organisation } from '../organisations/entities/organisation.entity';
import { chainHead } from './audit.service';
import { AuditQueryDto } from './dto/audit-query.dto';
import { AuditEvent } from './entities/audit-event.entity';

export const AUDIT_PAGE_SIZE = 50;

export interface AuditHead {
  seq: number;
  hash: string;
}

/**
 * Whose events a person may read: an organisation's admins and secretaries those of their
 * organisations; the operator every event, those of no organisation (logins, tokens, shared
 * templates) included, which belong to people rather than to one organisation.
 */
export interface AuditScope {
  /** The operator: the whole trail. */
  all: boolean;
  organisationIds: number[];
}

export interface AuditActor {
  name: string;
  email: string;
}

export interface AuditListing {
  events: AuditEvent[];
  /** The people behind the events, by user id; a removed user is absent. */
  actors: Map<number, AuditActor>;
  /** The names of the events' organisations, by id. */
  organisations: Map<number, string>;
  /** The viewer reads more than one organisation's events (or all of them): say whose each is. */
  manyOrganisations: boolean;
  page: number;
  hasNext: boolean;
}

/** Some objects of one type, e.g. the reviews of an assessment. */
export interface AuditObjects {
  objectType: string;
  objectIds: (string | number)[];
}

/** At most this many events about one set of objects: a page's worth, not an export. */
const ABOUT_LIMIT = 500;

export function auditScope(viewer: AuthUser): AuditScope {
  return {
    all: viewer.operator,
    organisationIds: organisationsWithRole(viewer, Role.Admin, Role.Secretary),
  };
}

/** `LIKE` wildcards in a value that must match literally; used with ESCAPE '\'. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The instant a UTC day starts, and with `dayAfter` the start of the next one. */
export function startOfUtcDay(day: string, dayAfter = false): Date {
  const start = new Date(`${day}T00:00:00.000Z`);
  if (dayAfter) start.setUTCDate(start.getUTCDate() + 1);
  return start;
}

/**
 * Reading the audit trail: its head for outside checks, filtered pages for people, and the events
 * about a few objects (an assessment's own part of the trail).
 */
@Injectable()
export class AuditTrailService {
  constructor(private readonly dataSource: DataSource) {}

  head(): Promise<AuditHead> {
    return chainHead(this.dataSource);
  }

  /** One page of the events the viewer may see, newest first. */
  async list({ user }: UserContext, query: AuditQueryDto): Promise<AuditListing> {
    const page = query.page ?? 1;
    const scope = auditScope(user);
    const empty: AuditListing = {
      events: [],
      actors: new Map(),
      organisations: new Map(),
      manyOrganisations: scope.all || scope.organisationIds.length > 1,
      page,
      hasNext: false,
    };
    if (!scope.all && !scope.organisationIds.length) return empty;

    const actorIds = query.actor === undefined ? undefined : await this.userIdsByEmail(query.actor);
    if (actorIds?.length === 0) return empty;

    const qb = this.dataSource.getRepository(AuditEvent).createQueryBuilder('e');
    restrictToScope(qb, scope);
    applyFilters(qb, query, actorIds);
    // One more than a page tells whether there is a next one without counting them all.
    const rows = await qb
      .orderBy('e.seq', 'DESC')
      .offset((page - 1) * AUDIT_PAGE_SIZE)
      .limit(AUDIT_PAGE_SIZE + 1)
      .getMany();
    const events = rows.slice(0, AUDIT_PAGE_SIZE);
    return {
      ...empty,
      events,
      actors: await this.actors(events),
      organisations: await this.organisationNames(events),
      hasNext: rows.length > AUDIT_PAGE_SIZE,
    };
  }

  /**
   * The events about the given objects, oldest first, with the people behind them. Whether the
   * reader may see these objects is for the caller to have checked.
   */
  async about(
    objects: AuditObjects[],
  ): Promise<{ events: AuditEvent[]; actors: Map<number, AuditActor> }> {
    const where = objects
      .filter((o) => o.objectIds.length)
      .map((o) => ({ objectType: o.objectType, objectId: In(o.objectIds.map(String)) }));
    const events = where.length
      ? await this.dataSource
          .getRepository(AuditEvent)
          .find({ where, order: { seq: 'ASC' }, take: ABOUT_LIMIT })
      : [];
    return { events, actors: await this.actors(events) };
  }

  private async userIdsByEmail(email: string): Promise<number[]> {
    const users = await this.dataSource
      .getRepository(User)
      .find({ select: { id: true }, where: { email: email.toLowerCase() } });
    return users.map((u) => u.id);
  }

  private async organisationNames(events: AuditEvent[]): Promise<Map<number, string>> {
    const ids = [...new Set(events.map((e) => e.organisationId).filter((id) => id !== null))];
    if (!ids.length) return new Map();
    const organisations = await this.dataSource
      .getRepository(Organisation)
      .find({ select: { id: true, name: true }, where: { id: In(ids) } });
    return new Map(organisations.map((o) => [o.id, o.name]));
  }

  private async actors(events: AuditEvent[]): Promise<Map<number, AuditActor>> {
    const ids = [...new Set(events.map((e) => e.actorUserId).filter((id) => id !== null))];
    if (!ids.length) return new Map();
    const users = await this.dataSource
      .getRepository(User)
      .find({ select: { id: true, name: true, email: true }, where: { id: In(ids) } });
    return new Map(users.map((u) => [u.id, { name: u.name, email: u.email }]));
  }
}

/** Every filter, the count of a next page and the page itself are taken within this. */
function restrictToScope(qb: SelectQueryBuilder<AuditEvent>, scope: AuditScope): void {
  if (scope.all) return;
  qb.where('e.organisationId IN (:...organisationIds)', {
    organisationIds: scope.organisationIds,
  });
}

function applyFilters(
  qb: SelectQueryBuilder<AuditEvent>,
  query: AuditQueryDto,
  actorIds: number[] | undefined,
): void {
  const { action } = query;
  if (action !== undefined) {
    // "auth" finds auth.login and auth.logout as well as an action named just "auth".
    qb.andWhere(
      new Brackets((or) =>
        or
          .where('e.action = :action', { action })
          .orWhere(`e.action LIKE :actionGroup ESCAPE '\\'`, {
            actionGroup: `${escapeLike(action)}.%`,
          }),
      ),
    );
  }
  if (query.objectType !== undefined) {
    qb.andWhere('e.objectType = :objectType', { objectType: query.objectType });
  }
  if (query.result !== undefined) qb.andWhere('e.result = :result', { result: query.result });
  if (actorIds !== undefined) qb.andWhere('e.actorUserId IN (:...actorIds)', { actorIds });
  if (query.from !== undefined) {
    qb.andWhere('e.occurredAt >= :from', { from: startOfUtcDay(query.from) });
  }
  if (query.to !== undefined) {
    qb.andWhere('e.occurredAt < :until', { until: startOfUtcDay(query.to, true) });
  }
}
