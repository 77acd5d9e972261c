import { Controller, Get, Headers, Param, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser } from '../auth/auth.decorators';
import type { Principal } from '../auth/auth.types';
import { requestOrigin } from './request-url';
import { TileJson } from './tilejson';
import { MAX_FEATURES_PER_TILE, SIMPLIFY_BELOW_ZOOM, TileReply, TilesService } from './tiles.service';

export const MVT_CONTENT_TYPE = 'application/vnd.mapbox-vector-tile';

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
    send(res, await this.tiles.analysisTile(runId, z, x, y, principal, ifNoneMatch));
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
    send(res, await this.tiles.layerTile(layer, z, x, y, principal, ifNoneMatch));
  }

  @Get(':layer.json')
  @ApiOkResponse({ description: 'TileJSON 3.0.0 of a layer' })
  tileJson(@Param('layer') layer: string, @CurrentUser() principal: Principal, @Req() req: Request): Promise<TileJson> {
    return this.tiles.tileJson(layer, principal, requestOrigin(req));
  }
}

function send(res: Response, reply: TileReply): void {
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('Vary', 'Authorization');
  switch (reply.kind) {
    case 'outside-zoom-range':
      res.status(204).end();
      return;
    case 'not-modified':
      res.setHeader('ETag', reply.etag);
      res.status(304).end();
      return;
    case 'tile':
      res.setHeader('ETag', reply.etag);
      res.setHeader('Content-Type', MVT_CONTENT_TYPE);
      if (reply.thinned) res.setHeader('X-Tile-Thinned', `max-features=${reply.thinned.maxFeatures}`);
      res.status(200).end(reply.body);
      return;
  }
}
