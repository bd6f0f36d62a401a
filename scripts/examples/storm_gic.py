#!/usr/bin/python3
"""Example 2: E(t) and GIC from a magnetogram, with a plot.

Reads a magnetometer record (IAGA-2002 or CSV; e.g. the March 1989 Fredericksburg record), computes
the geoelectric field over an earth model, drives the Horton test grid with it (one factorisation,
every time step), and saves a PNG with B(t), E(t) and the effective GIC of the three most loaded
transformers. Usage:
  PYTHONPATH=build/release/python /usr/bin/python3 scripts/examples/storm_gic.py RECORD [MODEL] [OUT.png]
"""
import sys
from pathlib import Path

import numpy as np
import swxrisk

if len(sys.argv) < 2:
    sys.exit(__doc__)
record = swxrisk.read_magnetometer(sys.argv[1])
model = swxrisk.earth_model(sys.argv[2] if len(sys.argv) > 2 else "PT1")
png = sys.argv[3] if len(sys.argv) > 3 else "storm_gic.png"

ex, ey = swxrisk.geoelectric_from_magnetic(model, record["bx_nt"], record["by_nt"], record["dt_s"])
grid = swxrisk.read_grid(str(Path(__file__).resolve().parents[2] / "datasets" / "horton2012"))
solver = swxrisk.GicSolver(grid)
coupling = solver.line_displacements("geodesic")[:, None, :]  # one earth model under every line
series = solver.timeseries(ex[None, :], ey[None, :], coupling, record["dt_s"], keep_series=True)

hours = (record["t_unix_s"] - record["t_unix_s"][0]) / 3600.0
peak = np.argmax(np.hypot(ex, ey))
print(f"{len(hours)} samples at {record['dt_s']:g} s over {model.name}: peak |E| {np.hypot(ex, ey)[peak]:.3f} V/km "
      f"at +{hours[peak]:.2f} h")
top = np.argsort(series["ieff_peak_a"])[::-1][:3]
for t in top:
    print(f"  {grid.transformer_ids[t]:>4}: peak Ieff {series['ieff_peak_a'][t]:.1f} A per phase")

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    sys.exit("matplotlib is not installed (apt-get install python3-matplotlib): no plot written")
fig, ax = plt.subplots(3, 1, figsize=(10, 8), sharex=True)
ax[0].plot(hours, record["bx_nt"] - np.mean(record["bx_nt"]), label="B_x (north)")
ax[0].plot(hours, record["by_nt"] - np.mean(record["by_nt"]), label="B_y (east)")
ax[0].set_ylabel("B − mean (nT)")
ax[1].plot(hours, ex, label="E_x (north)")
ax[1].plot(hours, ey, label="E_y (east)")
ax[1].set_ylabel(f"E over {model.name} (V/km)")
for t in top:
    ax[2].plot(hours, series["ieff_a"][t], label=grid.transformer_ids[t])
ax[2].axhline(75.0, color="k", ls="--", lw=0.8, label="75 A (TPL-007 screening)")
ax[2].set_ylabel("Ieff per phase (A)")
ax[2].set_xlabel("hours from the start of the record (UTC)")
for a in ax:
    a.legend(loc="upper left", fontsize=8)
fig.suptitle(f"{Path(sys.argv[1]).name}: geoelectric field and GIC in the Horton test grid")
fig.tight_layout()
fig.savefig(png, dpi=100)
print(f"plot written to {png}")
