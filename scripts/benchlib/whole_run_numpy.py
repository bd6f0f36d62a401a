#!/usr/bin/python3
"""numpy/scipy/OGR version of a whole `swxrisk gic` run, for scripts/bench-whole-run's ratio.

Usage: whole_run_numpy.py GRID.gpkg OUTDIR [SWXRISK_TRANSFORMERS_CSV]

Does the same work as `swxrisk gic --grid GRID.gpkg --out OUTDIR --e-v-per-km 1 --azimuth-deg 90
--distance nerc`: reads the grid GeoPackage's four layers with osgeo.ogr (GDAL's Arrow stream as numpy
arrays, the fastest reader GDAL 3.6 offers Python), computes each line's EMF with the NERC straight-line
distances (docs/gic-model.md "Line EMFs"; swxrisk's default, geodesic integration, is more work, so this
favours the peer), assembles the per-phase nodal admittance matrix with scipy.sparse (windings by type,
neutrals through 3 R_g, islands tied to earth through 1 S, as docs/gic-model.md "The network"), factors it
with SuperLU (scipy.sparse.linalg.splu), solves, computes ground GIC, winding currents, Ieff and Qloss,
then writes substations.csv, buses.csv, transformers.csv and lines.csv with Python's csv module and
gic.gpkg (four layers, EPSG:4326, GDAL's default R-tree) with OGR, each layer in one transaction.
Prints each stage's wall time and, with SWXRISK_TRANSFORMERS_CSV, the largest Ieff difference (A).
Uses only Debian's python3-numpy, python3-scipy and python3-gdal.
"""
import csv
import math
import os
import sys
import time

import numpy as np
import scipy.sparse as sp
import scipy.sparse.csgraph as csg
import scipy.sparse.linalg as spla
from osgeo import ogr, osr

ogr.UseExceptions()


def read_layer(ds, name, fields, points=False):
    """The layer's columns as numpy arrays (text decoded), plus point coordinates when it has geometry."""
    layer = ds.GetLayerByName(name)
    parts = {f: [] for f in fields}
    geoms = []
    for batch in layer.GetArrowStreamAsNumPy(options=["USE_MASKED_ARRAYS=NO"]):
        for f in fields:
            parts[f].append(batch[f])
        if points:
            geoms.append(batch["geom"])
    out = {}
    for f in fields:
        if parts[f] and parts[f][0].dtype == np.bool_:
            # GDAL 3.6's Arrow-to-numpy conversion misreads Boolean bitmaps: fetch those as integers
            res = ds.ExecuteSQL(f'SELECT CAST("{f}" AS INTEGER) AS v FROM "{name}" ORDER BY fid')
            parts[f] = [b["v"] for b in res.GetArrowStreamAsNumPy(options=["USE_MASKED_ARRAYS=NO"])]
            ds.ReleaseResultSet(res)
        a = np.concatenate(parts[f]) if parts[f] else np.array([])
        out[f] = np.char.decode(a, "utf-8") if a.dtype.kind == "S" else a
    if geoms:
        g = np.concatenate(geoms)
        raw = np.frombuffer(g.tobytes(), dtype=np.uint8).reshape(len(g), -1)
        xy = raw[:, 5:21].copy().view("<f8")  # ISO WKB point: byte order, type, x, y
        out["lon"], out["lat"] = xy[:, 0], xy[:, 1]
    return out


def write_csv(path, header, columns):
    def cell(v):
        if isinstance(v, float):
            return "" if v != v else "%.10g" % v
        return v
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for row in zip(*columns):
            w.writerow([cell(v) for v in row])


def write_gpkg(path, layers):
    drv = ogr.GetDriverByName("GPKG")
    ds = drv.CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    for name, gtype, header, columns, geoms in layers:
        layer = ds.CreateLayer(name, srs, gtype)
        for h, col in zip(header, columns):
            kind = ogr.OFTReal if isinstance(col[0], (float, np.floating)) else ogr.OFTString
            layer.CreateField(ogr.FieldDefn(h, kind))
        defn = layer.GetLayerDefn()
        layer.StartTransaction()
        for i, row in enumerate(zip(*columns)):
            f = ogr.Feature(defn)
            for k, v in enumerate(row):
                if isinstance(v, (float, np.floating)):
                    if v == v:
                        f.SetField(k, float(v))
                else:
                    f.SetField(k, str(v))
            g = ogr.Geometry(gtype)
            for (x, y) in geoms(i):
                g.AddPoint_2D(x, y)
            f.SetGeometryDirectly(g)
            layer.CreateFeature(f)
        layer.CommitTransaction()
    ds = None


