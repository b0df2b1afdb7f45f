import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DataSource, MoreThan } from 'typeorm';
import { SESSION_KEPT_AFTER_EXPIRY_MS } from '../accounts/auth/session-store';
import { Session } from '../accounts/entities/session.entity';
import { DomainError } from '../common/errors/domain-error';
import type { FlatForm } from '../common/forms/form-body';
import { FORM_VIEW, formKeyOf } from '../common/forms/form-view';
import type { FormDrafts, FormViewSpec } from '../common/forms/form-view';
import { SESSION_COOKIE } from '../common/http/cookies';
import type { UserContext } from '../common/request-context';
import { FormDraft } from './entities/form-draft.entity';

/** How long a draft waits for its author to log in again. */
export const DRAFT_TTL_MS = 24 * 3_600_000;
/** A form's typed text, at most; a larger post is not kept (a section's answers fit many times). */
export const MAX_DRAFT_BYTES = 256 * 1024;
/** A person's drafts, at most: the newest are kept. */
export const MAX_DRAFTS_PER_USER = 5;
/** Fields never kept, whatever the form: secrets are typed again. */
const SECRET_FIELD = /password|passwort|wachtwoord|token|secret|^_csrf$/i;

/**
 * No work lost to an expired session. A form that arrives after its author's session has
 * expired still carries a valid CSRF token (the token's secret lives in its own cookie, not in
 * the session), so it did come from this site's page in this browser; the expired session's row
 * says whose it was. What was typed is kept as a draft for that user alone, for a day, and shown
 * again in the same form, on the same page, once they have logged in (`/drafts/:id`).
 */
@Injectable()
export class DraftsService implements OnModuleInit, FormDrafts {
  private readonly forms = new Map<string, FormViewSpec>();

  constructor(
    private readonly ds: DataSource,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  /** Every handler marked @FormView, by `Controller.method`: the page a draft is shown on. */
  onModuleInit(): void {
    for (const wrapper of this.discovery.getControllers()) {
      const prototype = Object.getPrototypeOf(wrapper.instance ?? {}) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const handler = (prototype as Record<string, () => unknown>)[method];
        const spec = this.reflector.get<FormViewSpec | undefined>(FORM_VIEW, handler);
        if (spec?.page && wrapper.metatype)
          this.forms.set(formKeyOf(wrapper.metatype as Type, handler), spec);
      }
    }
  }

  /**
   * Keeps the form a request posted after its session expired; the draft's id, or undefined
   * when there is nothing to keep or nobody to keep it for.
   */
  async keep(request: FastifyRequest): Promise<number | undefined> {
    const form = request.formKey;
    if (!form || !this.forms.has(form)) return undefined;
    const userId = await this.expiredSessionUser(request);
    if (!userId) return undefined;
    const body = typedFields(request.body);
    if (!body || Buffer.byteLength(JSON.stringify(body)) > MAX_DRAFT_BYTES) return undefined;
    const params = Object.fromEntries(
      Object.entries((request.params ?? {}) as Record<string, unknown>).map(([k, v]) => [
        k,
        String(v),
      ]),
    );
    return this.ds.transaction(async (em) => {
      const repo = em.getRepository(FormDraft);
      const saved = await repo.save({
        userId,
        form,
        action: request.url.split('?')[0].slice(0, 500),
        params,
        body,
        expiresAt: new Date(Date.now() + DRAFT_TTL_MS),
      });
      const older = await repo.find({
        where: { userId },
        order: { id: 'DESC' },
        skip: MAX_DRAFTS_PER_USER,
        select: { id: true },
      });
      if (older.length) await repo.delete(older.map((d) => d.id));
      return saved.id;
    });
  }

  /** A draft of this user's, with the form it belongs to; anyone else's is not there at all. */
  async load(
    ctx: UserContext,
    id: number,
  ): Promise<{
    draft: FormDraft;
    spec: FormViewSpec & { page: NonNullable<FormViewSpec['page']> };
  }> {
    const draft = await this.ds.getRepository(FormDraft).findOneBy({
      id,
      userId: ctx.user.id,
      expiresAt: MoreThan(new Date()),
    });
    const spec = draft ? this.forms.get(draft.form) : undefined;
    if (!draft || !spec?.page) throw new DomainError('NOT_FOUND', 'drafts.gone');
    return { draft, spec: { ...spec, page: spec.page } };
  }

  /** The user of the session the request's cookie names, if that session has expired lately. */
  private async expiredSessionUser(request: FastifyRequest): Promise<number | undefined> {
    const cookie = request.cookies?.[SESSION_COOKIE];
    if (!cookie) return undefined;
    const unsigned = request.unsignCookie(cookie);
    if (!unsigned.valid || !unsigned.value) return undefined;
    const row = await this.ds.getRepository(Session).findOneBy({
      id: unsigned.value,
      expiresAt: MoreThan(new Date(Date.now() - SESSION_KEPT_AFTER_EXPIRY_MS)),
    });
    return row?.userId ?? undefined;
  }
}

/** The posted fields worth keeping: no secrets, and something typed at all. */
function typedFields(body: unknown): FlatForm | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const kept = Object.fromEntries(
    Object.entries(body as FlatForm).filter(
      ([name, value]) =>
        !SECRET_FIELD.test(name) && (typeof value === 'string' || Array.isArray(value)),
    ),
  ) as FlatForm;
  const typed = Object.values(kept).some((v) =>
    Array.isArray(v) ? v.length > 0 : (v ?? '').trim() !== '',
  );
  return typed ? kept : undefined;
}
