#!/usr/bin/python3
"""Plain numpy/scipy version of swxrisk's E(t) and GIC time-series solves, for the benchmark ratio.

Reads the inputs exported by `swxrisk-bench-geoelectric --export DIR` (a synthetic B(t), an earth
model, a synthetic grid as branch lists, line displacements, E(t) at 1 min) and times:
  * E(t) from B(t), one day and ten days at 1 s: the layered-earth impedance recursion (GEOELECTRIC.md
    §3.1) vectorised over frequency, exact at every FFT bin, numpy rfft/irfft of the same length and with
    the same mean removal and reflected, cross-faded padding as swxrisk (so the results agree to rounding);
  * the GIC time series: the same nodal admittance system assembled with scipy.sparse, factored once
    with SuperLU (scipy.sparse.linalg.splu), solved for 1,440 steps.
It checks that the numbers agree with swxrisk's, prints the time ratios and the `figure` lines of the E(t)
figures (format of scripts/bench: name, measured, target, peer, peak RSS).
Uses only Debian's python3-numpy and python3-scipy.
"""
import csv
import math
import resource
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


def padded(x, nfft):
    """x − mean, then its mirror images cross-faded across the padding (swxrisk's fill_padded)."""
    n = len(x)
    out = np.empty(nfft)
    out[:n] = x - x.mean()
    pad = nfft - n
    p = np.arange(pad)
    w = 0.5 * (1 + np.cos(np.pi * (p + 1) / (pad + 1)))
    after_end = n - 2 - np.minimum(p, n - 2)
    before_start = np.minimum(pad - p, n - 1)
    out[n:] = w * out[after_end] + (1 - w) * out[before_start]
    return out


def efield(bx, by, dt, thick, rho, rho_hs):
    n = len(bx)
    nfft = fft_length(n)
    freqs = np.fft.rfftfreq(nfft, d=dt)
    z = np.zeros(len(freqs), dtype=complex)
    z[1:] = impedance(freqs[1:], thick, rho, rho_hs)
    k = z / MU0 * 1e-6                                # E[V/km] = 1e-6·Z/μ0·B[nT]
    ex = np.fft.irfft(k * np.fft.rfft(padded(by, nfft)), nfft)[:n]
    ey = -np.fft.irfft(k * np.fft.rfft(padded(bx, nfft)), nfft)[:n]
    return ex, ey


def rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def time_efield(bx, by, model, reps):
    best = 1e9
    for _ in range(reps):
        t0 = time.perf_counter()
        ex, ey = efield(bx, by, 1.0, *model)
        best = min(best, time.perf_counter() - t0)
    return best, ex, ey


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
    model = (thick, rho, rho_hs)
    best, ex, ey = time_efield(b[:, 0], b[:, 1], model, 5)
    _, ref = read_csv(d + "/e_1s_swxrisk.csv")
    ref = np.array(ref, dtype=float)
    diff = np.hypot(ex - ref[:, 0], ey - ref[:, 1]).max()
    peak = np.hypot(ref[:, 0], ref[:, 1]).max()
    c_e, c_exact = float(timings["efield_1day_s"]), float(timings["efield_1day_exact_s"])
    c_rss = float(timings["rss_mib"])
    print(f"numpy  E(t) 86,400 samples: {1e3 * best:7.1f} ms | swxrisk {1e3 * c_e:6.2f} ms (exact Z: {1e3 * c_exact:6.2f} ms) | "
          f"numpy/swxrisk = {best / c_e:5.1f} | max |E difference| {diff:.2e} V/km ({diff / peak:.1e} of the peak)")
    print(f"figure\tE(t) 86,400 samples (1 day at 1 s), PT1\t{1e3 * c_e:.2f} ms\t< 10 ms, >= 5x numpy\t"
          f"numpy {1e3 * best:.1f} ms, {best / c_e:.1f}x\t{c_rss:.0f} MiB (numpy {rss_mib():.0f} MiB)")
    b10 = np.fromfile(d + "/b_10d.f64").reshape(2, -1)
    best10, ex10, ey10 = time_efield(b10[0], b10[1], model, 3)
    ref10 = np.fromfile(d + "/e_10d_swxrisk.f64").reshape(2, -1)
    diff10 = np.hypot(ex10 - ref10[0], ey10 - ref10[1]).max()
    peak10 = np.hypot(ref10[0], ref10[1]).max()
    c_e10, c_exact10 = float(timings["efield_10day_s"]), float(timings["efield_10day_exact_s"])
    print(f"numpy  E(t) 864,000 samples: {1e3 * best10:7.1f} ms | swxrisk {1e3 * c_e10:6.1f} ms (exact Z: {1e3 * c_exact10:6.1f} ms) | "
          f"numpy/swxrisk = {best10 / c_e10:5.1f} | max |E difference| {diff10:.2e} V/km ({diff10 / peak10:.1e} of the peak)")
    print(f"figure\tE(t) 864,000 samples (10 days at 1 s), PT1\t{1e3 * c_e10:.1f} ms\t< 100 ms\t"
          f"numpy {1e3 * best10:.0f} ms, {best10 / c_e10:.1f}x\t{c_rss:.0f} MiB (numpy {rss_mib():.0f} MiB)")
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
    print(f"figure\tGIC time series 10k substations x 1,440 steps, solves + statistics\t{c_series:.3f} s\t-\t"
          f"numpy/scipy {series:.3f} s, {series / c_series:.1f}x\t- (numpy {rss_mib():.0f} MiB)")


if __name__ == "__main__":
    main(sys.argv[1])
