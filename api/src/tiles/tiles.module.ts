import { Module } from '@nestjs/common';
import { LayersModule } from '../layers/layers.module';
import { LayerMetadataService } from './layer-metadata.service';
import { TilesController } from './tiles.controller';
import { TilesRepository } from './tiles.repository';
import { TilesService } from './tiles.service';

@Module({
  imports: [LayersModule],
  controllers: [TilesController],
  providers: [TilesRepository, TilesService, LayerMetadataService],
  exports: [LayerMetadataService],
})
export class TilesModule {}
