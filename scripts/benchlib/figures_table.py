#!/usr/bin/env python3
"""Formats the figure lines collected by scripts/bench as a Markdown table, with a column saying whether
each figure meets its target; a figure printed twice keeps its later line (when the target is '< X unit', '<= X unit', '>= X' or '≥ X' in comparable units).

Input: TSV lines 'script<TAB>name<TAB>measured<TAB>target<TAB>peer<TAB>peak RSS'."""
import re
import sys

SCALE = {"us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "min": 60.0,
         "kb": 1e3, "kib": 1024.0, "mb": 1e6, "mib": 1024.0**2, "gb": 1e9, "gib": 1024.0**3,
         "x": 1.0, "×": 1.0, "": 1.0}
KIND = {"us": "t", "µs": "t", "ms": "t", "s": "t", "min": "t", "kb": "m", "kib": "m", "mb": "m", "mib": "m",
        "gb": "m", "gib": "m", "x": "r", "×": "r", "": "r"}
NUM = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:e[-+]?[0-9]+)?)\s*([A-Za-zµ×]*)")


def quantity(text):
    m = NUM.match(text.replace(",", ""))
    if not m:
        return None
    unit = m.group(2).lower()
    if unit not in SCALE:
        return None
    return float(m.group(1)) * SCALE[unit], KIND[unit]


def verdict(measured, target):
    t = target.strip()
    for op in ("<=", "≤", "<", ">=", "≥", ">"):
        if t.startswith(op):
            goal, got = quantity(t[len(op):]), quantity(measured)
            if goal is None or got is None or goal[1] != got[1]:
                return "-"
            ok = {"<": got[0] < goal[0], "<=": got[0] <= goal[0], "≤": got[0] <= goal[0],
                  ">": got[0] > goal[0], ">=": got[0] >= goal[0], "≥": got[0] >= goal[0]}[op]
            return "yes" if ok else "**no**"
    return "-"


rows = []
for line in sys.stdin:
    parts = line.rstrip("\n").split("\t")
    if len(parts) < 4:
        continue
    parts += ["-"] * (6 - len(parts))
    script, name, measured, target, peer, rss = parts[:6]
    row = (f"bench-{script}", name, measured, target, verdict(measured, target), peer, rss)
    # A figure printed twice (by a driver, then again by its numpy peer with the ratio) keeps the later line.
    for i, old in enumerate(rows):
        if old[:2] == row[:2]:
            rows[i] = row
            break
    else:
        rows.append(row)
print("| script | figure | measured | target | met | numpy/scipy peer | peak RSS |")
print("|---|---|---|---|---|---|---|")
for r in rows:
    print("| " + " | ".join(c.replace("|", "/") for c in r) + " |")
