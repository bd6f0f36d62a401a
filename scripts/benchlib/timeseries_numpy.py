#!/usr/bin/python3
"""numpy/scipy peer of swxrisk's GIC time series by superposition (scripts/bench-timeseries).

Reads what `swxrisk-bench-timeseries --export DIR` wrote (the synthetic grid as branch lists, the line
displacements, E(t) of the one source, swxrisk's timings and peak Ieff) and does the same work with the
same trick, which any numpy user could write: the nodal system assembled with scipy.sparse and factored
with SuperLU (splu), solved for the 2 unit fields (1 V/km north, east), then for blocks of 256 steps the
dense products R·E (numpy matmul, BLAS) for the line EMF, ground GIC, effective GIC and line GIC, with
their peaks and time above the threshold; then the same with every series written by h5py (float32,
chunks 1024 × 32, like swxrisk's file; winding currents and Mvar loss as swxrisk writes them are left
out, which favours the peer). Prints the swxrisk figures with the peer's and the ratio as `figure` lines.
Uses only Debian's python3-numpy, python3-scipy and python3-h5py.
"""
import os
import resource
import sys
import time

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from geoelectric_numpy import network, read_csv  # noqa: E402

try:
    import h5py
except ImportError:  # without it the HDF5 figure has no peer
    h5py = None


def rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run(d, h5_path=None):
    t_start = time.perf_counter()
    y, lf, lt, lg, ln, le, windings, n = network(d)
    lu = spla.splu(y)
    _, subs = read_csv(os.path.join(d, "substations.csv"))
    _, lines = read_csv(os.path.join(d, "lines.csv"))
    _, buses = read_csv(os.path.join(d, "buses.csv"))
    _, trs = read_csv(os.path.join(d, "transformers.csv"))
    w = np.array([[x[0], x[1], x[2], x[3], x[4], x[5], float(x[6]), x[7]] for x in windings], dtype=float)
    h0, h1, l0, l1 = (w[:, i].astype(int) for i in (0, 1, 3, 4))
    gh, gl, auto, ratio = w[:, 2], w[:, 5], w[:, 6] > 0, w[:, 7]
    bus_sub = [int(b[0]) for b in buses]
    neutral, nxt = {}, len(buses)
    for t in trs:  # the neutral nodes in the order network() numbered them
        s = bus_sub[int(t[1])]
        if t[5] == "1":
            if t[0] in ("gy_gy", "gy_gy_d"):
                nxt += 1
        elif s not in neutral:
            neutral[s] = nxt
            nxt += 1
    g_sub = np.array(sorted(neutral))
    g_node = np.array([neutral[s] for s in g_sub])
    g_r = np.array([float(subs[s][0]) for s in g_sub])
    n_lines = len(lines)
    line_idx = np.nonzero(np.array([l[3] != "1" for l in lines]))[0]
    l_north = np.array([float(l[4]) for l in lines])
    l_east = np.array([float(l[5]) for l in lines])
    src = np.fromfile(os.path.join(d, "sources.f64"), dtype=np.float64).reshape(2, -1)
    steps = src.shape[1]
    # the 2 unit responses
    r_emf = np.stack([l_north, l_east], axis=1)  # lines × 2
    inc = sp.csr_matrix((np.concatenate([-lg, lg]), (np.concatenate([lf, lt]), np.concatenate([line_idx, line_idx]))),
                        shape=(n, n_lines))
    u = lu.solve(np.asarray(inc @ r_emf))
    u = np.vstack([u, np.zeros((1, 2))])
    ih = (u[h0] - u[h1]) * gh[:, None]
    il = (u[l0] - u[l1]) * gl[:, None]
    r_ieff = ih + np.where(auto[:, None], il - ih, il) / ratio[:, None]
    r_ground = np.zeros((len(subs), 2))
    r_ground[g_sub] = u[g_node] / g_r[:, None]
    r_gic = np.zeros((n_lines, 2))
    r_gic[line_idx] = lg[:, None] * (u[lf] - u[lt] + r_emf[line_idx])
    setup_s = time.perf_counter() - t_start
    t0 = time.perf_counter()
    f = h5py.File(h5_path, "w") if h5_path else None
    ds = {}
    if f is not None:
        for name, rows in (("transformers/ieff_a", len(windings)), ("substations/ground_gic_a", len(subs)),
                           ("lines/emf_v", n_lines), ("lines/gic_a", n_lines)):
            ds[name] = f.create_dataset(name, (rows, steps), dtype="f4", chunks=(min(rows, 1024), min(steps, 32)))
    peak = np.zeros(len(windings))
    above = np.zeros(len(windings))
    g_peak = np.zeros(len(subs))
    e_peak = np.zeros(n_lines)
    c_peak = np.zeros(n_lines)
    for b0 in range(0, steps, 256):
        e = src[:, b0:b0 + 256]
        emf = r_emf @ e
        ieff = np.abs(r_ieff @ e)
        ground = r_ground @ e
        gic = r_gic @ e
        peak = np.maximum(peak, ieff.max(axis=1))
        above += (ieff > 75.0).sum(axis=1)
        g_peak = np.maximum(g_peak, np.abs(ground).max(axis=1))
        e_peak = np.maximum(e_peak, np.abs(emf).max(axis=1))
        c_peak = np.maximum(c_peak, np.abs(gic).max(axis=1))
        if f is not None:
            ds["transformers/ieff_a"][:, b0:b0 + 256] = ieff
            ds["substations/ground_gic_a"][:, b0:b0 + 256] = ground
            ds["lines/emf_v"][:, b0:b0 + 256] = emf
            ds["lines/gic_a"][:, b0:b0 + 256] = gic
    if f is not None:
        f.close()
    return setup_s, time.perf_counter() - t0, peak, above


