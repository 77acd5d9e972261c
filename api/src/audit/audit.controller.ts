import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { AUDIT_DEFAULT_LIMIT, AUDIT_MAX_LIMIT, AuditPage, AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'The audit trail, newest first (admin only): who changed which feature, with before and after' })
  @ApiQuery({ name: 'layer', required: false })
  @ApiQuery({ name: 'featureId', required: false })
  @ApiQuery({ name: 'before', required: false, description: 'the `next` of the previous page' })
  @ApiQuery({ name: 'limit', required: false, description: `default ${AUDIT_DEFAULT_LIMIT}, at most ${AUDIT_MAX_LIMIT}` })
  list(
    @Query('layer') layer: string | undefined,
    @Query('featureId') featureId: string | undefined,
    @Query('before') before: string | undefined,
    @Query('limit') limit: string | undefined,
  ): Promise<AuditPage> {
    return this.audit.page({ layer, featureId, before, limit });
  }
}
