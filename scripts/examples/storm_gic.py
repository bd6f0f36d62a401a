#!/usr/bin/python3
"""Example 2: E(t) and GIC from a magnetogram, with a plot.

Reads a magnetometer record (IAGA-2002 or CSV; e.g. the March 1989 Fredericksburg record), computes
the geoelectric field over an earth model, drives the Horton test grid with it (one factorisation,
every time step), and saves a PNG with B(t), E(t) and the effective GIC of the most loaded transformer
in each of the three most loaded substations (parallel identical units carry the same current, so they
are listed once, with their count). Usage:
  PYTHONPATH=build/release/python /usr/bin/python3 scripts/examples/storm_gic.py RECORD [MODEL] [OUT.png] [--out DIR]
Without OUT.png the plot is written as storm_gic.png in DIR (default: a new temporary folder, printed),
never into the working directory.
"""
import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
import swxrisk

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("record", help="magnetometer record (IAGA-2002 or CSV)")
parser.add_argument("model", nargs="?", default="PT1", help="earth model (default PT1)")
parser.add_argument("png", nargs="?", help="plot file (default: DIR/storm_gic.png)")
parser.add_argument("--out", help="folder for the plot (default: a new temporary folder)")
args = parser.parse_args()
record = swxrisk.read_magnetometer(args.record)
model = swxrisk.earth_model(args.model)
if args.png:
    png = Path(args.png)
else:
    out_dir = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="swxrisk-storm-gic-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    png = out_dir / "storm_gic.png"

ex, ey = swxrisk.geoelectric_from_magnetic(model, record["bx_nt"], record["by_nt"], record["dt_s"])
grid = swxrisk.read_grid(str(Path(__file__).resolve().parents[2] / "datasets" / "horton2012"))
solver = swxrisk.GicSolver(grid)
coupling = solver.line_displacements("geodesic")[:, None, :]  # one earth model under every line
series = solver.timeseries(ex[None, :], ey[None, :], coupling, record["dt_s"], keep_series=True)

hours = (record["t_unix_s"] - record["t_unix_s"][0]) / 3600.0
peak = np.argmax(np.hypot(ex, ey))
print(f"{len(hours)} samples at {record['dt_s']:g} s over {model.name}: peak |E| {np.hypot(ex, ey)[peak]:.3f} V/km "
      f"at +{hours[peak]:.2f} h")
# The three most loaded substations, each by its most loaded transformer. Parallel identical units (same
# substation, type and buses; T8/T9, T12/T14, T5/T15 in Horton's grid) carry the same current: counted, not
# listed again.
peak = series["ieff_peak_a"]
substation_of = grid.transformer_substation_ids
top, seen = [], set()
for t in sorted(range(len(peak)), key=lambda u: (-peak[u], u)):  # ties: the first-listed unit
    if substation_of[t] in seen:
        continue
    seen.add(substation_of[t])
    top.append(t)
    if len(top) == 3:
        break
for t in top:
    same = [u for u in range(len(peak)) if u != t and substation_of[u] == substation_of[t]
            and grid.transformer_types[u] == grid.transformer_types[t] and abs(peak[u] - peak[t]) <= 1e-6 * max(1.0, peak[t])]
    parallel = f" (and {len(same)} parallel unit{'s' if len(same) > 1 else ''}: {', '.join(grid.transformer_ids[u] for u in same)})" if same else ""
    print(f"  substation {substation_of[t]:>3} {grid.transformer_ids[t]:>4}: peak Ieff {peak[t]:.1f} A per phase{parallel}")

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
    ax[2].plot(hours, series["ieff_a"][t], label=f"{grid.transformer_ids[t]} (substation {substation_of[t]})")
ax[2].axhline(75.0, color="k", ls="--", lw=0.8, label="75 A (TPL-007 screening)")
ax[2].set_ylabel("Ieff per phase (A)")
ax[2].set_xlabel("hours from the start of the record (UTC)")
for a in ax:
    a.legend(loc="upper left", fontsize=8)
fig.suptitle(f"{Path(args.record).name}: geoelectric field and GIC in the Horton test grid")
fig.tight_layout()
fig.savefig(png, dpi=100)
print(f"plot written to {png}")
