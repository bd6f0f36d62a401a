#!/usr/bin/python3
"""numpy version of the per-site part of a return-period study (scripts/bench-return-period): for 100k
sites on one earth model (a 1000 ohm-m half-space, beta 1) the centred-dipole latitude, the driver
profile at the five tabulated return periods (log-linear in latitude, log-log in T), the three terms
(auroral, sudden commencement with the electrojet factor, main phase), E at each period, and the return
period of E* = 75 A x E_100 / Ieff_100 for given Ieff values. The dip latitude is taken equal to the
dipole latitude (no IGRF synthesis here), so the numpy time is a lower bound for the same work."""
import csv
import sys
import time

import numpy as np

profile_csv, terms_csv = sys.argv[1], sys.argv[2]
rows = [r for r in csv.reader(l for l in open(profile_csv) if not l.startswith("#"))][1:]
knots = sorted({float(r[0]) for r in rows})
periods = sorted({float(r[1]) for r in rows})
D = np.zeros((len(knots), len(periods), 3))
for r in rows:
    D[knots.index(float(r[0])), periods.index(float(r[1]))] = [float(r[2]), float(r[3]), float(r[4])]
terms = {}
for r in csv.reader(l for l in open(terms_csv) if not l.startswith("#")):
    if r[0] == "term":
        continue
    terms[(r[0], r[1], r[2])] = [float(x) if x else float(r[3]) for x in r[3:6]]

MU0 = 4e-7 * np.pi
RHO = 1000.0


def rise_response(tau):
    """Peak |E| (V/km) of a raised-cosine 1 nT rise over tau s on a uniform half-space (Cagniard)."""
    t = np.linspace(0.2 * tau, 3 * tau, 600)[:, None]
    u = (np.arange(4000) + 0.5) / 4000
    s = t - (u * np.sqrt(t)) ** 2
    db = np.where((s > 0) & (s < tau), 0.5 * np.pi / tau * np.sin(np.pi * s / tau) * 1e-9, 0.0)
    e = (2 * db * np.sqrt(t) / 4000).sum(axis=1) / np.sqrt(np.pi * MU0 / RHO) * 1000
    return e.max()


def interp_lat(lat):
    a = np.minimum(np.abs(lat), 90.0)
    k = np.clip(np.searchsorted(knots, a, side="right"), 1, len(knots) - 1) - 1
    kk = np.asarray(knots)
    f = (a - kk[k]) / (kk[k + 1] - kk[k])
    lo, hi = np.log(D[k]), np.log(D[k + 1])
    return np.exp(lo + f[:, None, None] * (hi - lo))  # sites x periods x (value, lo, hi)


def amp(term, lat):
    ps = sorted(float(p) for (t, q, p) in terms if t == term and q == "amplitude_nt")
    a = np.array([terms[(term, "amplitude_nt", f"{p:g}")] for p in ps])
    ref = terms[(term, "reference_dipole_lat_deg", "")][0]
    c = np.abs(np.cos(np.radians(lat)) / np.cos(np.radians(ref)))
    return a[None, :, :] * c[:, None, None]  # periods are the profile's 10..1000


n = 100_000
rng = np.random.default_rng(11)
lon = rng.uniform(-120, -75, n)
lat = rng.uniform(30, 48, n)
ieff = rng.uniform(5, 150, n)
t0 = time.perf_counter()
sc_rise = terms[("sudden_commencement", "rise_time_s", "")]
mp_rise = terms[("main_phase", "rise_time_s", "")]
sc_r = np.array([rise_response(sc_rise[0]), rise_response(sc_rise[2]), rise_response(sc_rise[1])])
mp_r = np.array([rise_response(mp_rise[0]), rise_response(mp_rise[2]), rise_response(mp_rise[1])])
t_resp = time.perf_counter() - t0
t0 = time.perf_counter()
g10, g11, h11 = -29350.0, -1410.3, 4545.5
b0 = np.sqrt(g10 * g10 + g11 * g11 + h11 * h11)
m = -np.array([g11, h11, g10]) / b0
psi0, phi0 = np.arcsin(m[2]), np.arctan2(m[1], m[0])
e2 = 6.69437999014e-3
psi = np.arctan((1 - e2) * np.tan(np.radians(lat)))
lam = np.degrees(np.arcsin(np.sin(psi) * np.sin(psi0) + np.cos(psi) * np.cos(psi0) * np.cos(np.radians(lon) - phi0)))
d = interp_lat(lam)
scale = 8.0 / interp_lat(np.array([60.0]))[0, periods.index(100.0), 0]
aur = scale * 1.0 * d
eej_f = terms[("electrojet", "peak_factor", "")]
w = terms[("electrojet", "half_width_deg", "")][0]
g = np.exp(-(lam / w) ** 2)[:, None]
eej = 1 + (np.array(eej_f)[None, :] - 1) * g
sc = amp("sudden_commencement", lam) * sc_r[None, None, :] * eej[:, None, :]
mp = amp("main_phase", lam) * mp_r[None, None, :]
E = np.maximum(np.maximum(aur, sc), mp)  # sites x periods x band
e100 = E[:, periods.index(100.0), 0]
estar = 75.0 * e100 / ieff
logt = np.log(periods)
logE = np.log(E[:, :, 0])
# inversion: segment by segment (log-log), extrapolated at the ends
idx = np.clip((logE < np.log(estar)[:, None]).sum(axis=1) - 1, 0, len(periods) - 2)
r = np.arange(n)
slope = (logE[r, idx + 1] - logE[r, idx]) / (logt[idx + 1] - logt[idx])
T = np.clip(np.exp(logt[idx] + (np.log(estar) - logE[r, idx]) / slope), 1, 1e6)
p = -np.expm1(-1 / T)
t_sites = time.perf_counter() - t0
print(f"numpy, same formulas, 100k sites: {t_sites:.3f} s per-site part (+ {t_resp:.3f} s ground responses); "
      f"median return period {np.median(T):.0f} years")