def nodal_matrix(nb, ns, bus_sub, lf, lt, hv, lv, types, blocked, gl, r_hv, r_lv, rg, present=None):
    """The per-phase nodal admittance matrix (docs/gic-model.md "The network"): nodes are the buses, then
    one neutral per substation with a grounded unblocked winding, then private neutrals; windings by type
    (autotransformer series HV->LV, common LV->neutral); neutrals to earth through 3 R_g; every component
    without a grounded neutral tied to earth through 1 S. `present` (default all) leaves transformers out.
    Returns the matrix (CSC) and the node indices the currents need."""
    if present is None:
        present = np.ones(len(types), dtype=bool)
    is_auto = types == "auto"
    hv_dc = np.isin(types, ["gsu", "gy_d", "gy_gy", "gy_gy_d"]) | is_auto
    lv_dc = np.isin(types, ["gy_gy", "gy_gy_d", "d_gy"]) | is_auto
    xsub = bus_sub[hv]
    grounded = present & ~blocked & (hv_dc | lv_dc)
    has_neutral = np.zeros(ns, dtype=bool)
    has_neutral[xsub[grounded]] = True
    neutral_of = np.full(ns, -1, dtype=np.int64)
    neutral_of[has_neutral] = nb + np.arange(has_neutral.sum())
    n_nodes = nb + int(has_neutral.sum())
    neutral = np.where(blocked, -1, neutral_of[xsub])
    private = present & blocked & hv_dc & lv_dc & ~is_auto
    neutral[private] = n_nodes + np.arange(private.sum())
    n_nodes += int(private.sum())
    w_hv_b = np.where(is_auto, lv, neutral)
    w_hv_ok = present & hv_dc & (is_auto | (neutral >= 0))
    w_lv_ok = present & lv_dc & (neutral >= 0)
    a = np.concatenate([lf, hv[w_hv_ok], lv[w_lv_ok]])
    b = np.concatenate([lt, w_hv_b[w_hv_ok], neutral[w_lv_ok]])
    g = np.concatenate([gl, 1.0 / r_hv[w_hv_ok], 1.0 / r_lv[w_lv_ok]])
    keep = g != 0
    a, b, g = a[keep], b[keep], g[keep]
    gnd_nodes = neutral_of[has_neutral]
    y = sp.coo_matrix((np.concatenate([g, g, -g, -g, 1.0 / (3.0 * rg[has_neutral])]),
                       (np.concatenate([a, b, a, b, gnd_nodes]), np.concatenate([a, b, b, a, gnd_nodes]))),
                      shape=(n_nodes, n_nodes)).tocsc()
    adj = sp.coo_matrix((np.ones(len(a)), (a, b)), shape=(n_nodes, n_nodes))
    n_comp, label = csg.connected_components(adj, directed=False)
    comp_grounded = np.zeros(n_comp, dtype=bool)
    comp_grounded[label[gnd_nodes]] = True
    first = np.full(n_comp, -1, dtype=np.int64)
    first[label[::-1]] = np.arange(n_nodes)[::-1]
    ties = first[~comp_grounded]
    y = y + sp.coo_matrix((np.ones(len(ties)), (ties, ties)), shape=(n_nodes, n_nodes)).tocsc()
    return {"y": y, "n_nodes": n_nodes, "has_neutral": has_neutral, "neutral_of": neutral_of, "neutral": neutral,
            "w_hv_b": w_hv_b, "w_hv_ok": w_hv_ok, "w_lv_ok": w_lv_ok, "is_auto": is_auto, "blocked": blocked}


