import { Injectable } from '@nestjs/common';
import { LayerDefinition, Sensitivity, visibleProperties } from '@mimamori/db';
import type { Feature } from 'geojson';
import type { Principal } from '../auth/auth.types';
import { AppError } from '../common/app-error';
import { LayerMetadataService } from '../tiles/layer-metadata.service';
import { LayerAccessService } from '../layers/layer-access.service';
import { CRS84, GEOJSON_TYPE, JSON_TYPE, Link, link, OgcUrls, OPENAPI_TYPE } from './ogc-links';
import { ItemsQuery } from './ogc-query';
import { featureSchema, JSON_SCHEMA_TYPE } from './ogc-schema';
import { OgcRepository } from './ogc.repository';

const CONFORMANCE = ['core', 'oas30', 'geojson'].map((c) => `http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/${c}`);

export interface Collection {
  id: string;
  title: string;
  description: string;
  extent: { spatial: { bbox: number[][]; crs: string } };
  itemType: 'feature';
  crs: string[];
  links: Link[];
}

export interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
  numberMatched: number;
  numberReturned: number;
  timeStamp: string;
  links: Link[];
}

@Injectable()
export class OgcService {
  constructor(
    private readonly repository: OgcRepository,
    private readonly metadata: LayerMetadataService,
    private readonly access: LayerAccessService,
  ) {}

  landing(urls: OgcUrls) {
    return {
      title: 'Mimamori (見守り) OGC API – Features',
      description: 'Crime-prevention infrastructure layers: CCTV cameras, streetlights, school routes, police beats and more, as GeoJSON.',
      links: [
        link(urls.root, 'self', JSON_TYPE, 'This document'),
        link(urls.openApi, 'service-desc', OPENAPI_TYPE, 'The API definition'),
        link(urls.docs, 'service-doc', 'text/html', 'The API documentation'),
        link(`${urls.root}/conformance`, 'conformance', JSON_TYPE, 'Conformance classes'),
        link(`${urls.root}/collections`, 'data', JSON_TYPE, 'Collections'),
      ],
    };
  }

  conformance() {
    return { conformsTo: CONFORMANCE };
  }

  async collections(principal: Principal, urls: OgcUrls) {
    const collections = await Promise.all(this.access.readableLayers(principal).map(({ layer, clearance }) => this.describe(layer, clearance, urls)));
    return { links: [link(`${urls.root}/collections`, 'self', JSON_TYPE, 'Collections')], collections };
  }

  collection(layerId: string, principal: Principal, urls: OgcUrls): Promise<Collection> {
    const { layer, clearance } = this.access.readable(layerId, principal);
    return this.describe(layer, clearance, urls);
  }

  schema(layerId: string, principal: Principal, urls: OgcUrls) {
    const { layer, clearance } = this.access.readable(layerId, principal);
    return featureSchema(layer, clearance, urls.schema(layer.id));
  }

  async items(layerId: string, principal: Principal, query: ItemsQuery, urls: OgcUrls): Promise<FeatureCollection> {
    const { layer, clearance } = this.access.readable(layerId, principal);
    const [numberMatched, features] = await Promise.all([
      this.repository.count(layer, query.bbox),
      this.repository.page(layer, clearance, query.bbox, query.limit, query.offset),
    ]);
    const pageUrl = (offset: number) =>
      urls.items(layer.id, { ...(query.bbox ? { bbox: query.bbox.join(',') } : {}), limit: String(query.limit), offset: String(offset) });
    const links = [link(pageUrl(query.offset), 'self', GEOJSON_TYPE, 'This page'), link(urls.collection(layer.id), 'collection', JSON_TYPE, layer.title.en)];
    if (query.offset + features.length < numberMatched) links.push(link(pageUrl(query.offset + query.limit), 'next', GEOJSON_TYPE, 'Next page'));
    if (query.offset > 0) links.push(link(pageUrl(Math.max(0, query.offset - query.limit)), 'prev', GEOJSON_TYPE, 'Previous page'));
    return { type: 'FeatureCollection', features, numberMatched, numberReturned: features.length, timeStamp: new Date().toISOString(), links };
  }

  async item(layerId: string, featureId: string, principal: Principal, urls: OgcUrls): Promise<Feature & { links: Link[] }> {
    const { layer, clearance } = this.access.readable(layerId, principal);
    const feature = /^\d{1,18}$/.test(featureId) ? await this.repository.find(layer, clearance, featureId) : null;
    if (!feature) throw AppError.notFound('FEATURE_NOT_FOUND', `${layer.id} has no feature ${featureId}`);
    return {
      ...feature,
      links: [link(urls.item(layer.id, featureId), 'self', GEOJSON_TYPE), link(urls.collection(layer.id), 'collection', JSON_TYPE, layer.title.en)],
    };
  }

  private async describe(layer: LayerDefinition, clearance: Sensitivity, urls: OgcUrls): Promise<Collection> {
    const bbox = await this.metadata.extent(layer);
    return {
      id: layer.id,
      title: `${layer.title.ja} (${layer.title.en})`,
      description: `${layer.title.en}: ${layer.geometry} features with ${visibleProperties(layer, clearance).map((p) => p.name).join(', ')}`,
      extent: { spatial: { bbox: [bbox], crs: CRS84 } },
      itemType: 'feature',
      crs: [CRS84],
      links: [
        link(urls.collection(layer.id), 'self', JSON_TYPE, layer.title.en),
        link(urls.items(layer.id), 'items', GEOJSON_TYPE, `${layer.title.en} (GeoJSON)`),
        link(urls.schema(layer.id), 'describedby', JSON_SCHEMA_TYPE, 'Feature schema'),
        // GDAL 3.6 (QGIS) matches this relation case-sensitively as "describedBy".
        link(urls.schema(layer.id), 'describedBy', JSON_SCHEMA_TYPE, 'Feature schema'),
      ],
    };
  }
}
