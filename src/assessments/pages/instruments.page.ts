import { Injectable } from '@nestjs/common';
import type { FlatForm } from '../../common/forms/form-body';
import type { PageBuilder, RouteParams } from '../../common/forms/form-view';
import { localisedPath } from '../../common/http/language';
import { parseId } from '../../common/parse-id.pipe';
import type { UserContext } from '../../common/request-context';
import { translate } from '../../i18n/i18n';
import { AssessmentsService } from '../assessments.service';
import { INSTRUMENT_STATUSES } from '../instruments/instrument-rules';
import { InstrumentStore } from '../instruments/instrument-store';
import { INSTRUMENT_STATES } from '../instruments/instruments.service';
import { assessmentFrame, str } from './assessment-frame';

/**
 * `/assessments/:id/instruments`: the impact assessments (IAMA, DPIA), which are required and
 * why, and for the proposer until the decision a form per instrument: status, date, outcome, and
 * a link or a PDF. Everyone who may read the assessment sees the records and the documents.
 */
@Injectable()
export class InstrumentsPage implements PageBuilder {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly store: InstrumentStore,
  ) {}

  async build(ctx: UserContext, params: RouteParams, posted?: FlatForm) {
    const { lang } = ctx;
    const id = parseId(params.id, 'id');
    const d = await this.assessments.detail(ctx, id);
    const frame = assessmentFrame(d, ctx, 'instruments');
    const mayEdit = d.actorIs.proposer && INSTRUMENT_STATES.includes(d.assessment.state);
    // A refused post names its instrument in the path; the other forms show what is stored.
    const postedKind = posted ? params.kind : undefined;
    return {
      ...frame,
      maxMegabytes: this.store.maxBytes / 1024 / 1024,
      forms: mayEdit
        ? d.instruments.map((i) => {
            const mine = postedKind === i.kind;
            const value = (field: 'date' | 'outcome' | 'link') =>
              mine ? str(posted![field]) : (i.record?.[field] ?? '');
            const status = mine ? str(posted!.status) : i.status;
            return {
              kind: i.kind,
              name: i.kind.toUpperCase(),
              title: translate(lang, `instruments.kind.${i.kind}`),
              action: localisedPath(lang, `/assessments/${id}/instruments/${i.kind}`),
              // Field ids carry the kind, so that the error beside a field names the right form.
              ids: mine
                ? { status: 'status', date: 'date', outcome: 'outcome', link: 'link', file: 'file' }
                : Object.fromEntries(
                    ['status', 'date', 'outcome', 'link', 'file'].map((f) => [f, `${i.kind}-${f}`]),
                  ),
              statuses: INSTRUMENT_STATUSES.map((s) => ({
                value: s,
                label: translate(lang, `instruments.status.${s}`),
                checked: s === status,
              })),
              date: value('date'),
              outcome: value('outcome'),
              link: value('link'),
              hasDocument: Boolean(i.record?.documentFile),
            };
          })
        : [],
    };
  }
}
