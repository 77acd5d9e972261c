import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import type { MimamoriConfig } from '@mimamori/db';
import { CONFIG } from '../core/core.module';
import { FeatureWriteRepository } from './feature-write.repository';
import { LayerAccessService } from './layer-access.service';
import { LayerExportService } from './layer-export.service';
import { LayerFilesController } from './layer-files.controller';
import { LayerImportService } from './layer-import.service';
import { LayersController } from './layers.controller';
import { LayersRepository } from './layers.repository';
import { LayersService } from './layers.service';

@Module({
  imports: [
    MulterModule.registerAsync({
      inject: [CONFIG],
      // No storage option: multer keeps the upload in memory, bounded by the size limit.
      useFactory: (config: MimamoriConfig) => ({ limits: { fileSize: config.maxUploadBytes, files: 1 } }),
    }),
  ],
  controllers: [LayersController, LayerFilesController],
  providers: [LayerAccessService, LayersRepository, FeatureWriteRepository, LayersService, LayerImportService, LayerExportService],
  exports: [LayerAccessService],
})
export class LayersModule {}
