import { Body, Controller, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ROLES } from '@mimamori/db';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { WRITER_ROLES, type Principal } from '../auth/auth.types';
import { etagOf, parseIfMatch } from '../layers/request-params';
import { COUNTERMEASURE_STATUSES } from './countermeasure-rules';
import { ChangeCountermeasureBody, CountermeasureListView, CountermeasureView, CreateCountermeasureBody } from './countermeasure.dto';
import { CountermeasuresService } from './countermeasures.service';

/** The countermeasure register of route audits: signed-in users read it, writers change it. */
@ApiTags('countermeasures')
@ApiBearerAuth()
@Roles(...ROLES)
@Controller('countermeasures')
export class CountermeasuresController {
  constructor(private readonly countermeasures: CountermeasuresService) {}

  @Post()
  @Roles(...WRITER_ROLES)
  @ApiOperation({ summary: 'Register a countermeasure for a finding of a route-audit run (its figures now become "before")' })
  @ApiBody({ type: CreateCountermeasureBody })
  @ApiResponse({ status: 201, type: CountermeasureView, description: 'The new item, status open; ETag = its version' })
  async create(@Body() body: unknown, @CurrentUser() principal: Principal, @Res({ passthrough: true }) res: Response): Promise<CountermeasureView> {
    const view = await this.countermeasures.create(body, principal);
    res.setHeader('ETag', etagOf(view.version));
    res.setHeader('Location', `/api/countermeasures/${view.id}`);
    return view;
  }

  @Get()
  @ApiOperation({ summary: 'Countermeasures, by route and id' })
  @ApiQuery({ name: 'routeId', required: false, description: 'School-route id' })
  @ApiQuery({ name: 'status', required: false, enum: COUNTERMEASURE_STATUSES })
  @ApiQuery({ name: 'runId', required: false, description: 'Route-audit run the findings came from' })
  @ApiOkResponse({ type: CountermeasureListView })
  list(@Query('routeId') routeId?: string, @Query('status') status?: string, @Query('runId') runId?: string): Promise<CountermeasureListView> {
    return this.countermeasures.list({ routeId, status, runId });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One countermeasure; its ETag carries the version to send back in If-Match' })
  @ApiOkResponse({ type: CountermeasureView })
  async get(@Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<CountermeasureView> {
    const view = await this.countermeasures.get(id);
    res.setHeader('ETag', etagOf(view.version));
    return view;
  }

  @Patch(':id')
  @Roles(...WRITER_ROLES)
  @ApiOperation({ summary: 'Change status (forward only; an admin may move back), owner, note or due date' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The ETag you read, e.g. "3"; a stale one gets 412' })
  @ApiBody({ type: ChangeCountermeasureBody })
  @ApiOkResponse({ type: CountermeasureView })
  async update(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
    @CurrentUser() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CountermeasureView> {
    const view = await this.countermeasures.update(id, parseIfMatch(ifMatch), body, principal);
    res.setHeader('ETag', etagOf(view.version));
    return view;
  }
}
