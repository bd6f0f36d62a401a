"""Peer of scripts/bench-read's grid GeoPackage read: the four layers read with OGR's columnar (Arrow)
interface into numpy (GDAL 3.6 Python bindings), ids mapped to positions with dicts and every reference
(bus -> substation, transformer -> buses, line -> buses) resolved. No value checks, no route
orientation: less work than swxrisk's reader, so the ratio flatters the peer.
Prints "seconds <s>" (best of N, in-process)."""
import sys
import time

from osgeo import ogr

ogr.UseExceptions()


def columns(ds, name, fields):
    out = {f: [] for f in fields}
    for batch in ds.GetLayerByName(name).GetArrowStreamAsNumPy():
        for f in fields:
            out[f].extend(batch[f])
    return out


def read(path):
    ds = ogr.Open(path)
    subs = columns(ds, "substations", ["id", "grounding_ohm"])
    sub_index = {s: i for i, s in enumerate(subs["id"])}
    buses = columns(ds, "buses", ["id", "substation_id", "kv"])
    bus_index = {b: i for i, b in enumerate(buses["id"])}
    bus_sub = [sub_index[s] for s in buses["substation_id"]]
    tr = columns(ds, "transformers", ["id", "hv_bus", "lv_bus", "r_hv_ohm", "r_lv_ohm"])
    hv = [bus_index[b] for b in tr["hv_bus"]]
    lv = [bus_index[b] for b in tr["lv_bus"]]
    lines = columns(ds, "lines", ["id", "from_bus", "to_bus", "r_ohm"])
    fr = [bus_index[b] for b in lines["from_bus"]]
    to = [bus_index[b] for b in lines["to_bus"]]
    return len(bus_sub) + len(hv) + len(lv) + len(fr) + len(to)


def main():
    path, repeat = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        read(path)
        best = min(best, time.perf_counter() - t0)
    print("seconds %.3f" % best)


if __name__ == "__main__":
    main()
