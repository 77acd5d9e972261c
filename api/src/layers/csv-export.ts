import { visibleProperties, type LayerDefinition, type Sensitivity } from '@mimamori/db';

/** Excel only reads a CSV as UTF-8 (not the local code page) when it starts with a BOM. */
export const CSV_BOM = '\uFEFF';

/** Spreadsheet apps run a cell starting with one of these as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

export interface CsvSourceRow {
  id: number | string;
  properties: Record<string, unknown>;
  wkt: string;
  lon?: number | null;
  lat?: number | null;
}

/** id, the registry properties the reader may see, lon/lat for point layers, then the WKT geometry. */
export function csvColumns(layer: LayerDefinition, clearance: Sensitivity): string[] {
  const columns = ['id', ...visibleProperties(layer, clearance).map((p) => p.name)];
  if (layer.geometry === 'Point') columns.push('lon', 'lat');
  columns.push('wkt');
  return columns;
}

export function csvLine(cells: readonly unknown[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

export function csvRowLine(columns: readonly string[], row: CsvSourceRow): string {
  return csvLine(
    columns.map((column) => {
      switch (column) {
        case 'id':
          return row.id;
        case 'wkt':
          return row.wkt;
        case 'lon':
          return row.lon;
        case 'lat':
          return row.lat;
        default:
          return row.properties[column];
      }
    }),
  );
}

/** One CSV cell (RFC 4180 quoting); text that a spreadsheet would run as a formula gets a leading apostrophe. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
