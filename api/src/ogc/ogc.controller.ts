import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser } from '../auth/auth.decorators';
import type { Principal } from '../auth/auth.types';
import { requestOrigin } from '../tiles/request-url';
import { GEOJSON_TYPE, JSON_TYPE, OgcUrls } from './ogc-links';
import { checkFormat, DEFAULT_LIMIT, MAX_LIMIT, parseItemsQuery } from './ogc-query';
import { JSON_SCHEMA_TYPE } from './ogc-schema';
import { OgcService } from './ogc.service';

const JSON_FORMATS = ['json'];
const GEOJSON_FORMATS = ['json', 'geojson'];

/** OGC API – Features Part 1 (core, oas30, geojson); every link is absolute for GDAL and QGIS. */
@ApiTags('ogc')
@Controller('ogc')
export class OgcController {
  constructor(private readonly ogc: OgcService) {}

  @Get()
  @ApiProduces(JSON_TYPE)
  landing(@Req() req: Request, @Query('f') f?: string) {
    checkFormat(f, JSON_FORMATS);
    return this.ogc.landing(urlsOf(req));
  }

  @Get('conformance')
  @ApiProduces(JSON_TYPE)
  conformance(@Query('f') f?: string) {
    checkFormat(f, JSON_FORMATS);
    return this.ogc.conformance();
  }

  @Get('collections')
  @ApiProduces(JSON_TYPE)
  collections(@Req() req: Request, @CurrentUser() principal: Principal, @Query('f') f?: string) {
    checkFormat(f, JSON_FORMATS);
    return this.ogc.collections(principal, urlsOf(req));
  }

  @Get('collections/:layer')
  @ApiProduces(JSON_TYPE)
  collection(@Param('layer') layer: string, @Req() req: Request, @CurrentUser() principal: Principal, @Query('f') f?: string) {
    checkFormat(f, JSON_FORMATS);
    return this.ogc.collection(layer, principal, urlsOf(req));
  }

  @Get('collections/:layer/schema')
  @ApiProduces(JSON_SCHEMA_TYPE)
  schema(@Param('layer') layer: string, @Req() req: Request, @Res({ passthrough: true }) res: Response, @CurrentUser() principal: Principal) {
    const schema = this.ogc.schema(layer, principal, urlsOf(req));
    res.type(JSON_SCHEMA_TYPE);
    return schema;
  }

  @Get('collections/:layer/items')
  @ApiProduces(GEOJSON_TYPE)
  @ApiQuery({ name: 'bbox', required: false, description: 'west,south,east,north in lon/lat (CRS84)', schema: { type: 'string' } })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT } })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, default: 0 } })
  @ApiQuery({ name: 'f', required: false, schema: { type: 'string', enum: GEOJSON_FORMATS } })
  async items(
    @Param('layer') layer: string,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @CurrentUser() principal: Principal,
  ) {
    checkFormat(query.f, GEOJSON_FORMATS);
    const page = await this.ogc.items(layer, principal, parseItemsQuery(query), urlsOf(req));
    res.type(GEOJSON_TYPE);
    return page;
  }

  @Get('collections/:layer/items/:id')
  @ApiProduces(GEOJSON_TYPE)
  async item(
    @Param('layer') layer: string,
    @Param('id') id: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @CurrentUser() principal: Principal,
    @Query('f') f?: string,
  ) {
    checkFormat(f, GEOJSON_FORMATS);
    const feature = await this.ogc.item(layer, id, principal, urlsOf(req));
    res.type(GEOJSON_TYPE);
    return feature;
  }
}

function urlsOf(req: Request): OgcUrls {
  return new OgcUrls(requestOrigin(req));
}
