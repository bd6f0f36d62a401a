#!/usr/bin/python3
"""numpy/scipy version of the SECS benchmark (scripts/bench-secs): the same 20 stations, 10,000 points and
1,440 steps as src/apps/bench_secs.cpp (same formulas), the same pole grid (0.5 deg, 5 deg margin), the DF
SECS kernel written pysecs-style (trigonometric angular distance and bearing), a truncated SVD (epsilon 0.1)
with scipy.linalg.svd, the prediction matrix in blocks of 1,000 points and one matrix product for the
series. Prints its timings and, given the C++ driver's output file, the largest difference."""
import math
import sys
import time

import numpy as np
import scipy.linalg

R_E = 6371.2e3
MU0 = 4e-7 * math.pi
H_KM, SPACING, MARGIN, EPS = 110.0, 0.5, 5.0, 0.1
N_ST, N_PT, N_T = 20, 10000, 1440


def halton(i, base):
    f, r = 1.0, 0.0
    while i > 0:
        f /= base
        r += f * (i % base)
        i //= base
    return r


def pole_grid(lat, lon):
    mean = math.degrees(math.atan2(np.sin(np.radians(lon)).sum(), np.cos(np.radians(lon)).sum()))
    lon_u = mean + ((lon - mean + 180.0) % 360.0 - 180.0)
    cap = 90.0 - 0.5 * SPACING
    lat_lo, lat_hi = max(-cap, lat.min() - MARGIN), min(cap, lat.max() + MARGIN)
    lon_lo, lon_hi = lon_u.min() - MARGIN, lon_u.max() + MARGIN
    rows = int(math.floor((lat_hi - lat_lo) / SPACING + 1e-9)) + 1
    lat0 = 0.5 * (lat_lo + lat_hi) - 0.5 * (rows - 1) * SPACING
    poles = []
    for r in range(rows):
        la = lat0 + r * SPACING
        dlon = SPACING / max(math.cos(math.radians(la)), 1e-3)
        n = int(math.floor((lon_hi - lon_lo) / dlon + 1e-9)) + 1
        start = 0.5 * (lon_lo + lon_hi) - 0.5 * (n - 1) * dlon
        poles += [(la, start + k * dlon) for k in range(n)]
    return np.array(poles)


def t_df(lat_o, lon_o, sec):
    lat1, lon1 = np.radians(lat_o)[:, None], np.radians(lon_o)[:, None]
    lat2, lon2 = np.radians(sec[:, 0])[None, :], np.radians(sec[:, 1])[None, :]
    dlon = lon2 - lon1
    cos_t = np.clip(np.sin(lat1) * np.sin(lat2) + np.cos(lat1) * np.cos(lat2) * np.cos(dlon), -1, 1)
    sin_t = np.sqrt(1 - cos_t * cos_t)
    alpha = np.pi / 2 - np.arctan2(np.sin(dlon) * np.cos(lat2),
                                   np.cos(lat1) * np.sin(lat2) - np.sin(lat1) * np.cos(lat2) * np.cos(dlon))
    x = R_E / (R_E + H_KM * 1e3)
    factor = 1.0 / np.sqrt(1 - 2 * x * cos_t + x * x)
    b_theta = -MU0 / (4 * np.pi * R_E) * 1e9 * (factor * (x - cos_t) + cos_t)
    b_theta = np.divide(b_theta, sin_t, out=np.zeros_like(sin_t), where=sin_t > 1e-12)
    t = np.empty((len(lat_o), 2, len(sec)))
    t[:, 0, :] = -b_theta * np.sin(alpha)
    t[:, 1, :] = -b_theta * np.cos(alpha)
    return t.reshape(2 * len(lat_o), len(sec))


st_lon = np.array([-100.0 + 25.0 * halton(i, 2) for i in range(1, N_ST + 1)])
st_lat = np.array([30.0 + 20.0 * halton(i, 3) for i in range(1, N_ST + 1)])
pt_lon = np.array([-100.0 + 25.0 * halton(i, 5) for i in range(1, N_PT + 1)])
pt_lat = np.array([30.0 + 20.0 * halton(i, 7) for i in range(1, N_PT + 1)])
tt = np.arange(N_T) * 2 * np.pi / N_T
s = np.arange(N_ST)[:, None]
bx = 300.0 * np.sin(3.0 * tt + 0.3 * s) + 80.0 * np.cos(17.0 * tt + 0.1 * s * s)
by = 120.0 * np.cos(5.0 * tt - 0.2 * s) + 40.0 * np.sin(29.0 * tt + 0.05 * s)

t0 = time.perf_counter()
poles = pole_grid(st_lat, st_lon)
a = t_df(st_lat, st_lon, poles)
u, sv, vt = scipy.linalg.svd(a, full_matrices=False)
inv = np.where(sv >= EPS * sv[0], 1.0 / sv, 0.0)
pinv = (vt.T * inv) @ u.T
fit_s = time.perf_counter() - t0
t1 = time.perf_counter()
p = np.empty((2 * N_PT, 2 * N_ST))
for a0 in range(0, N_PT, 1000):
    p[2 * a0:2 * (a0 + 1000)] = t_df(pt_lat[a0:a0 + 1000], pt_lon[a0:a0 + 1000], poles) @ pinv
data = np.empty((2 * N_ST, N_T))
data[0::2], data[1::2] = bx, by
out = p @ data
pred_s = time.perf_counter() - t1
print("numpy fit: %d poles, %d singular values kept: %.3f s" % (len(poles), int((inv > 0).sum()), fit_s))
print("numpy prediction (matrix + product): %.3f s" % pred_s)
print("numpy total: %.3f s" % (fit_s + pred_s))
if len(sys.argv) > 2:
    cpp_total = float(sys.argv[2])
    print("ratio numpy / C++: %.1f" % ((fit_s + pred_s) / cpp_total))
if len(sys.argv) > 1:
    cpp = np.fromfile(sys.argv[1], dtype=np.float64)
    mine = np.concatenate([out[0::2][::7, ::10].ravel(), out[1::2][::7, ::10].ravel()])
    print("max |C++ - numpy| over %d sampled values: %.3g nT (max |B| %.1f nT)" % (mine.size, np.max(np.abs(cpp - mine)),
                                                                                   np.max(np.abs(mine))))
