import { Injectable } from '@nestjs/common';
import type { LayerDefinition, Sensitivity } from '@mimamori/db';
import type { Principal } from '../auth/auth.types';
import { CSV_BOM, csvColumns, csvLine, csvRowLine } from './csv-export';
import { LayerAccessService } from './layer-access.service';
import { LayersRepository } from './layers.repository';
import type { ExportFormat } from './request-params';

export interface ExportFile {
  fileName: string;
  contentType: string;
  chunks: AsyncIterable<string>;
}

/** Rows read per query, so a big layer streams instead of sitting in memory. */
const PAGE = 2000;

@Injectable()
export class LayerExportService {
  constructor(
    private readonly access: LayerAccessService,
    private readonly repo: LayersRepository,
  ) {}

  export(layerId: string, format: ExportFormat, principal: Principal): ExportFile {
    const { layer, clearance } = this.access.readable(layerId, principal);
    switch (format) {
      case 'geojson':
        return { fileName: `${layer.id}.geojson`, contentType: 'application/geo+json', chunks: this.geojson(layer, clearance) };
      case 'csv':
        return { fileName: `${layer.id}.csv`, contentType: 'text/csv; charset=utf-8', chunks: this.csv(layer, clearance) };
    }
  }

  private async *geojson(layer: LayerDefinition, clearance: Sensitivity): AsyncIterable<string> {
    yield '{"type":"FeatureCollection","features":[\n';
    let after = '0';
    let first = true;
    for (;;) {
      const rows = await this.repo.exportFeatures(layer, clearance, after, PAGE);
      if (rows.length === 0) break;
      yield rows.map((r, i) => (first && i === 0 ? '' : ',\n') + JSON.stringify(r.feature)).join('');
      first = false;
      after = rows[rows.length - 1].id;
    }
    yield '\n]}\n';
  }

  private async *csv(layer: LayerDefinition, clearance: Sensitivity): AsyncIterable<string> {
    const columns = csvColumns(layer, clearance);
    yield CSV_BOM + csvLine(columns);
    let after = '0';
    for (;;) {
      const rows = await this.repo.exportCsvRows(layer, clearance, after, PAGE);
      if (rows.length === 0) break;
      yield rows.map((r) => csvRowLine(columns, r)).join('');
      after = rows[rows.length - 1].id;
    }
  }
}
