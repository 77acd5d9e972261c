import type { DataSource } from 'typeorm';

/**
 * What a competent GIS analyst writes in plain PostGIS for the same questions, run on the same
 * database: metric copies with GiST indexes, lit discs (or camera sectors minus building shadows)
 * unioned per road, and the length of the road inside that union. All in one transaction so
 * the temp tables share a connection; the setup counts towards the time.
 */
export async function litLengthBaseline(db: DataSource, srid: number): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query(`CREATE TEMP TABLE b_roads ON COMMIT DROP AS SELECT id, ST_Transform(geom, ${srid}) AS g FROM layer_roads WHERE deleted_at IS NULL`);
    await tx.query(`CREATE INDEX ON b_roads USING gist (g)`);
    await tx.query(
      `CREATE TEMP TABLE b_discs ON COMMIT DROP AS
       SELECT ST_Buffer(ST_Transform(geom, ${srid}), radius_m, 32) AS g FROM layer_streetlights WHERE deleted_at IS NULL AND status = 'active'`,
    );
    await tx.query(`CREATE INDEX ON b_discs USING gist (g)`);
    await tx.query(`ANALYZE b_roads; ANALYZE b_discs`);
    const [row] = await tx.query(
      `SELECT coalesce(sum(lit), 0)::float8 AS total FROM (
         SELECT ST_Length(ST_Intersection(r.g, ST_Union(d.g))) AS lit
           FROM b_roads r JOIN b_discs d ON ST_Intersects(r.g, d.g) GROUP BY r.id, r.g) x`,
    );
    return row.total;
  });
}

export async function seenLengthBaseline(db: DataSource, srid: number): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query(`CREATE TEMP TABLE b_roads ON COMMIT DROP AS SELECT id, ST_Transform(geom, ${srid}) AS g FROM layer_roads WHERE deleted_at IS NULL`);
    await tx.query(`CREATE INDEX ON b_roads USING gist (g)`);
    await tx.query(`CREATE TEMP TABLE b_bld ON COMMIT DROP AS SELECT id, ST_Transform(geom, ${srid}) AS g FROM layer_buildings WHERE deleted_at IS NULL`);
    await tx.query(`CREATE INDEX ON b_bld USING gist (g)`);
    // Sector: the camera point, an arc every 2.8125° (as ST_Buffer's 32 segments per quarter), back.
    await tx.query(
      `CREATE TEMP TABLE b_sector ON COMMIT DROP AS
       SELECT c.id, m.g AS cg, c.range_m,
              CASE WHEN c.hfov_deg >= 360 THEN ST_Buffer(m.g, c.range_m, 32)
                   ELSE ST_MakePolygon(ST_MakeLine(ARRAY[m.g] || ARRAY(
                     SELECT ST_SetSRID(ST_MakePoint(ST_X(m.g) + c.range_m * sin(radians(a)), ST_Y(m.g) + c.range_m * cos(radians(a))), ${srid})
                       FROM generate_series(0, ceil(c.hfov_deg / 2.8125)::int) AS i,
                            LATERAL (SELECT c.bearing_deg - c.hfov_deg / 2 + i * c.hfov_deg / ceil(c.hfov_deg / 2.8125)) AS t(a)
                   ) || ARRAY[m.g])) END AS sector
         FROM layer_cameras c CROSS JOIN LATERAL (SELECT ST_Transform(c.geom, ${srid}) AS g) m
        WHERE c.deleted_at IS NULL AND c.status = 'active'`,
    );
    // Shadow of each building part beyond the camera's first metre: the quads each of its edges
    // casts away from the camera, plus the part itself; what the camera sees is the sector minus them.
    await tx.query(
      `CREATE TEMP TABLE b_visible ON COMMIT DROP AS
       SELECT s.id, CASE WHEN sh.g IS NULL THEN s.sector ELSE ST_Difference(s.sector, sh.g) END AS g
         FROM b_sector s
         LEFT JOIN LATERAL (
           SELECT ST_Union(q.g) AS g FROM (
             SELECT p.g FROM b_bld b
               CROSS JOIN LATERAL (SELECT ST_Difference(b.g, ST_Buffer(s.cg, 1, 8)) AS g) p
              WHERE ST_DWithin(b.g, s.cg, s.range_m) AND NOT ST_IsEmpty(p.g)
             UNION ALL
             SELECT ST_MakeValid(ST_MakePolygon(ST_MakeLine(ARRAY[a, e, ef, af, a]))) AS g
               FROM b_bld b
               CROSS JOIN LATERAL (SELECT ST_Difference(b.g, ST_Buffer(s.cg, 1, 8)) AS g) p
               CROSS JOIN LATERAL ST_DumpSegments(p.g) AS seg
               CROSS JOIN LATERAL (SELECT ST_StartPoint(seg.geom) AS a, ST_EndPoint(seg.geom) AS e) ends
               CROSS JOIN LATERAL (
                 SELECT ST_Translate(s.cg, (ST_X(ends.a) - ST_X(s.cg)) * k1, (ST_Y(ends.a) - ST_Y(s.cg)) * k1) AS af,
                        ST_Translate(s.cg, (ST_X(ends.e) - ST_X(s.cg)) * k2, (ST_Y(ends.e) - ST_Y(s.cg)) * k2) AS ef
                   FROM (SELECT 2 * s.range_m / greatest(ST_Distance(ends.a, s.cg), 1e-6) AS k1,
                                2 * s.range_m / greatest(ST_Distance(ends.e, s.cg), 1e-6) AS k2) k
               ) far
              WHERE ST_DWithin(b.g, s.cg, s.range_m) AND NOT ST_IsEmpty(p.g)
           ) q
         ) sh ON true`,
    );
    await tx.query(`CREATE INDEX ON b_visible USING gist (g)`);
    await tx.query(`ANALYZE b_roads; ANALYZE b_visible`);
    const [row] = await tx.query(
      `SELECT coalesce(sum(ST_Length(ST_Intersection(r.g, v.u))), 0)::float8 AS total
         FROM b_roads r CROSS JOIN LATERAL (SELECT ST_Union(v.g) AS u FROM b_visible v WHERE ST_Intersects(v.g, r.g)) v
        WHERE v.u IS NOT NULL`,
    );
    return row.total;
  });
}
