import { firstError, parseOgrInfo } from './ogr';

/** `ogrinfo -ro -so -al -nomd` of GDAL 3.6, shortened where the WKT repeats itself. */
const OGRINFO = `INFO: Open of \`/tmp/x.gpkg'
      using driver \`GPKG' successful.

Layer name: 施設
Geometry: Point
Feature Count: 3
Extent: (-14483.543756, -36245.800753) - (-7982.907750, -29955.911717)
Layer SRS WKT:
PROJCRS["JGD2011 / Japan Plane Rectangular CS IX",
    BASEGEOGCRS["JGD2011",
        ID["EPSG",6668]],
    CONVERSION["Japan Plane Rectangular CS zone IX",
        METHOD["Transverse Mercator",
            ID["EPSG",9807]],
        PARAMETER["Latitude of natural origin",36,
            ID["EPSG",8801]]],
    USAGE[
        BBOX[29.31,138.4,37.98,141.11]],
    ID["EPSG",6677]]
Data axis to CRS axis mapping: 2,1
FID Column = fid
Geometry Column = geom
名称: String (0.0)
種別: String (0.0)
階数: Integer64 (0.0)
設置日: Date (0.0)
夜間: Integer(Boolean) (0.0)

Layer name: notes
Geometry: Line String
Feature Count: 1
Extent: (0.000000, 0.000000) - (1.000000, 1.000000)
Layer SRS WKT:
(unknown)
memo: String (0.0)
`;

describe('parseOgrInfo', () => {
  it('reads each layer’s name, geometry, count, EPSG code and typed fields', () => {
    expect(parseOgrInfo(OGRINFO)).toEqual([
      {
        name: '施設',
        geometryType: 'Point',
        featureCount: 3,
        srid: 6677,
        crsName: 'JGD2011 / Japan Plane Rectangular CS IX',
        fields: [
          { name: '名称', type: 'String' },
          { name: '種別', type: 'String' },
          { name: '階数', type: 'Integer64' },
          { name: '設置日', type: 'Date' },
          { name: '夜間', type: 'Integer(Boolean)' },
        ],
      },
      { name: 'notes', geometryType: 'Line String', featureCount: 1, srid: null, crsName: null, fields: [{ name: 'memo', type: 'String' }] },
    ]);
  });

  it('takes the CRS’s own EPSG code, not those of its parts', () => {
    const geographic = 'Layer name: b\nGeometry: Polygon\nFeature Count: 1\nLayer SRS WKT:\nGEOGCRS["JGD2000",\n    DATUM["x",\n        ID["EPSG",6612]],\n    ID["EPSG",4612]]\nData axis to CRS axis mapping: 2,1\n';
    expect(parseOgrInfo(geographic)[0]).toMatchObject({ srid: 4612, crsName: 'JGD2000' });
  });
});

describe('firstError', () => {
  it('picks GDAL’s first ERROR line without its prefix', () => {
    expect(firstError('Warning 1: x\nERROR 4: `/tmp/a.gpkg\' not recognized as a supported file format.\nERROR 1: later')).toBe(
      "`/tmp/a.gpkg' not recognized as a supported file format.",
    );
  });
});
