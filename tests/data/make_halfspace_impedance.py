#!/usr/bin/env python3
"""Writes the data rows of tests/data/halfspace_impedance.csv (the header comment is kept by hand)."""
# Closed-form surface impedance of a uniform half-space and of one layer over a half-space (plane wave, e^{+iωt}).
import cmath, math, csv, sys
mu0 = 4e-7 * math.pi
def z_of(rho1, h_km, rho2, T):
    w = 2 * math.pi / T
    k1 = cmath.sqrt(1j * w * mu0 / rho1)
    eta1 = 1j * w * mu0 / k1
    if h_km is None:
        return eta1, w
    k2 = cmath.sqrt(1j * w * mu0 / rho2)
    eta2 = 1j * w * mu0 / k2
    t = cmath.tanh(k1 * h_km * 1e3)
    return eta1 * (eta2 + eta1 * t) / (eta1 + eta2 * t), w
cases = [(r, None, None, T) for r in (10.0, 100.0, 1000.0) for T in (10.0, 100.0, 1000.0)]
cases += [(1000.0, 10.0, 10.0, T) for T in (1.0, 10.0, 100.0, 1000.0, 10000.0, 100000.0)]
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["case", "rho1_ohm_m", "h1_km", "rho2_ohm_m", "period_s", "Re_Z_ohm", "Im_Z_ohm", "phase_deg",
              "rho_apparent_ohm_m", "abs_K_mV_per_km_per_nT"])
for rho1, h, rho2, T in cases:
    z, w = z_of(rho1, h, rho2, T)
    out.writerow(["halfspace" if h is None else "two_layer", rho1, "" if h is None else h, "" if h is None else rho2, T,
                  f"{z.real:.6e}", f"{z.imag:.6e}", f"{math.degrees(cmath.phase(z)):.3f}",
                  f"{abs(z) ** 2 / (w * mu0):.4f}", f"{abs(z) / mu0 * 1e-3:.5f}"])
