#!/usr/bin/python3
"""Plain numpy/scipy version of swxrisk's E(t) and GIC time-series solves, for the benchmark ratio.

Reads the inputs exported by `swxrisk-bench-geoelectric --export DIR` (a synthetic B(t), an earth
model, a synthetic grid as branch lists, line displacements, E(t) at 1 min) and times:
  * E(t) from B(t): the layered-earth impedance recursion (GEOELECTRIC.md §3.1) vectorised over
    frequency, numpy rfft/irfft with the same zero padding as swxrisk;
  * the GIC time series: the same nodal admittance system assembled with scipy.sparse, factored once
    with SuperLU (scipy.sparse.linalg.splu), solved for 1,440 steps.
It checks that the numbers agree with swxrisk's and prints the time ratios.
Uses only Debian's python3-numpy and python3-scipy.
"""
import csv
import math
import sys
import time

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

MU0 = 4e-7 * math.pi


def read_csv(path):
    with open(path) as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def fft_length(n):
    target, best = 2 * n, 1 << (2 * n - 1).bit_length()
    p5 = 1
    while p5 <= best:
        p35 = p5
        while p35 <= best:
            v = p35
            while v < target:
                v *= 2
            best = min(best, v)
            p35 *= 3
        p5 *= 5
    return best


def impedance(freqs, thick, rho, rho_hs):
    omega = 2 * np.pi * freqs
    z = np.sqrt(1j * omega * MU0 * rho_hs)          # half-space: Z = sqrt(iωμ0ρ)
    for d, r in zip(reversed(thick), reversed(rho)):
        k = np.sqrt(1j * omega * MU0 / r)
        zeta = 1j * omega * MU0 / k
        refl = (zeta - z) / (zeta + z)
        e = np.exp(-2 * k * d)
        z = zeta * (1 - refl * e) / (1 + refl * e)
    return z


def efield(bx, by, dt, thick, rho, rho_hs):
    n = len(bx)
    nfft = fft_length(n)
    freqs = np.fft.rfftfreq(nfft, d=dt)
    z = np.zeros(len(freqs), dtype=complex)
    z[1:] = impedance(freqs[1:], thick, rho, rho_hs)
    k = z / MU0 * 1e-3                                # (mV/km)/nT -> V/km per nT is 1e-3 below
    bxf = np.fft.rfft(bx - bx.mean(), nfft)
    byf = np.fft.rfft(by - by.mean(), nfft)
    ex = np.fft.irfft(k * byf, nfft)[:n] * 1e-3
    ey = -np.fft.irfft(k * bxf, nfft)[:n] * 1e-3
    return ex, ey


def network(d):
    _, subs = read_csv(d + "/substations.csv")
    _, buses = read_csv(d + "/buses.csv")
    _, trs = read_csv(d + "/transformers.csv")
    _, lines = read_csv(d + "/lines.csv")
    nb = len(buses)
    kv = np.array([float(b[1]) for b in buses])
    bus_sub = [int(b[0]) for b in buses]
    rows, cols, vals = [], [], []

    def stamp(a, b, g):
        rows.extend([a, b, a, b]); cols.extend([a, b, b, a]); vals.extend([g, g, -g, -g])

    neutral = {}
    nxt = nb
    windings = []  # (hv_node, hv_other, g_hv, lv_node, lv_other, g_lv, auto, ratio)
    for t in trs:
        typ, hv, lv, rhv, rlv, blocked = t[0], int(t[1]), int(t[2]), float(t[3]), float(t[4]), t[5] == "1"
        s = bus_sub[hv]
        if blocked:
            n = -1
            if typ in ("gy_gy", "gy_gy_d"):
                n = nxt; nxt += 1
        else:
            if s not in neutral:
                neutral[s] = nxt; nxt += 1
            n = neutral[s]
        w = [-1, -1, 0.0, -1, -1, 0.0, typ == "auto", kv[hv] / kv[lv]]
        if typ == "auto":
            w[0:3] = [hv, lv, 1 / rhv]
            if n >= 0:
                w[3:6] = [lv, n, 1 / rlv]
        elif n >= 0:
            if typ in ("gsu", "gy_d", "gy_gy", "gy_gy_d"):
                w[0:3] = [hv, n, 1 / rhv]
            if typ in ("gy_gy", "gy_gy_d", "d_gy"):
                w[3:6] = [lv, n, 1 / rlv]
        for a, b, g in ((w[0], w[1], w[2]), (w[3], w[4], w[5])):
            if a >= 0 and b >= 0:
                stamp(a, b, g)
        windings.append(w)
    for s, n in neutral.items():
        rows.append(n); cols.append(n); vals.append(1 / (3 * float(subs[s][0])))
    lf, lt, lg, ln, le = [], [], [], [], []
    for l in lines:
        if l[3] == "1":
            continue
        f, t, g = int(l[0]), int(l[1]), 1 / float(l[2])
        stamp(f, t, g)
        lf.append(f); lt.append(t); lg.append(g); ln.append(float(l[4])); le.append(float(l[5]))
    # tie ungrounded parts to earth (same rule as swxrisk)
    y = sp.csr_matrix((vals, (rows, cols)), shape=(nxt, nxt))
    ncomp, labels = sp.csgraph.connected_components(y, directed=False)
    grounded = set(labels[n] for n in neutral.values())
    extra = [np.where(labels == c)[0][0] for c in range(ncomp) if c not in grounded]
    for node in extra:
        rows.append(node); cols.append(node); vals.append(1.0)
    y = sp.csc_matrix((vals, (rows, cols)), shape=(nxt, nxt))
    return y, np.array(lf), np.array(lt), np.array(lg), np.array(ln), np.array(le), windings, nxt


