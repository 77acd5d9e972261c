import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from './auth.decorators';
import type { Principal } from './auth.types';
import { LayerShareDto } from './layer-share.dto';
import type { LayerShare } from './layer-shares.repository';
import { LayerSharesService } from './layer-shares.service';

@ApiTags('layers')
@ApiBearerAuth()
@Controller('layers/:layer/shares')
export class LayerSharesController {
  constructor(private readonly shares: LayerSharesService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Which organisations share this layer with which (admin)' })
  list(@Param('layer') layer: string): Promise<LayerShare[]> {
    return this.shares.list(layer);
  }

  @Post()
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: "Let one organisation read another's rows of this layer (admin)" })
  share(@Param('layer') layer: string, @Body() body: LayerShareDto, @CurrentUser() principal: Principal): Promise<LayerShare[]> {
    return this.shares.share(layer, body.fromOrganisationId, body.toOrganisationId, principal);
  }

  @Delete()
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Withdraw a share (admin): query fromOrganisationId and toOrganisationId' })
  async unshare(@Param('layer') layer: string, @Query() query: LayerShareDto): Promise<void> {
    await this.shares.unshare(layer, query.fromOrganisationId, query.toOrganisationId);
  }
}
