import { Controller, Get, Headers, Param, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser } from '../auth/auth.decorators';
import type { Principal } from '../auth/auth.types';
import { requestOrigin } from './request-url';
import { MVT_CONTENT_TYPE, PRIVATE_TILES, sendTile } from './tile-response';
import { TileJson } from './tilejson';
import { MAX_FEATURES_PER_TILE, SIMPLIFY_BELOW_ZOOM, TilesService } from './tiles.service';

@ApiTags('tiles')
@Controller('tiles')
export class TilesController {
  constructor(private readonly tiles: TilesService) {}

  @Get('analyses/:runId/:z/:x/:y.mvt')
  @ApiProduces(MVT_CONTENT_TYPE)
  @ApiOkResponse({ description: 'Result features of an analysis run (MVT layer "analysis")' })
  async analysisTile(
    @Param('runId') runId: string,
    @Param('z') z: string,
    @Param('x') x: string,
    @Param('y') y: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @CurrentUser() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    sendTile(res, await this.tiles.analysisTile(runId, z, x, y, principal, ifNoneMatch), PRIVATE_TILES);
  }

  @Get(':layer/:z/:x/:y.mvt')
  @ApiOperation({
    summary: 'Vector tile of a layer (MVT layer named like the layer, feature id = row id)',
    description:
      `At most ${MAX_FEATURES_PER_TILE} features per tile (lowest ids first). Below z${SIMPLIFY_BELOW_ZOOM}, lines and polygons ` +
      'of layers marked "simplify" are simplified to half a pixel and features smaller than a pixel are left out. ' +
      'Revalidate with If-None-Match: the ETag changes with every write touching the tile. A tile that would exceed 500 KB is drawn with fewer features and says so in X-Tile-Thinned.',
  })
  @ApiProduces(MVT_CONTENT_TYPE)
  @ApiOkResponse({ description: 'Mapbox Vector Tile; 204 outside the layer\'s zoom range; 304 when If-None-Match matches' })
  async layerTile(
    @Param('layer') layer: string,
    @Param('z') z: string,
    @Param('x') x: string,
    @Param('y') y: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @CurrentUser() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    sendTile(res, await this.tiles.layerTile(layer, z, x, y, principal, ifNoneMatch), PRIVATE_TILES);
  }

  @Get(':layer.json')
  @ApiOkResponse({ description: 'TileJSON 3.0.0 of a layer' })
  tileJson(@Param('layer') layer: string, @CurrentUser() principal: Principal, @Req() req: Request): Promise<TileJson> {
    return this.tiles.tileJson(layer, principal, requestOrigin(req));
  }
}