def main(d):
    timings = dict(l.strip().split("=") for l in open(d + "/timings_swxrisk.txt") if "=" in l)
    # --- E(t)
    _, b = read_csv(d + "/b_1s.csv")
    b = np.array(b, dtype=float)
    _, m = read_csv(d + "/model.csv")
    thick = np.array([float(r[0]) for r in m[:-1]])
    rho = np.array([float(r[1]) for r in m[:-1]])
    rho_hs = float(m[-1][1])
    best = 1e9
    for _ in range(5):
        t0 = time.perf_counter()
        ex, ey = efield(b[:, 0], b[:, 1], 1.0, thick, rho, rho_hs)
        best = min(best, time.perf_counter() - t0)
    _, ref = read_csv(d + "/e_1s_swxrisk.csv")
    ref = np.array(ref, dtype=float)
    diff = max(np.abs(ex - ref[:, 0]).max(), np.abs(ey - ref[:, 1]).max())
    c_e = float(timings["efield_1day_s"])
    print(f"numpy  E(t) 86,400 samples: {1e3 * best:7.1f} ms | swxrisk {1e3 * c_e:7.1f} ms | "
          f"numpy/swxrisk = {best / c_e:5.2f} | max |E difference| {diff:.2e} V/km")
    # --- GIC time series
    t0 = time.perf_counter()
    y, lf, lt, lg, ln, le, windings, n = network(d)
    lu = spla.splu(y)
    setup = time.perf_counter() - t0
    _, e1 = read_csv(d + "/e_1min.csv")
    e1 = np.array(e1, dtype=float)
    t0 = time.perf_counter()
    emf = np.outer(ln, e1[:, 0]) + np.outer(le, e1[:, 1])           # lines × steps
    j = np.zeros((n, emf.shape[1]))
    np.add.at(j, lf, -lg[:, None] * emf)
    np.add.at(j, lt, lg[:, None] * emf)
    u = lu.solve(j)
    u = np.vstack([u, np.zeros((1, u.shape[1]))])                   # index -1 -> 0 V
    peaks = []
    for w in windings:
        ih = (u[w[0]] - u[w[1]]) * w[2] if w[0] >= 0 else 0.0
        il = (u[w[3]] - u[w[4]]) * w[5] if w[3] >= 0 else 0.0
        ix = il - ih if w[6] else il
        peaks.append(np.max(np.abs(ih + ix / w[7])))
    series = time.perf_counter() - t0
    _, ref = read_csv(d + "/ieff_peak_swxrisk.csv")
    ref = np.array(ref, dtype=float)[:, 0]
    pdiff = np.max(np.abs(np.array(peaks) - ref))
    c_setup, c_series = float(timings["series_setup_s"]), float(timings["series_solve_s"])
    print(f"numpy/scipy GIC time series (1,440 steps): assemble+factor {setup:6.3f} s, solves {series:6.3f} s | "
          f"swxrisk set-up {c_setup:6.3f} s, solves {c_series:6.3f} s | numpy/swxrisk (solves) = {series / c_series:5.2f} | "
          f"max |peak Ieff difference| {pdiff:.2e} A")


if __name__ == "__main__":
    main(sys.argv[1])
