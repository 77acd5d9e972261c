import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ROLES } from '@mimamori/db';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/auth.types';
import { CreateAnalysisDto, CreatedRunView, RunListView, RunView } from './analysis-run.dto';
import { AnalysesService } from './analyses.service';
import { SseStream } from './sse-stream';

/** Results derive from internal layers (beats, cameras…): every route needs a signed-in user. */
@ApiTags('analyses')
@ApiBearerAuth()
@Roles(...ROLES)
@Controller('analyses')
export class AnalysesController {
  constructor(private readonly analyses: AnalysesService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: CreatedRunView })
  create(@Body() body: CreateAnalysisDto, @CurrentUser() principal: Principal): Promise<CreatedRunView> {
    return this.analyses.create(body, principal);
  }

  @Get()
  @ApiOkResponse({ type: RunListView, description: 'Recent runs, newest first' })
  list(@CurrentUser() principal: Principal, @Query('limit') limit?: string): Promise<RunListView> {
    return this.analyses.list(limit, principal);
  }

  @Get(':id')
  @ApiOkResponse({ type: RunView })
  get(@Param('id') id: string, @CurrentUser() principal: Principal): Promise<RunView> {
    return this.analyses.get(id, principal);
  }

  @Get(':id/features')
  @ApiProduces('application/geo+json')
  async features(@Param('id') id: string, @CurrentUser() principal: Principal, @Res({ passthrough: true }) res: Response): Promise<string> {
    const collection = await this.analyses.featureCollection(id, principal);
    res.type('application/geo+json');
    return collection;
  }

  @Get(':id/export')
  @ApiProduces('application/geo+json', 'text/csv')
  async export(
    @Param('id') id: string,
    @Query('format') format: string | undefined,
    @Query('kind') kind: string | undefined,
    @CurrentUser() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const file = await this.analyses.exportResults(id, format, kind, principal);
    res.attachment(file.filename).type(file.contentType);
    return file.body;
  }

  @Get(':id/events')
  @ApiProduces('text/event-stream')
  events(@Param('id') id: string, @CurrentUser() principal: Principal, @Res() res: Response): Promise<void> {
    return this.analyses.follow(id, new SseStream(res), principal);
  }

  @Delete(':id')
  @ApiOkResponse({ type: RunView, description: 'The run, cancelled unless it had already finished' })
  cancel(@Param('id') id: string, @CurrentUser() principal: Principal): Promise<RunView> {
    return this.analyses.cancel(id, principal);
  }
}
