import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'layer_state' })
export class LayerStateEntity {
  @PrimaryColumn({ type: 'text' })
  layer!: string;

  @Column({ type: 'bigint' })
  version!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
