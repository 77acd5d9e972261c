import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { LayersModule } from '../layers/layers.module';
import { LayerMetadataService } from './layer-metadata.service';
import { TileHitMiddleware } from './tile-hit.middleware';
import { TileInvalidationRepository } from './tile-invalidation.repository';
import { TilesController } from './tiles.controller';
import { TilesRepository } from './tiles.repository';
import { TilesService } from './tiles.service';

@Module({
  imports: [LayersModule],
  controllers: [TilesController],
  providers: [TilesRepository, TileInvalidationRepository, TilesService, LayerMetadataService],
  exports: [LayerMetadataService],
})
export class TilesModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(TileHitMiddleware).forRoutes({ path: 'tiles/*path', method: RequestMethod.GET });
  }
}
