#!/usr/bin/python3
"""numpy/scipy version of the GIC part of `swxrisk-bench-storm-gic` (scripts/bench-storm-gic), for the ratio.

Reads what `swxrisk-bench-storm-gic --export DIR` wrote: the synthetic 10k-substation grid as branch lists
(substations.csv, buses.csv, transformers.csv, lines.csv), the per-line coupling coefficients on the storm
field's source pairs (couplings.csv: line, source, cn_km, ce_km, so that V_l(t) = Σ_k cn·S_N,k(t) +
ce·S_E,k(t)), the source series (sources.f64: sources × steps, north then east, V/km) and swxrisk's own
HDF5 output (gic_timeseries.h5). The storm field itself (SECS fit and prediction, 1-D and MT E(t)) and the
route sampling are swxrisk's (their numpy peers are scripts/bench_secs_numpy.py and bench_mt_numpy.py);
this script times the rest, as swxrisk does it:
  * the nodal admittance system assembled with scipy.sparse (scripts/benchlib/geoelectric_numpy.py's
    `network`) and factored once with SuperLU (scipy.sparse.linalg.splu);
  * the EMF assembly (sparse coupling matrices × source series), the solves for every step in blocks of
    256, effective GIC per transformer, ground GIC per substation and line GIC, written with h5py
    (transformers/ieff_a, substations/ground_gic_a, lines/emf_v, lines/gic_a; float64, no compression).
It checks the series against swxrisk's HDF5 file (max |ΔIeff|, A) and prints the time ratio.
Usage: bench_storm_gic_numpy.py DIR
"""
import os
import sys
import time

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "benchlib"))
from geoelectric_numpy import network, read_csv  # noqa: E402

try:
    import h5py
except ImportError:  # Debian python3-h5py (scripts/setup); without it the results are not written
    h5py = None


