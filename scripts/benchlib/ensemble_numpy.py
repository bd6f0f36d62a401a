#!/usr/bin/python3
"""numpy/scipy version of a swxrisk ensemble, for scripts/bench-ensemble's ratio.

Usage: ensemble_numpy.py GRID.gpkg REALIZATIONS DRAWS

The same work per grid realization as `swxrisk ensemble` with the benchmark's scenario: draw each
substation's grounding factor (lognormal, sigma_ln 0.5), each transformer's winding factor (uniform
±15 %) and outage (1 %); assemble the per-phase nodal admittance matrix with scipy.sparse (the windings
by type through scripts/benchlib/whole_run_numpy.py's nodal_matrix, docs/gic-model.md "The network"); factor it with
SuperLU; solve for a northward and an eastward field (NERC straight-line EMFs at 8 V/km); then for
DRAWS members draw the azimuth, the storm factor (lognormal 0.25) and the β-spread factor (lognormal 0.2),
combine the two unit responses into every transformer's Ieff, take each substation's worst, and reduce:
exceedance counts of 75 A, a logarithmic histogram (64 bins per octave) for quantiles, sums for the
mean. Prints the seconds per realization (`seconds_per_realization<TAB>s`). numpy's Philox generator
gives other draws than swxrisk's, from the same distributions.
"""
import sys
import time

import numpy as np
import scipy.sparse.linalg as spla
from osgeo import ogr

sys.path.insert(0, __import__("os").path.dirname(__file__))
from whole_run_numpy import nodal_matrix, read_layer  # noqa: E402

ogr.UseExceptions()
BINS = 2 + 22 * 64 + 1


def bins_of(x):
    """swxrisk's quantile bins: 0, below 2^-7 A, 64 per octave to 2^15 A, above."""
    m, e = np.frexp(x)
    ex = e - 1
    k = 2 + (ex + 7) * 64 + np.minimum(((m * 2 - 1) * 64).astype(np.int64), 63)
    k = np.where(ex < -7, 1, np.where(ex >= 15, BINS - 1, k))
    return np.where(x == 0, 0, k)


