#!/usr/bin/python3
"""Writes the NERC/USGS conductivity-region polygons from ../shared/reference (PowerWorld's
digitisation, a published figure that the project does not redistribute) as a GeoJSON layer with a
`model` field, for the benchmark map. Usage: regions_from_reference.py REFERENCE_CSV OUT.geojson

The digitisation has one spike (IP1 runs out along 49° N to -103.196 and back to -102.740): a vertex
whose two edges are collinear and point back on each other encloses no area but makes the ring
self-intersecting, which swxrisk refuses. Such vertices are dropped (the area is unchanged); the C++
test that reads the same file (tests/unit/core/efield/test_peak_map.cpp) does the same."""
import csv
import json
import sys


def drop_spikes(ring):
    """Removes vertices where the ring turns back on itself along a straight line (zero-area spikes)."""
    changed = True
    while changed and len(ring) > 3:
        changed = False
        for i in range(len(ring)):
            a, b, c = ring[i - 1], ring[i], ring[(i + 1) % len(ring)]
            ux, uy, vx, vy = b[0] - a[0], b[1] - a[1], c[0] - b[0], c[1] - b[1]
            if ux * vy - uy * vx == 0.0 and ux * vx + uy * vy < 0.0:
                del ring[i]
                changed = True
                break
    return ring


polygons = {}
with open(sys.argv[1]) as f:
    for row in csv.DictReader(f):
        polygons.setdefault(row["region"], []).append([float(row["lon_deg"]), float(row["lat_deg"])])
features = []
for region, ring in polygons.items():
    if ring[0] == ring[-1]:
        ring.pop()
    ring = drop_spikes(ring)
    ring.append(ring[0])
    features.append({"type": "Feature", "properties": {"id": region, "model": region},
                     "geometry": {"type": "Polygon", "coordinates": [ring]}})
with open(sys.argv[2], "w") as f:
    json.dump({"type": "FeatureCollection", "features": features}, f)
print(f"{len(features)} regions written to {sys.argv[2]}")
