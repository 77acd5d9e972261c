import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class LayerShareDto {
  @ApiProperty({ description: 'The organisation whose rows become readable' })
  @IsUUID('all', { message: 'fromOrganisationId must be an organisation id (UUID)' })
  fromOrganisationId!: string;

  @ApiProperty({ description: 'The organisation that may read them' })
  @IsUUID('all', { message: 'toOrganisationId must be an organisation id (UUID)' })
  toOrganisationId!: string;
}
