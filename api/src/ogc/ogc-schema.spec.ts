import { getLayer } from '@mimamori/db';
import { featureSchema } from './ogc-schema';

const fieldsOf = (schema: Record<string, unknown>) =>
  (schema.properties as { properties: { properties: Record<string, Record<string, unknown>>; required: string[] } }).properties;

describe('featureSchema', () => {
  it('types every camera property the way GDAL maps JSON Schema to fields', () => {
    const { properties, required } = fieldsOf(featureSchema(getLayer('cameras'), 'internal', 'http://x/schema'));
    expect(properties.bearing_deg).toMatchObject({ type: 'number', minimum: 0, maximum: 360 });
    expect(properties.hfov_deg).toMatchObject({ type: 'number', exclusiveMinimum: 0 });
    expect(properties.resolution_px).toMatchObject({ type: 'integer' });
    expect(properties.night_capable).toMatchObject({ type: 'boolean' });
    expect(properties.installed_on).toMatchObject({ type: 'string', format: 'date' });
    expect(properties.status).toMatchObject({ type: 'string', enum: ['active', 'planned', 'out_of_service'] });
    expect(properties.sample).toMatchObject({ type: 'boolean' });
    expect(required).toEqual(['bearing_deg', 'hfov_deg', 'range_m', 'status']);
  });

  it('leaves police-only properties out below police clearance', () => {
    expect(Object.keys(fieldsOf(featureSchema(getLayer('beats'), 'internal', 'x')).properties)).toEqual(['code', 'name', 'post', 'station', 'sample']);
    expect(Object.keys(fieldsOf(featureSchema(getLayer('beats'), 'police', 'x')).properties)).toContain('households');
  });

  it('describes per-vertex times of patrol tracks and timestamps as date-time', () => {
    const { properties } = fieldsOf(featureSchema(getLayer('patrol-tracks'), 'police', 'x'));
    expect(properties.started_at).toMatchObject({ type: 'string', format: 'date-time' });
    expect(properties.times).toMatchObject({ type: 'array', items: { type: 'number' } });
  });
});
