#!/usr/bin/python3
"""Writes the NERC/USGS conductivity-region polygons from ../shared/reference (PowerWorld's
digitisation, a published figure that the project does not redistribute) as a GeoJSON layer with a
`model` field, for the benchmark map. Usage: regions_from_reference.py REFERENCE_CSV OUT.geojson"""
import csv
import json
import sys

polygons = {}
with open(sys.argv[1]) as f:
    for row in csv.DictReader(f):
        polygons.setdefault(row["region"], []).append([float(row["lon_deg"]), float(row["lat_deg"])])
features = []
for region, ring in polygons.items():
    if ring[0] != ring[-1]:
        ring.append(ring[0])
    features.append({"type": "Feature", "properties": {"id": region, "model": region},
                     "geometry": {"type": "Polygon", "coordinates": [ring]}})
with open(sys.argv[2], "w") as f:
    json.dump({"type": "FeatureCollection", "features": features}, f)
print(f"{len(features)} regions written to {sys.argv[2]}")
