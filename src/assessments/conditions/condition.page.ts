import { Injectable } from '@nestjs/common';
import type { FlatForm } from '../../common/forms/form-body';
import type { PageBuilder, RouteParams } from '../../common/forms/form-view';
import { localisedPath } from '../../common/http/language';
import { parseId } from '../../common/parse-id.pipe';
import type { UserContext } from '../../common/request-context';
import { translate } from '../../i18n/i18n';
import { ConditionsService } from './conditions.service';
import { VERIFY_DECISIONS } from './dto/condition.dto';
import { EvidenceStore } from './evidence-store';

/**
 * `/conditions/:id`: one condition of an approval, where it stands, every report made with its
 * evidence and verdict, and the form this person may use now: the owner's report, or the
 * verifier's accept or return. When a post was refused, the form comes back with what was typed.
 */
@Injectable()
export class ConditionPage implements PageBuilder {
  constructor(
    private readonly conditions: ConditionsService,
    private readonly evidence: EvidenceStore,
  ) {}

  async build(ctx: UserContext, params: RouteParams, posted?: FlatForm) {
    const { lang } = ctx;
    const t = (key: string) => translate(lang, key);
    const id = parseId(params.id, 'id');
    const {
      condition: c,
      reports,
      loaded,
      overdue,
      reportRefusal,
      verifyRefusal,
    } = await this.conditions.view(ctx, id);
    const chosen = typeof posted?.decision === 'string' ? posted.decision : '';
    return {
      id: c.id,
      version: c.version,
      description: c.description,
      owner: c.owner,
      dueDate: c.dueDate,
      stateKey: `work.conditions.states.${c.state}`,
      verified: c.state === 'verified',
      overdue,
      assessment: {
        name: loaded.algorithm.name,
        href: localisedPath(lang, `/assessments/${loaded.assessment.id}`),
      },
      reports: reports.map((r) => ({
        id: r.id,
        reportedBy: r.reportedBy?.name,
        reportedAt: r.reportedAt,
        whatWasDone: r.whatWasDone,
        link: r.link,
        evidence: r.evidenceFile
          ? {
              href: localisedPath(lang, `/conditions/${c.id}/reports/${r.id}/evidence`),
              name: r.evidenceName,
              kilobytes: Math.max(1, Math.round((r.evidenceBytes ?? 0) / 1024)),
            }
          : null,
        outcomeKey: r.outcome ? `conditions.outcome.${r.outcome}` : 'conditions.outcome.waiting',
        decidedBy: r.decidedBy?.name,
        decidedAt: r.decidedAt,
        reason: r.decisionReason,
      })),
      canReport: reportRefusal === null,
      canVerify: verifyRefusal === null,
      maxMegabytes: this.evidence.maxBytes / 1024 / 1024,
      decisions: VERIFY_DECISIONS.map((value) => ({
        value,
        label: t(`conditions.verify.${value}`),
        checked: value === chosen,
      })),
    };
  }
}
