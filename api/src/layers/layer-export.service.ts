import { Injectable } from '@nestjs/common';
import { visibleProperties, type LayerDefinition, type Sensitivity } from '@mimamori/db';
import { Readable } from 'node:stream';
import type { Principal } from '../auth/auth.types';
import { CSV_BOM, csvColumns, csvLine, csvRowLine } from './csv-export';
import { jsonTypeToField, type ExportField, type ExportFile, type FeatureSet } from './export/feature-set';
import { geoPackageStream } from './export/gpkg-writer';
import { kmlChunks } from './export/kml-writer';
import type { Feature } from './geojson-types';
import { LayerAccessService } from './layer-access.service';
import { LayersRepository } from './layers.repository';
import type { ExportFormat } from './request-params';

/** Rows read per query, so a big layer streams instead of sitting in memory. */
const PAGE = 2000;

const ATTRIBUTION = 'Mimamori export. Real layers carry their sources\u2019 licences: OpenStreetMap (ODbL 1.0), e-Stat, 警視庁, 国土地理院, PLATEAU.';

@Injectable()
export class LayerExportService {
  constructor(
    private readonly access: LayerAccessService,
    private readonly repo: LayersRepository,
  ) {}

  async export(layerId: string, format: ExportFormat, principal: Principal): Promise<ExportFile> {
    const { layer, clearance } = this.access.readable(layerId, principal);
    switch (format) {
      case 'geojson':
        return { fileName: `${layer.id}.geojson`, contentType: 'application/geo+json', stream: Readable.from(this.geojson(layer, clearance)) };
      case 'csv':
        return { fileName: `${layer.id}.csv`, contentType: 'text/csv; charset=utf-8', stream: Readable.from(this.csv(layer, clearance)) };
      case 'kml':
        return {
          fileName: `${layer.id}.kml`,
          contentType: 'application/vnd.google-earth.kml+xml',
          stream: Readable.from(kmlChunks(await this.featureSet(layer, clearance))),
        };
      case 'gpkg':
        return {
          fileName: `${layer.id}.gpkg`,
          contentType: 'application/geopackage+sqlite3',
          stream: await geoPackageStream(await this.featureSet(layer, clearance)),
        };
    }
  }

  /** The layer as the file writers take it: registry properties, extra properties with their types, sample, and track times. */
  private async featureSet(layer: LayerDefinition, clearance: Sensitivity): Promise<FeatureSet> {
    const fields: ExportField[] = visibleProperties(layer, clearance).map((p) => ({ name: p.name, type: p.type === 'enum' ? 'text' : p.type }));
    for (const [name, types] of await this.repo.extraPropertyTypes(layer)) {
      const numeric = types.every((t) => t === 'integer' || t === 'number');
      fields.push({ name, type: numeric && types.includes('number') ? 'number' : types.length === 1 ? jsonTypeToField(types[0]) : 'text' });
    }
    fields.push({ name: 'sample', type: 'boolean' });
    if (layer.geometry === 'LineStringM') fields.push({ name: 'times', type: 'json' });
    return {
      name: layer.id,
      title: `${layer.title.ja} (${layer.title.en})`,
      geometryType: layer.geometry === 'LineStringM' ? 'LineString' : layer.geometry,
      fields,
      features: this.features(layer, clearance),
      attribution: ATTRIBUTION,
    };
  }

  private async *features(layer: LayerDefinition, clearance: Sensitivity): AsyncIterable<Feature> {
    let after = '0';
    for (;;) {
      const rows = await this.repo.exportFeatures(layer, clearance, after, PAGE);
      if (rows.length === 0) return;
      yield* rows.map((r) => r.feature);
      after = rows[rows.length - 1].id;
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
