import { Module } from '@nestjs/common';
import { FeatureWriteRepository } from './feature-write.repository';
import { ImportRepository } from './import/import.repository';
import { UploadInterceptor } from './import/upload.interceptor';
import { LayerAccessService } from './layer-access.service';
import { LayerExportService } from './layer-export.service';
import { LayerFilesController } from './layer-files.controller';
import { LayerImportService } from './layer-import.service';
import { LayersController } from './layers.controller';
import { LayersRepository } from './layers.repository';
import { LayersService } from './layers.service';

@Module({
  controllers: [LayersController, LayerFilesController],
  providers: [
    LayerAccessService,
    LayersRepository,
    FeatureWriteRepository,
    ImportRepository,
    LayersService,
    LayerImportService,
    LayerExportService,
    UploadInterceptor,
  ],
  exports: [LayerAccessService],
})
export class LayersModule {}
