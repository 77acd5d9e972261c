import { Module } from '@nestjs/common';
import { FeatureWriteRepository } from './feature-write.repository';
import { ImportJobsService } from './import/import-jobs.service';
import { ImportStagingRepository } from './import/import-staging.repository';
import { ImportRepository } from './import/import.repository';
import { ImportsController } from './import/imports.controller';
import { UploadInterceptor } from './import/upload.interceptor';
import { LayerAccessService } from './layer-access.service';
import { LayerExportService } from './layer-export.service';
import { LayerFilesController } from './layer-files.controller';
import { LayerImportService } from './layer-import.service';
import { LayersController } from './layers.controller';
import { LayersRepository } from './layers.repository';
import { LayersService } from './layers.service';

@Module({
  controllers: [LayersController, LayerFilesController, ImportsController],
  providers: [
    LayerAccessService,
    LayersRepository,
    FeatureWriteRepository,
    ImportRepository,
    ImportStagingRepository,
    ImportJobsService,
    LayersService,
    LayerImportService,
    LayerExportService,
    UploadInterceptor,
  ],
  exports: [LayerAccessService],
})
export class LayersModule {}
