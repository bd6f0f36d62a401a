#!/usr/bin/python3
"""Overhead of a Python call over the same C++ work (run by scripts/bench-python).

* Horton solve: GicSolver.solve_uniform (line displacements + one solve) through Python, many times,
  against the same work timed inside C++ (swxrisk-bench-python-cpp prints it).
* 10k-substation synthetic grid, 1,440-step time series: GicSolver.timeseries through Python against
  run_gic_timeseries in C++ — the array call should add next to nothing.
Usage: python_overhead.py CPP_HORTON_US CPP_SERIES_S
"""
import sys
import time
from pathlib import Path

import numpy as np
import swxrisk

cpp_horton_us, cpp_series_s = float(sys.argv[1]), float(sys.argv[2])
root = Path(__file__).resolve().parents[2]
grid = swxrisk.read_grid(str(root / "datasets" / "horton2012"))
solver = swxrisk.GicSolver(grid)
n = 2000
t0 = time.perf_counter()
for _ in range(n):
    solver.solve_uniform(1.0, 90.0, distance="nerc")
py_horton_us = (time.perf_counter() - t0) / n * 1e6
print(f"Horton solve (displacements + solve + result arrays): Python {py_horton_us:7.1f} us/call, "
      f"C++ {cpp_horton_us:7.1f} us/call, overhead {py_horton_us - cpp_horton_us:6.1f} us/call")

big = swxrisk.synthetic_grid(10000)
big_solver = swxrisk.GicSolver(big)
steps = 1440
t = np.arange(steps) * 60.0
en = (0.5 * np.sin(t / 900.0))[None, :]
ee = (0.3 * np.cos(t / 1300.0))[None, :]
coupling = big_solver.line_displacements("geodesic")[:, None, :]
t0 = time.perf_counter()
big_solver.timeseries(en, ee, coupling, 60.0)
py_series_s = time.perf_counter() - t0
print(f"10k-substation time series, 1,440 steps: Python {py_series_s:6.3f} s, C++ {cpp_series_s:6.3f} s, "
      f"overhead {100.0 * (py_series_s - cpp_series_s) / cpp_series_s:+5.1f} %")
