import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { MIN_CAMERAS_PER_CELL } from './public-layers';
import { MVT_CONTENT_TYPE, sendTile } from '../tiles/tile-response';
import { MeshFeatureCollection, PublicLayerSummary, PublicService } from './public.service';

/** The 安全マップ for residents: no sign-in, even when anonymous reads of the API are off. */
@ApiTags('public')
@Public()
@Controller('public')
export class PublicController {
  constructor(private readonly publicMap: PublicService) {}

  @Get('layers')
  @ApiOperation({ summary: 'Layers of the public safety map' })
  layers(): PublicLayerSummary[] {
    return this.publicMap.layers();
  }

  @Get('tiles/:layer/:z/:x/:y.mvt')
  @ApiProduces(MVT_CONTENT_TYPE)
  @ApiOperation({ summary: 'Vector tile of a public layer: active streetlights; koban, refuges and shelters' })
  async tile(
    @Param('layer') layer: string,
    @Param('z') z: string,
    @Param('x') x: string,
    @Param('y') y: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    sendTile(res, await this.publicMap.tile(layer, z, x, y, ifNoneMatch), { 'Cache-Control': 'public, max-age=300' });
  }

  @Get('camera-mesh')
  @ApiOperation({
    summary: 'Active cameras counted per JIS X 0410 half mesh (~500 m)',
    description: `Cells with fewer than ${MIN_CAMERAS_PER_CELL} cameras are left out; no camera position, bearing or field of view is ever published.`,
  })
  @ApiQuery({ name: 'bbox', required: true, description: 'west,south,east,north in lon/lat, inside Japan, at most about 1° × 1°' })
  cameraMesh(@Query('bbox') bbox: string | undefined): Promise<MeshFeatureCollection> {
    return this.publicMap.cameraMesh(bbox);
  }
}
