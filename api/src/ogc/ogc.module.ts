import { Module } from '@nestjs/common';
import { LayersModule } from '../layers/layers.module';
import { TilesModule } from '../tiles/tiles.module';
import { OgcController } from './ogc.controller';
import { OgcRepository } from './ogc.repository';
import { OgcService } from './ogc.service';

@Module({ imports: [TilesModule, LayersModule], controllers: [OgcController], providers: [OgcRepository, OgcService] })
export class OgcModule {}
