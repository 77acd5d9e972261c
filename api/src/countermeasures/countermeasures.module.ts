import { Module } from '@nestjs/common';
import { CountermeasuresController } from './countermeasures.controller';
import { CountermeasuresRepository } from './countermeasures.repository';
import { CountermeasuresService } from './countermeasures.service';

@Module({
  controllers: [CountermeasuresController],
  providers: [CountermeasuresService, CountermeasuresRepository],
})
export class CountermeasuresModule {}