def main():
    grid, realizations, draws = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    ds = ogr.Open(grid)
    subs = read_layer(ds, "substations", ["id", "grounding_ohm"], points=True)
    buses = read_layer(ds, "buses", ["id", "substation_id", "kv"])
    xf = read_layer(ds, "transformers", ["id", "type", "hv_bus", "lv_bus", "r_hv_ohm", "r_lv_ohm", "neutral_blocked"])
    lines = read_layer(ds, "lines", ["id", "from_bus", "to_bus", "r_ohm", "dc_blocked"])
    ds = None
    ns, nb, nt = len(subs["id"]), len(buses["id"]), len(xf["id"])
    sub_index = {s: i for i, s in enumerate(subs["id"])}
    bus_index = {b: i for i, b in enumerate(buses["id"])}
    bus_sub = np.fromiter((sub_index[s] for s in buses["substation_id"]), dtype=np.int64, count=nb)
    lf = np.fromiter((bus_index[b] for b in lines["from_bus"]), dtype=np.int64, count=len(lines["id"]))
    lt = np.fromiter((bus_index[b] for b in lines["to_bus"]), dtype=np.int64, count=len(lines["id"]))
    hv = np.fromiter((bus_index[b] for b in xf["hv_bus"]), dtype=np.int64, count=nt)
    lv = np.fromiter((bus_index[b] for b in xf["lv_bus"]), dtype=np.int64, count=nt)
    la1, lo1 = subs["lat"][bus_sub[lf]], subs["lon"][bus_sub[lf]]
    la2, lo2 = subs["lat"][bus_sub[lt]], subs["lon"][bus_sub[lt]]
    phi = np.radians(0.5 * (la1 + la2))
    emf_n = 8.0 * (111.133 - 0.56 * np.cos(2 * phi)) * (la2 - la1)
    emf_e = 8.0 * (111.5065 - 0.1872 * np.cos(2 * phi)) * np.cos(phi) * (lo2 - lo1)
    types = xf["type"]
    blocked0 = xf["neutral_blocked"] != 0
    is_auto = types == "auto"
    xsub = bus_sub[hv]
    rg0 = np.where(np.isnan(subs["grounding_ohm"]), 0.5, subs["grounding_ohm"])
    gl = np.where(lines["dc_blocked"] != 0, 0.0, 1.0 / lines["r_ohm"])
    ratio = buses["kv"][hv] / buses["kv"][lv]
    rng = np.random.Generator(np.random.Philox(14))
    exceed_t = np.zeros(nt, dtype=np.int64)
    hist_t = np.zeros(nt * BINS, dtype=np.int64)
    sum_t = np.zeros(nt)
    exceed_s = np.zeros(ns, dtype=np.int64)
    hist_s = np.zeros(ns * BINS, dtype=np.int64)
    t0 = time.perf_counter()
    for _ in range(realizations):
        rg = rg0 * np.exp(0.5 * rng.standard_normal(ns))
        wf = 1.0 + rng.uniform(-0.15, 0.15, nt)
        out = rng.uniform(size=nt) < 0.01
        r_hv, r_lv = xf["r_hv_ohm"] * wf, xf["r_lv_ohm"] * wf
        net = nodal_matrix(nb, ns, bus_sub, lf, lt, hv, lv, types, blocked0, gl, r_hv, r_lv, rg, present=~out)
        y, n_nodes, neutral = net["y"], net["n_nodes"], net["neutral"]
        w_hv_b, w_hv_ok, w_lv_ok = net["w_hv_b"], net["w_hv_ok"], net["w_lv_ok"]
        rhs = np.zeros((n_nodes, 2))
        for c, emf in enumerate((emf_n, emf_e)):
            np.add.at(rhs[:, c], lf, -gl * emf)
            np.add.at(rhs[:, c], lt, gl * emf)
        u = spla.splu(y).solve(rhs)

        def volt(idx):
            return np.where((idx >= 0)[:, None], u[np.maximum(idx, 0)], 0.0)

        i_hv = np.where(w_hv_ok[:, None], (u[hv] - volt(w_hv_b)) / r_hv[:, None], 0.0)
        i_lv = np.where(w_lv_ok[:, None], (u[lv] - volt(neutral)) / r_lv[:, None], 0.0)
        signed = np.where(is_auto[:, None], i_hv + (i_lv - i_hv) / ratio[:, None], i_hv + i_lv / ratio[:, None])  # nt × 2
        # members
        theta = rng.uniform(0, 2 * np.pi, draws)
        w = np.exp(0.25 * rng.standard_normal(draws)) * np.exp(0.2 * rng.standard_normal(draws))
        ieff = np.abs(signed[:, :1] * (w * np.cos(theta)) + signed[:, 1:] * (w * np.sin(theta)))  # nt × draws
        ieff[out] = 0.0
        exceed_t += (ieff > 75.0).sum(axis=1)
        hist_t += np.bincount((np.arange(nt)[:, None] * BINS + bins_of(ieff)).ravel(), minlength=nt * BINS)
        sum_t += ieff.sum(axis=1)
        worst = np.zeros((ns, draws))
        np.maximum.at(worst, xsub, ieff)
        exceed_s += (worst > 75.0).sum(axis=1)
        hist_s += np.bincount((np.arange(ns)[:, None] * BINS + bins_of(worst)).ravel(), minlength=ns * BINS)
    seconds = time.perf_counter() - t0
    print("  numpy/scipy: %d realizations x %d draws in %.2f s; largest p_exceed %.4f" %
          (realizations, draws, seconds, exceed_t.max() / (realizations * draws)))
    print("seconds_per_realization\t%.6f" % (seconds / realizations))


if __name__ == "__main__":
    main()