def main():
    grid, out_dir = sys.argv[1:3]
    reference = sys.argv[3] if len(sys.argv) > 3 else None
    os.makedirs(out_dir, exist_ok=True)
    stages = []
    t = time.perf_counter()

    ds = ogr.Open(grid)
    subs = read_layer(ds, "substations", ["id", "name", "grounding_ohm"], points=True)
    buses = read_layer(ds, "buses", ["id", "substation_id", "kv"])
    xf = read_layer(ds, "transformers", ["id", "type", "hv_bus", "lv_bus", "r_hv_ohm", "r_lv_ohm", "neutral_blocked", "k_factor"])
    lines = read_layer(ds, "lines", ["id", "from_bus", "to_bus", "r_ohm", "kv", "dc_blocked"])
    ds = None
    stages.append(("read grid (OGR)", time.perf_counter() - t))
    t = time.perf_counter()

    ns, nb = len(subs["id"]), len(buses["id"])
    sub_index = {s: i for i, s in enumerate(subs["id"])}
    bus_index = {b: i for i, b in enumerate(buses["id"])}
    bus_sub = np.fromiter((sub_index[s] for s in buses["substation_id"]), dtype=np.int64, count=nb)
    lf = np.fromiter((bus_index[b] for b in lines["from_bus"]), dtype=np.int64, count=len(lines["id"]))
    lt = np.fromiter((bus_index[b] for b in lines["to_bus"]), dtype=np.int64, count=len(lines["id"]))
    hv = np.fromiter((bus_index[b] for b in xf["hv_bus"]), dtype=np.int64, count=len(xf["id"]))
    lv = np.fromiter((bus_index[b] for b in xf["lv_bus"]), dtype=np.int64, count=len(xf["id"]))

    # line EMFs, NERC straight line between the substations, 1 V/km eastward
    la1, lo1 = subs["lat"][bus_sub[lf]], subs["lon"][bus_sub[lf]]
    la2, lo2 = subs["lat"][bus_sub[lt]], subs["lon"][bus_sub[lt]]
    phi = np.radians(0.5 * (la1 + la2))
    l_n = (111.133 - 0.56 * np.cos(2 * phi)) * (la2 - la1)
    l_e = (111.5065 - 0.1872 * np.cos(2 * phi)) * np.cos(phi) * (lo2 - lo1)
    emf = 1.0 * l_e
    length = np.hypot(l_n, l_e)
    stages.append(("line EMFs", time.perf_counter() - t))
    t = time.perf_counter()

    types = xf["type"]
    gl = np.where(lines["dc_blocked"] != 0, 0.0, 1.0 / lines["r_ohm"])
    net = nodal_matrix(nb, ns, bus_sub, lf, lt, hv, lv, types, xf["neutral_blocked"] != 0, gl, xf["r_hv_ohm"], xf["r_lv_ohm"],
                       subs["grounding_ohm"])
    y, n_nodes, has_neutral, neutral_of, neutral = net["y"], net["n_nodes"], net["has_neutral"], net["neutral_of"], net["neutral"]
    w_hv_b, w_hv_ok, w_lv_ok, is_auto, blocked = net["w_hv_b"], net["w_hv_ok"], net["w_lv_ok"], net["is_auto"], net["blocked"]
    xsub = bus_sub[hv]
    rhs = np.zeros(n_nodes)
    np.add.at(rhs, lf, -gl * emf)
    np.add.at(rhs, lt, gl * emf)
    stages.append(("assemble", time.perf_counter() - t))
    t = time.perf_counter()
    lu = spla.splu(y)
    u = lu.solve(rhs)
    stages.append(("factor + solve (splu)", time.perf_counter() - t))
    t = time.perf_counter()

    def volt(idx):
        return np.where(idx >= 0, u[np.maximum(idx, 0)], 0.0)

    u_n = np.where(has_neutral, volt(neutral_of), np.nan)
    ground_gic = u_n / subs["grounding_ohm"]
    i_line = (u[lf] - u[lt] + emf) * gl
    i_hv = np.where(w_hv_ok, (u[hv] - volt(w_hv_b)) / xf["r_hv_ohm"], 0.0)
    i_lv = np.where(w_lv_ok, (u[lv] - volt(neutral)) / xf["r_lv_ohm"], 0.0)
    ratio = buses["kv"][hv] / buses["kv"][lv]
    i_x = np.where(is_auto, i_lv - i_hv, i_lv)
    ieff = np.abs(i_hv + i_x / ratio)
    k = np.where(np.isnan(xf["k_factor"]), 1.8, xf["k_factor"])
    qloss = k * buses["kv"][hv] * ieff * math.sqrt(1.5) / 1000.0
    stages.append(("results", time.perf_counter() - t))
    t = time.perf_counter()

    sub_cols = [list(subs["id"]), list(subs["name"]), ground_gic.tolist(), u_n.tolist(),
                subs["grounding_ohm"].tolist(), subs["lat"].tolist(), subs["lon"].tolist()]
    bus_cols = [list(buses["id"]), list(buses["substation_id"]), u[:nb].tolist()]
    xf_cols = [list(xf["id"]), [subs["id"][s] for s in xsub], list(types), i_hv.tolist(), i_lv.tolist(), ieff.tolist(),
               qloss.tolist(), blocked.astype(float).tolist(), k.tolist(), np.isnan(xf["k_factor"]).astype(float).tolist()]
    line_cols = [list(lines["id"]), list(lines["from_bus"]), list(lines["to_bus"]), emf.tolist(), i_line.tolist(),
                 length.tolist(), lines["r_ohm"].tolist(), lines["kv"].tolist(), lines["dc_blocked"].astype(float).tolist()]
    sub_h = ["substation_id", "name", "ground_gic_a", "neutral_voltage_v", "grounding_ohm", "lat_deg", "lon_deg"]
    bus_h = ["bus_id", "substation_id", "dc_voltage_v"]
    xf_h = ["transformer_id", "substation_id", "type", "i_hv_a", "i_lv_a", "ieff_a", "qloss_mvar", "neutral_blocked",
            "k_factor", "k_assumed"]
    line_h = ["line_id", "from_bus", "to_bus", "emf_v", "gic_a", "length_km", "r_ohm", "kv", "dc_blocked"]
    write_csv(os.path.join(out_dir, "substations.csv"), sub_h, sub_cols)
    write_csv(os.path.join(out_dir, "buses.csv"), bus_h, bus_cols)
    write_csv(os.path.join(out_dir, "transformers.csv"), xf_h, xf_cols)
    write_csv(os.path.join(out_dir, "lines.csv"), line_h, line_cols)
    stages.append(("write 4 CSVs (csv)", time.perf_counter() - t))
    t = time.perf_counter()

    slon, slat = subs["lon"], subs["lat"]
    bs = bus_sub
    write_gpkg(os.path.join(out_dir, "gic.gpkg"), [
        ("substations", ogr.wkbPoint, sub_h, sub_cols, lambda i: [(slon[i], slat[i])]),
        ("buses", ogr.wkbPoint, bus_h, bus_cols, lambda i: [(slon[bs[i]], slat[bs[i]])]),
        ("transformers", ogr.wkbPoint, xf_h, xf_cols, lambda i: [(slon[xsub[i]], slat[xsub[i]])]),
        ("lines", ogr.wkbLineString, line_h, line_cols,
         lambda i: [(slon[bs[lf[i]]], slat[bs[lf[i]]]), (slon[bs[lt[i]]], slat[bs[lt[i]]])]),
    ])
    stages.append(("write gic.gpkg (OGR)", time.perf_counter() - t))
    for name, s in stages:
        print(f"  numpy {name:24s} {s:8.3f} s")

    if reference:
        with open(reference) as f:
            r = csv.reader(f)
            h = next(r)
            i_id, i_ieff = h.index("transformer_id"), h.index("ieff_a")
            ref = {row[i_id]: float(row[i_ieff]) for row in r}
        diff = max(abs(ref[tid] - v) for tid, v in zip(xf["id"], ieff))
        print(f"  numpy largest |Ieff| difference from swxrisk's transformers.csv: {diff:.3g} A over {len(ieff)} transformers")
        print(f"ieff_diff_a\t{diff:.3g}")


if __name__ == "__main__":
    main()
