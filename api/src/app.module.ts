import { DynamicModule, Module } from '@nestjs/common';
import type { MimamoriConfig } from '@mimamori/db';
import { AuthModule } from './auth/auth.module';
import { CoreModule } from './core/core.module';
import { HealthModule } from './health/health.module';

@Module({})
export class AppModule {
  static forRoot(config: MimamoriConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(config), AuthModule, HealthModule],
    };
  }
}
