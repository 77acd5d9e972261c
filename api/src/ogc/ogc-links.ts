export const JSON_TYPE = 'application/json';
export const GEOJSON_TYPE = 'application/geo+json';
export const OPENAPI_TYPE = 'application/vnd.oai.openapi+json;version=3.0';
export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

export interface Link {
  href: string;
  rel: string;
  type?: string;
  title?: string;
}

/** Absolute URLs of the OGC API resources under one origin (protocol and Host of the request). */
export class OgcUrls {
  constructor(readonly origin: string) {}

  get root(): string {
    return `${this.origin}/api/ogc`;
  }

  get openApi(): string {
    return `${this.origin}/api/docs/openapi.json`;
  }

  get docs(): string {
    return `${this.origin}/api/docs`;
  }

  collection(id: string): string {
    return `${this.root}/collections/${encodeURIComponent(id)}`;
  }

  schema(id: string): string {
    return `${this.collection(id)}/schema`;
  }

  items(id: string, query?: Record<string, string>): string {
    const search = query ? `?${new URLSearchParams(query).toString()}` : '';
    return `${this.collection(id)}/items${search}`;
  }

  item(collectionId: string, featureId: string | number): string {
    return `${this.collection(collectionId)}/items/${encodeURIComponent(String(featureId))}`;
  }
}

export function link(href: string, rel: string, type?: string, title?: string): Link {
  return { href, rel, ...(type ? { type } : {}), ...(title ? { title } : {}) };
}
