import { Module } from '@nestjs/common';
import { PdfRenderer } from './pdf-renderer.service';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

@Module({
  controllers: [ReportsController],
  providers: [ReportsService, ReportsRepository, PdfRenderer],
})
export class ReportsModule {}
