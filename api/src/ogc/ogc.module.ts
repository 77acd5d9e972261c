import { Module } from '@nestjs/common';
import { TilesModule } from '../tiles/tiles.module';
import { OgcController } from './ogc.controller';
import { OgcRepository } from './ogc.repository';
import { OgcService } from './ogc.service';

@Module({ imports: [TilesModule], controllers: [OgcController], providers: [OgcRepository, OgcService] })
export class OgcModule {}
