import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/auth.types';
import { ImportJobsService, type ImportJobView } from './import-jobs.service';

@ApiTags('layers')
@ApiBearerAuth()
@Controller('imports')
export class ImportsController {
  constructor(private readonly jobs: ImportJobsService) {}

  @Get(':id')
  @Roles('admin', 'planner', 'police')
  @ApiOperation({
    summary: 'A background import (POST /api/layers/{layer}/import?async=true): status, progress (rows, bytes, fraction), result or error',
  })
  view(@Param('id') id: string, @CurrentUser() principal: Principal): ImportJobView {
    return this.jobs.view(id, principal);
  }
}
