#!/usr/bin/python3
"""numpy version of swxrisk's MT tensor E(t) (scripts/bench-mt), written from docs/geoelectric-model.md,
"MT impedance tensors", not from the C++: per component over its own finite periods, log|Z| and unwrapped
phase linear in log T between them, a half-space's sqrt(f/f_edge) beyond them, Z(0) = 0; B mean removed and padded to the FFT length
with its reflections, cross-faded (docs/geoelectric-model.md, "Record edges"); E = Z·B per rfft bin
(real part of Z at Nyquist), mV/km -> V/km.

Usage: bench_mt_numpy.py DIR   (DIR written by swxrisk-bench-mt --export DIR)
The functions are also the independent reference of python/tests/test_mt.py.
"""
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent / "benchlib"))
from geoelectric_numpy import fft_length  # noqa: E402  (smallest 2^a 3^b 5^c >= 2n)


def interpolate_tensor(periods_s, z, f_hz):
    """z: (P, 4) complex at ascending periods_s, NaN where a component was not measured; returns (K, 4)
    complex at f_hz (>= 0). Each component over its own finite periods (a diagonal one with none is 0)."""
    f = np.asarray(f_hz, dtype=float)
    periods_s = np.asarray(periods_s, dtype=float)
    out = np.zeros((f.size, 4), dtype=complex)
    pos = f > 0
    t = np.where(pos, 1.0 / np.where(pos, f, 1.0), np.inf)
    for j in range(4):
        ok = np.isfinite(z[:, j].real) & np.isfinite(z[:, j].imag)
        if not ok.any():
            continue
        pj = periods_s[ok]
        zj = z[ok, j]
        log_t = np.log(pj)
        inside = pos & (t > pj[0]) & (t < pj[-1])
        lt_in = np.log(t[inside])
        if np.all(np.abs(zj) > 0):
            amp = np.exp(np.interp(lt_in, log_t, np.log(np.abs(zj))))
            ph = np.interp(lt_in, log_t, np.unwrap(np.angle(zj)))
            out[inside, j] = amp * np.exp(1j * ph)
        else:  # a component that is 0 somewhere: linear in the complex value
            out[inside, j] = np.interp(lt_in, log_t, zj.real) + 1j * np.interp(lt_in, log_t, zj.imag)
        short = pos & (t <= pj[0])
        long_ = pos & (t >= pj[-1])
        out[short, j] = zj[0] * np.sqrt(f[short] * pj[0])
        out[long_, j] = zj[-1] * np.sqrt(f[long_] * pj[-1])
    return out


def reflect_pad(b, length):
    """Mean removed, padded to `length` with the record reflected about its ends, raised-cosine cross-faded."""
    b = np.asarray(b, dtype=float) - np.mean(b)
    n = b.size
    pad = length - n
    if n < 2 or pad == 0:
        return np.concatenate([b, np.zeros(pad)])
    p = np.arange(pad)
    after_end = n - 2 - np.minimum(p, n - 2)
    before_start = np.minimum(pad - p, n - 1)
    w = 0.5 * (1.0 + np.cos(np.pi * (p + 1) / (pad + 1)))
    return np.concatenate([b, w * b[after_end] + (1.0 - w) * b[before_start]])


def tensor_efield(z_bins, bx_nt, by_nt, length):
    """z_bins: (..., L/2+1, 4) (mV/km)/nT; returns ex, ey (..., n) V/km."""
    n = len(bx_nt)
    bx = np.fft.rfft(reflect_pad(bx_nt, length))
    by = np.fft.rfft(reflect_pad(by_nt, length))
    z = np.array(z_bins, dtype=complex)
    z[..., 0, :] = 0.0
    if length % 2 == 0:
        z[..., -1, :] = z[..., -1, :].real
    ex = z[..., 0] * bx + z[..., 1] * by
    ey = z[..., 2] * bx + z[..., 3] * by
    return 1e-3 * np.fft.irfft(ex, length)[..., :n], 1e-3 * np.fft.irfft(ey, length)[..., :n]


def main(folder):
    rows = np.loadtxt(f"{folder}/mt_sites.txt")
    b = np.loadtxt(f"{folder}/mt_b.txt")
    with open(f"{folder}/mt_b.txt") as fh:
        dt = float(fh.readline().split()[2])
    bx, by = b[:, 0], b[:, 1]
    n = bx.size
    ids = rows[:, 0].astype(int)
    count = ids.max() + 1
    length = fft_length(n)
    f = np.arange(length // 2 + 1) / (length * dt)
    best = np.inf
    for _ in range(3):
        t0 = time.perf_counter()
        z_bins = np.empty((count, f.size, 4), dtype=complex)
        for s in range(count):
            r = rows[ids == s]
            z = r[:, 2::2] + 1j * r[:, 3::2]
            z_bins[s] = interpolate_tensor(r[:, 1], z, f)
        ex, ey = tensor_efield(z_bins, bx, by, length)
        best = min(best, time.perf_counter() - t0)
    cpp = np.fromfile(f"{folder}/mt_e.bin").reshape(count, 2, n)
    diff = max(np.max(np.abs(cpp[:, 0] - ex)), np.max(np.abs(cpp[:, 1] - ey)))
    return count, n, best, diff


if __name__ == "__main__":
    count, n, seconds, diff = main(sys.argv[1])
    print(f"numpy {np.__version__}: {count} sites x {n} samples: {seconds:.3f} s (best of 3); "
          f"max |E_swxrisk - E_numpy| = {diff:.2e} V/km")
