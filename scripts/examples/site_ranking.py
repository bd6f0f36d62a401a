#!/usr/bin/python3
"""Example 3: rank candidate sites from Python objects.

Candidate data-centre locations as plain arrays, the Horton test grid and the illustrative south-east
US earth regions, under the NERC TPL-007 benchmark; prints the ranking (a pandas DataFrame when pandas
is installed, else a plain table).
Run: PYTHONPATH=build/release/python /usr/bin/python3 scripts/examples/site_ranking.py
"""
from pathlib import Path

import numpy as np
import swxrisk

root = Path(__file__).resolve().parents[2]
ids = ["ATL", "AGS", "BHM", "MCN", "CAE"]
names = ["Atlanta GA", "Augusta GA", "Birmingham AL", "Macon GA", "Columbia SC"]
lon = np.array([-84.39, -81.97, -86.80, -83.63, -81.03])
lat = np.array([33.75, 33.47, 33.52, 32.84, 34.00])
supply = ["3,5", "6", "", "", "8"]  # listed supplying substations ("" = nearest within 50 km)

table = swxrisk.run_study(ids, lon, lat, names=names, supply_substations=supply,
                          grid=str(root / "datasets" / "horton2012"),
                          earth_regions=str(root / "datasets" / "demo" / "southeast-us" / "earth_regions.geojson"),
                          scenario="nerc-benchmark", index={"i0_a": 75.0}, as_frame=True)
try:
    import pandas  # noqa: F401
    print(table.sort_values("rank")[["rank", "name", "exposure_index", "class", "e_peak_v_per_km", "ieff_max_a",
                                     "n_supplies", "flags"]].to_string(index=False))
except ImportError:
    order = np.argsort(table["rank"])
    for i in order:
        print(f"{int(table['rank'][i]):2d} {table['name'][i]:<14} {table['exposure_index'][i]:5.1f} {table['class'][i]:<8} "
              f"E {table['e_peak_v_per_km'][i]:.2f} V/km  Ieff {table['ieff_max_a'][i]:.1f} A  {table['flags'][i]}")
