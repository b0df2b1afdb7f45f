import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../accounts/auth/decorators';
import { SkipApiRateLimit } from '../common/http/api-throttler.guard';
import { ExportQueryDto, RegisterQueryDto } from './dto/register-query.dto';
import { csvStream, CsvSeparator } from './csv';
import { jsonArrayStream, standardExport, validatesAsStandard } from './exports';
import { nationalRegisterUrl } from './entry.page';
import { NotApprovedQueryDto, notApprovedJson } from './not-approved.page';
import { checkPublicId } from './public-id';
import { RegisterService } from './register.service';
import { PublicQuestions } from '../feedback/public-questions';

/**
 * The register as open data: no login, the same search and filters as the page. Not under the
 * general API rate limit: these answers are public, read-only and served from the register cache
 * (see register-cache.ts), and open-data users fetch them in bulk.
 */
@ApiTags('register')
@Controller('api/v1')
@Public()
@SkipApiRateLimit()
export class RegisterApiController {
  constructor(
    private readonly register: RegisterService,
    private readonly questions: PublicQuestions,
  ) {}

  @Get('register')
  @ApiOperation({
    summary:
      'Search the register: the same filters and pages as /register, with total and facet counts',
  })
  async list(@Req() request: FastifyRequest, @Query() query: RegisterQueryDto) {
    const result = await this.register.search(query, undefined, request.registerVersion);
    const base = `${request.protocol}://${request.host}`;
    return {
      total: result.total,
      page: result.page,
      pages: result.pages,
      pageSize: result.pageSize,
      items: result.items.map((item) => ({
        publicId: item.publicId,
        name: item.name,
        descriptionShort: item.descriptionShort,
        organisation: item.organisation.name,
        organisationSlug: item.organisation.slug,
        status: item.status,
        publicationCategory: item.publicationCategory,
        themes: item.themes,
        riskClass: item.riskClass,
        assessmentOutcome: item.assessmentOutcome,
        origin: item.origin,
        complete: item.complete,
        firstPublishedAt: item.firstPublishedAt.toISOString(),
        lastChangedAt: item.lastChangedAt.toISOString(),
        url: `${base}/register/${item.publicId}/${item.slug}`,
        api: `${base}/api/v1/register/${item.publicId}`,
      })),
      facets: result.facets,
    };
  }

  @Get('register.csv')
  @ApiOperation({
    summary:
      'The entries a search finds (the same words, filters and order as /register; every page of it) as CSV separated by commas (UTF-8 with BOM), one row per entry; cells that a spreadsheet would read as a formula start with an apostrophe',
  })
  @ApiProduces('text/csv')
  csv(
    @Req() request: FastifyRequest,
    @Query() query: RegisterQueryDto,
    @Res() reply: FastifyReply,
  ) {
    return this.sendCsv(request, query, reply, ',', 'algoritmeregister.csv');
  }

  @Get('register-semicolon.csv')
  @ApiOperation({
    summary:
      'The same CSV separated by semicolons, as spreadsheet programs set to Dutch read it, with the same formula protection',
  })
  @ApiProduces('text/csv')
  csvSemicolon(
    @Req() request: FastifyRequest,
    @Query() query: RegisterQueryDto,
    @Res() reply: FastifyReply,
  ) {
    return this.sendCsv(request, query, reply, ';', 'algoritmeregister-puntkomma.csv');
  }

  private sendCsv(
    request: FastifyRequest,
    query: RegisterQueryDto,
    reply: FastifyReply,
    separator: CsvSeparator,
    filename: string,
  ) {
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .send(
        csvStream(
          this.register.matchingEntries(query),
          `${request.protocol}://${request.host}`,
          separator,
        ),
      );
  }

  @Get('register/export/publicatiestandaard')
  @ApiOperation({
    summary:
      'Every published entry in Publicatiestandaard v1.0 JSON; incomplete entries carry missing_required, invalid ones invalid_fields; ?complete=true leaves both out',
  })
  @ApiQuery({ name: 'complete', required: false, enum: ['true', 'false'] })
  exportAll(@Query() query: ExportQueryDto, @Res() reply: FastifyReply) {
    const entries = this.register.allEntries();
    const onlyComplete = query.complete === 'true';
    const records = (async function* () {
      for await (const { item, record } of entries) {
        if (onlyComplete && (!item.complete || !validatesAsStandard(record))) continue;
        yield standardExport(record);
      }
    })();
    return reply.type('application/json; charset=utf-8').send(jsonArrayStream(records));
  }

  @Get('register/not-approved')
  @ApiOperation({
    summary:
      'The commission’s published advice on proposals it did not approve (rejected, or withdrawn after advice), of organisations that publish it; never entries in use, each marked approved: false',
  })
  async notApproved(@Query() query: NotApprovedQueryDto) {
    const items = (await this.register.notApproved(query.organisation)).map(notApprovedJson);
    return { total: items.length, items };
  }

  @Get('register/:publicId')
  @ApiOperation({
    summary:
      'One entry: its current public record, assessment summary, conditions, history and the questions residents asked that were answered in public',
  })
  @ApiOkResponse({ description: 'The entry' })
  async entry(@Req() request: FastifyRequest, @Param('publicId') publicId: string) {
    const entry = await this.register.entry(checkPublicId(publicId));
    const base = `${request.protocol}://${request.host}`;
    return {
      publicId: entry.item.publicId,
      url: `${base}/register/${entry.item.publicId}/${entry.item.slug}`,
      organisation: entry.item.organisation.name,
      organisationSlug: entry.item.organisation.slug,
      origin: entry.item.origin,
      version: entry.publicationNumber,
      /** published, reassessment_due (its approval's re-assessment date has passed) or retired. */
      lifecycle: entry.lifecycle,
      firstPublishedAt: entry.item.firstPublishedAt.toISOString(),
      lastChangedAt: entry.publishedAt.toISOString(),
      riskClass: entry.item.riskClass,
      assessmentOutcome: entry.item.assessmentOutcome,
      record: standardExport(entry.record),
      /** Imported from the national register's listing: its id, page and impact-assessment flag there. */
      nationalRegister: entry.nationalListing
        ? {
            id: entry.nationalListing.id,
            url: nationalRegisterUrl('nl', entry.nationalListing.id),
            impactAssessment: entry.nationalListing.impactAssessment,
          }
        : null,
      missingRequired: entry.missingRequired,
      assessment: entry.summary,
      conditions: entry.conditions.map((c) => ({
        description: c.description,
        dueDate: c.dueDate,
        state: c.state,
        overdue: c.overdue,
        reportedAt: c.reportedAt?.toISOString() ?? null,
        verifiedAt: c.verifiedAt?.toISOString() ?? null,
      })),
      history: entry.history.map((h) => ({
        version: h.number,
        publishedAt: h.publishedAt.toISOString(),
        origin: h.origin,
        url: `${base}/register/${entry.item.publicId}/v/${h.number}`,
      })),
      /** Answered with the resident's consent to publish; never the resident's name or address. */
      publicQuestions: (await this.questions.forEntry(entry.item.publicId)).map((p) => ({
        question: p.question,
        answer: p.answer,
        askedAt: p.askedAt.toISOString(),
        answeredAt: p.answeredAt.toISOString(),
      })),
    };
  }

  @Get('register/:publicId/publicatiestandaard')
  @ApiOperation({ summary: 'One entry in Publicatiestandaard v1.0 JSON (English keys)' })
  async standard(@Param('publicId') publicId: string) {
    const entry = await this.register.entry(checkPublicId(publicId));
    return standardExport(entry.record);
  }
}
