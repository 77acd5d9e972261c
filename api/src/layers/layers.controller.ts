import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { LAYER_IDS } from '@mimamori/db';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/auth.types';
import type { Feature, FeatureCollection } from './geojson-types';
import { LayersService, type LayerSummary } from './layers.service';
import { DEFAULT_LIMIT, etagOf, MAX_LIMIT, parseIfMatch, parseListQuery } from './request-params';

const FEATURE_BODY = {
  description: 'A GeoJSON Feature (lon/lat, EPSG:4326); properties as listed by GET /api/layers',
  schema: {
    type: 'object',
    example: {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [139.7101, 35.7013] },
      properties: { bearing_deg: 90, hfov_deg: 60, range_m: 30 },
    },
  },
};

@ApiTags('layers')
@ApiBearerAuth()
@ApiParam({ name: 'layer', enum: LAYER_IDS })
@Controller('layers')
export class LayersController {
  constructor(private readonly layers: LayersService) {}

  @Get()
  @ApiOperation({ summary: 'Layers you may see, with feature count, extent, version and property schema' })
  catalogue(@CurrentUser() principal: Principal): Promise<LayerSummary[]> {
    return this.layers.catalogue(principal);
  }

  @Get(':layer/features')
  @ApiOperation({ summary: 'Features of a layer as a GeoJSON FeatureCollection, ordered by id' })
  @ApiQuery({ name: 'bbox', required: false, description: 'west,south,east,north in lon/lat' })
  @ApiQuery({ name: 'limit', required: false, description: `default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT}` })
  @ApiQuery({ name: 'offset', required: false })
  list(
    @Param('layer') layer: string,
    @Query('bbox') bbox: string | undefined,
    @Query('limit') limit: string | undefined,
    @Query('offset') offset: string | undefined,
    @CurrentUser() principal: Principal,
  ): Promise<FeatureCollection> {
    return this.layers.list(layer, parseListQuery({ bbox, limit, offset }), principal);
  }

  @Get(':layer/features/:id')
  @ApiOperation({ summary: 'One feature; its ETag carries the version to send back in If-Match' })
  async get(
    @Param('layer') layer: string,
    @Param('id') id: string,
    @CurrentUser() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Feature> {
    const { feature, version } = await this.layers.get(layer, id, principal);
    res.setHeader('ETag', etagOf(version));
    return feature;
  }

  @Post(':layer/features')
  @Roles('admin', 'planner', 'police')
  @ApiOperation({ summary: 'Add a feature (owned by your organisation)' })
  @ApiBody(FEATURE_BODY)
  @ApiResponse({ status: 201, description: 'The stored feature, with defaults filled in; ETag = its version' })
  async create(
    @Param('layer') layer: string,
    @Body() body: unknown,
    @CurrentUser() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Feature> {
    const { feature, version } = await this.layers.create(layer, body, principal);
    res.setHeader('ETag', etagOf(version));
    res.setHeader('Location', `/api/layers/${layer}/features/${feature.id}`);
    return feature;
  }

  @Patch(':layer/features/:id')
  @Roles('admin', 'planner', 'police')
  @ApiOperation({ summary: 'Change a feature: properties are merged (null removes one), geometry is replaced' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The ETag you read, e.g. "3"; a stale one gets 412' })
  @ApiBody(FEATURE_BODY)
  async update(
    @Param('layer') layer: string,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
    @CurrentUser() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Feature> {
    const { feature, version } = await this.layers.update(layer, id, parseIfMatch(ifMatch), body, principal);
    res.setHeader('ETag', etagOf(version));
    return feature;
  }

  @Post(':layer/features/:id/restore')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Bring a deleted feature back (admin); its version is bumped and the audit log records it' })
  async restore(
    @Param('layer') layer: string,
    @Param('id') id: string,
    @CurrentUser() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Feature> {
    const { feature, version } = await this.layers.restore(layer, id, principal);
    res.setHeader('ETag', etagOf(version));
    return feature;
  }

  @Delete(':layer/features/:id')
  @Roles('admin', 'planner', 'police')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a feature (kept in history; no longer served)' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The ETag you read; a stale one gets 412' })
  remove(
    @Param('layer') layer: string,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() principal: Principal,
  ): Promise<void> {
    return this.layers.remove(layer, id, parseIfMatch(ifMatch), principal);
  }
}
