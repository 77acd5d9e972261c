import type { ErrorCode } from '../../common/app-error';
import type { GeoJsonGeometry } from '../geojson-types';

export const IMPORT_FORMAT_IDS = ['geojson', 'ndjson', 'csv', 'shapefile', 'gpkg', 'kml', 'gpx', 'osm', 'citygml'] as const;
export type ImportFormatId = (typeof IMPORT_FORMAT_IDS)[number];

/** How a source's coordinates are referenced; `srid` is what PostGIS transforms from (null: GDAL reprojected). */
export interface CrsInfo {
  srid: number | null;
  name: string;
  how: 'declared' | 'detected' | 'assumed' | 'per-row';
}

/** One feature-to-be as read from a file, before any mapping to a layer. */
export interface SourceRecord {
  /** 1-based number a person can find in the file (CSV: spreadsheet row; others: the n-th feature). */
  row: number;
  /** Where the record is in the file, prefixed to problems: "line 12", "way 4012 (line 803)". */
  where?: string;
  /** Attributes, columns or tags as read. */
  columns: Record<string, unknown>;
  /** In the source CRS; null when coordinates come from columns (CSV). */
  geometry: GeoJsonGeometry | null;
  /** Overrides the source's CRS for this record. */
  srid?: number;
  /** Per-vertex epoch seconds (null = unknown) of a track read from GPX or KML. */
  times?: (number | null)[];
  /** Parts to be merged by PostGIS (e.g. the footprints of a CityGML building's parts). */
  dissolve?: boolean;
  /** A defect found while reading this record: it is rejected with this reason. */
  problem?: string;
  /** The error code and field of `problem` (default INVALID_FILE, file). */
  problemCode?: ErrorCode;
  problemField?: string;
  /** Not a feature of the target layer (a building when importing roads): counted, not rejected. */
  skip?: string;
}

export interface SourceInfo {
  format: ImportFormatId;
  encoding: string | null;
  crs: CrsInfo;
  /** Column names known before reading the records (CSV header, DBF fields); empty when they vary. */
  columns: string[];
  notes: string[];
}

export interface SourceReader {
  info: SourceInfo;
  records(): AsyncIterable<SourceRecord>;
  /** Bytes of the file read so far, for readers that stream it (CSV, NDJSON). */
  bytesRead?(): number;
}

/** A row of the file that cannot be imported, as the API reports it. */
export interface RejectedRow {
  row: number;
  reason: string;
  code: ErrorCode;
  field: string;
}
