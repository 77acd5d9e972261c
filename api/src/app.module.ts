import { DynamicModule, Module } from '@nestjs/common';
import type { MimamoriConfig } from '@mimamori/db';
import { AnalysesModule } from './analyses/analyses.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CoreModule, type CoreOptions } from './core/core.module';
import { CountermeasuresModule } from './countermeasures/countermeasures.module';
import { HealthModule } from './health/health.module';
import { LayersModule } from './layers/layers.module';
import { OgcModule } from './ogc/ogc.module';
import { PublicModule } from './public/public.module';
import { ReportsModule } from './reports/reports.module';
import { TilesModule } from './tiles/tiles.module';

@Module({})
export class AppModule {
  static forRoot(config: MimamoriConfig, options: CoreOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(config, options), AuthModule, HealthModule, LayersModule, TilesModule, OgcModule, AnalysesModule, ReportsModule, CountermeasuresModule, AuditModule, PublicModule],
    };
  }
}