def main(d):
    meta = dict(l.strip().split("=") for l in open(os.path.join(d, "meta.txt")) if "=" in l)
    k, steps = int(meta["sources"]), int(meta["steps"])
    # --- assembly and factorisation
    t0 = time.perf_counter()
    y, lf, lt, lg, _, _, windings, n = network(d)
    lu = spla.splu(y)
    _, subs = read_csv(os.path.join(d, "substations.csv"))
    _, lines = read_csv(os.path.join(d, "lines.csv"))
    setup_s = time.perf_counter() - t0
    # windings as arrays; index -1 is the appended 0 V row
    w = np.array([[x[0], x[1], x[2], x[3], x[4], x[5], float(x[6]), x[7]] for x in windings], dtype=float)
    h0, h1, gh, l0, l1, gl = (w[:, i].astype(int) if i in (0, 1, 3, 4) else w[:, i] for i in range(6))
    auto, ratio = w[:, 6] > 0, w[:, 7]
    # ground: the neutral node of each substation (the order network() numbered them in), u_n / R
    _, buses = read_csv(os.path.join(d, "buses.csv"))
    _, trs = read_csv(os.path.join(d, "transformers.csv"))
    bus_sub = [int(b[0]) for b in buses]
    neutral, nxt = {}, len(buses)
    for t in trs:
        s = bus_sub[int(t[1])]
        if t[5] == "1":
            if t[0] in ("gy_gy", "gy_gy_d"):
                nxt += 1
        else:
            if s not in neutral:
                neutral[s] = nxt
                nxt += 1
    g_sub = np.array(sorted(neutral))
    g_node = np.array([neutral[s] for s in g_sub])
    g_r = np.array([float(subs[s][0]) for s in g_sub])
    n_lines = len(lines)
    unblocked = np.array([l[3] != "1" for l in lines])
    line_idx = np.nonzero(unblocked)[0]
    # --- EMF assembly, solves, HDF5
    t0 = time.perf_counter()
    c = np.loadtxt(os.path.join(d, "couplings.csv"), delimiter=",", skiprows=1)
    cn = sp.csr_matrix((c[:, 2], (c[:, 0].astype(int), c[:, 1].astype(int))), shape=(n_lines, k))
    ce = sp.csr_matrix((c[:, 3], (c[:, 0].astype(int), c[:, 1].astype(int))), shape=(n_lines, k))
    src = np.fromfile(os.path.join(d, "sources.f64"), dtype=np.float64).reshape(2, k, steps)
    read_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    emf = cn @ src[0] + ce @ src[1]  # lines × steps, V
    emf_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    out = os.path.join(d, "gic_numpy.h5")
    f = h5py.File(out, "w") if h5py else None
    if f is not None:
        ds_ieff = f.create_dataset("transformers/ieff_a", (len(windings), steps), dtype="f8")
        ds_ground = f.create_dataset("substations/ground_gic_a", (len(subs), steps), dtype="f8")
        ds_emf = f.create_dataset("lines/emf_v", (n_lines, steps), dtype="f8")
        ds_gic = f.create_dataset("lines/gic_a", (n_lines, steps), dtype="f8")
    inc = sp.csr_matrix((np.concatenate([-lg, lg]), (np.concatenate([lf, lt]), np.concatenate([line_idx, line_idx]))),
                        shape=(n, n_lines))  # node injections = inc · emf (Norton sources)
    ieff_all = np.empty((len(windings), steps))
    for b0 in range(0, steps, 256):
        e = emf[:, b0:b0 + 256]
        u = lu.solve(np.asarray(inc @ e))
        u = np.vstack([u, np.zeros((1, u.shape[1]))])
        ih = (u[h0] - u[h1]) * gh[:, None]
        il = (u[l0] - u[l1]) * gl[:, None]
        ix = np.where(auto[:, None], il - ih, il)
        ieff = np.abs(ih + ix / ratio[:, None])
        ieff_all[:, b0:b0 + 256] = ieff
        ground = np.zeros((len(subs), e.shape[1]))
        ground[g_sub] = u[g_node] / g_r[:, None]
        line_gic = np.zeros_like(e)
        line_gic[line_idx] = lg[:, None] * (u[lf] - u[lt] + e[line_idx])
        if f is not None:
            ds_ieff[:, b0:b0 + 256] = ieff
            ds_ground[:, b0:b0 + 256] = ground
            ds_emf[:, b0:b0 + 256] = e
            ds_gic[:, b0:b0 + 256] = line_gic
    if f is not None:
        f.close()
    solve_s = time.perf_counter() - t0
    numpy_s = setup_s + emf_s + solve_s
    cpp_s = float(meta["solver_s"]) + float(meta["series_s"])
    print(f"numpy/scipy: assemble + splu {setup_s:.3f} s, EMF assembly ({k} sources) {emf_s:.3f} s, "
          f"solves + Ieff + {'HDF5 (h5py)' if f is not None else 'no HDF5 (h5py missing)'} {solve_s:.3f} s; "
          f"total {numpy_s:.3f} s (reading the exported coefficients {read_s:.3f} s, not counted)")
    print(f"swxrisk same part (GicSolver + run_gic_timeseries with HDF5): {cpp_s:.3f} s | numpy / swxrisk time ratio: "
          f"{numpy_s / cpp_s:.1f}")
    if h5py:
        with h5py.File(os.path.join(d, "gic_timeseries.h5"), "r") as ref:
            r_ieff = ref["transformers/ieff_a"][...]
            r_ground = ref["substations/ground_gic_a"][...]
            r_emf = ref["lines/emf_v"][...]
        print(f"agreement with swxrisk over all {steps} steps: max |dIeff| {np.abs(ieff_all - r_ieff).max():.2e} A "
              f"(largest Ieff {r_ieff.max():.1f} A), max |d ground GIC| "
              f"{np.abs(np.asarray(h5py.File(out, 'r')['substations/ground_gic_a']) - r_ground).max():.2e} A, "
              f"max |dEMF| {np.abs(emf - r_emf).max():.2e} V")


if __name__ == "__main__":
    main(sys.argv[1])