def main(d):
    c = dict(l.strip().split("=") for l in open(os.path.join(d, "timings_swxrisk.txt")) if "=" in l)
    tag = c["tag"]
    best = None
    for _ in range(3):
        r = run(d)
        best = r if best is None or r[1] < best[1] else best
    setup_s, compute_s, peak, above = best
    compute_rss = rss_mib()
    ref = np.loadtxt(os.path.join(d, "stats_swxrisk.csv"), delimiter=",", skiprows=1, ndmin=2)
    pdiff = np.abs(peak - ref[:, 0]).max()
    mdiff = np.abs(above - ref[:, 1]).max()
    sw = float(c["compute_s"])
    print(f"numpy/scipy, same superposition: set-up (assemble, splu, 2 unit solves) {setup_s:.3f} s, compute {compute_s:.3f} s "
          f"(best of 3) | swxrisk compute {sw:.3f} s | numpy/swxrisk = {compute_s / sw:.1f} | max |peak Ieff difference| "
          f"{pdiff:.2e} A, minutes above 75 A differ by at most {mdiff:g}")
    print(f"figure\tgic_timeseries_{tag}_compute\t{sw:.3f} s\t{'< 0.2 s' if tag == '10k' else '-'}\tnumpy/scipy superposition {compute_s:.3f} s "
          f"({compute_s / sw:.1f}x)\t{float(c['compute_rss_mib']):.0f} MiB")
    h5_sw = float(c["h5_total_s"])
    if h5py is None:
        print(f"figure\tgic_timeseries_{tag}_hdf5_end_to_end\t{h5_sw:.3f} s\t{'< 10 s' if tag == '100k' else '-'}\t-\t{float(c['h5_rss_mib']):.0f} MiB")
        return
    path = os.path.join(d, "peer.h5")
    s2, c2, _, _ = run(d, path)
    mib = os.path.getsize(path) / 2**20
    os.remove(path)
    print(f"numpy/scipy + h5py (4 of swxrisk's 8 series, {mib:.0f} MiB): {s2 + c2:.3f} s end to end (set-up {s2:.3f} s, "
          f"with reading the branch-list CSVs) | swxrisk {h5_sw:.3f} s ({float(c['h5_mib']):.0f} MiB) | numpy/swxrisk = {(s2 + c2) / h5_sw:.1f}; "
          f"peer peak RSS {rss_mib():.0f} MiB")
    print(f"figure\tgic_timeseries_{tag}_hdf5_end_to_end\t{h5_sw:.3f} s\t{'< 10 s' if tag == '100k' else '-'}\tnumpy/scipy+h5py {s2 + c2:.3f} s "
          f"({(s2 + c2) / h5_sw:.1f}x)\t{float(c['h5_rss_mib']):.0f} MiB")


if __name__ == "__main__":
    main(sys.argv[1])
