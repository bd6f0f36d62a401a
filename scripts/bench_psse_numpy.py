#!/usr/bin/env python3
"""numpy/scipy version of the PSS/E GIC path of scripts/bench-psse: reads the same .raw (BUS, GENERATOR,
BRANCH, TRANSFORMER) and .gic (SUBSTATION, BUS SUBSTATION, TRANSFORMER, BRANCH) sections, builds the DC
network with the same defaults (docs/grid-format.md "PSS/E .raw + .gic"), solves 1 V/km eastward with
scipy.sparse.linalg.spsolve and writes transformers.csv. Usage: bench_psse_numpy.py RAW GIC OUTDIR [REFERENCE_CSV]
Prints the wall time of each stage, and with REFERENCE_CSV (id,ieff_a from swxrisk-bench-psse export) the
largest Ieff difference."""
import csv
import math
import sys
import time

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla


def records(path):
    """Yields lists of fields per line (comma/blank separated, quotes, '/' comments)."""
    with open(path, encoding="latin-1") as f:
        for line in f:
            out, cur, i, n, expecting, last_comma = [], None, 0, len(line), True, False
            while i < n:
                c = line[i]
                if c in " \t\r\n":
                    i += 1
                    continue
                if c == "/":
                    break
                if c == ",":
                    if expecting:
                        out.append("")
                    expecting, last_comma = True, True
                    i += 1
                    continue
                if c in "'\"":
                    j = line.index(c, i + 1)
                    out.append(line[i + 1:j])
                    i = j + 1
                else:
                    j = i
                    while j < n and line[j] not in " \t\r\n,/'\"":
                        j += 1
                    out.append(line[i:j])
                    i = j
                expecting, last_comma = False, False
            if last_comma:
                out.append("")
            yield out


def num(f, i, default=0.0):
    return float(f[i]) if i < len(f) and f[i].strip() != "" else default


def main():
    raw_path, gic_path, out_dir = sys.argv[1:4]
    t0 = time.perf_counter()
    # .raw
    it = records(raw_path)
    head = next(it)
    sbase = num(head, 1, 100.0)
    next(it), next(it)
    buses, gens, branches, xfs = {}, set(), [], []
    section = 0
    for f in it:
        if not f:
            continue
        if f[0] == "0":
            section += 1
            if section == 6:
                break
            continue
        if section == 0:
            buses[int(f[0])] = (num(f, 2), int(num(f, 3, 1)))
        elif section == 3:
            gens.add(int(f[0]))
        elif section == 4:
            branches.append((int(f[0]), abs(int(f[1])), f[2].strip() or "1", num(f, 3), int(num(f, 13, 1))))
        elif section == 5:
            k = int(num(f, 2))
            rec = [f] + [next(it) for _ in range(4 if k else 3)]
            xfs.append(rec)
    # .gic
    it = records(gic_path)
    next(it)
    subs, bus_sub, gxf, gbr = {}, {}, {}, {}
    section = 0
    for f in it:
        if not f:
            continue
        if f[0] in ("Q", "q"):
            break
        if f[0] == "0":
            section += 1
            continue
        if section == 0:
            subs[int(f[0])] = (num(f, 3), num(f, 4), num(f, 5))
        elif section == 1:
            bus_sub[int(f[0])] = int(f[1])
        elif section == 2:
            gxf[(int(f[0]), int(f[1]), int(num(f, 2)), f[3].strip() or "1")] = f
        elif section == 4:
            gbr[(int(f[0]), int(f[1]), f[2].strip() or "1")] = f
    t_read = time.perf_counter() - t0

    # DC network: nodes = buses, then substation neutrals.
    t1 = time.perf_counter()
    bus_ids = sorted(buses)
    bidx = {b: i for i, b in enumerate(bus_ids)}
    sub_ids = sorted(subs)
    sidx = {s: len(bus_ids) + i for i, s in enumerate(sub_ids)}
    rows, cols, vals = [], [], []
    rhs = np.zeros(len(bus_ids) + len(sub_ids))

    def stamp(a, b, g):
        rows.extend((a, b, a, b)); cols.extend((a, b, b, a)); vals.extend((g, g, -g, -g))

    a_km, e2 = 6378.137, 0.00669437999014
    for (i, j, ckt, r_pu, st) in branches:
        if not st:
            continue
        kv = buses[i][0]
        g = gbr.get((i, j, ckt)) or gbr.get((j, i, ckt))
        r = num(g, 3) if g is not None and num(g, 3) > 0 else (r_pu * kv * kv / sbase if r_pu > 0 else 0.0015)
        la1, lo1, _ = subs[bus_sub[i]]
        la2, lo2, _ = subs[bus_sub[j]]
        # NERC / Horton straight-line displacement (the same as swxrisk's uniform coupling)
        phi = math.radians(0.5 * (la1 + la2))
        de = (111.5065 - 0.1872 * math.cos(2 * phi)) * math.cos(phi) * (lo2 - lo1)
        gl = 1.0 / r
        stamp(bidx[i], bidx[j], gl)
        rhs[bidx[i]] -= gl * de
        rhs[bidx[j]] += gl * de
    grounded = set()
    ieff_of = []
    for rec in xfs:
        f = rec[0]
        i, j, k, ckt = int(f[0]), int(f[1]), int(num(f, 2)), f[3].strip() or "1"
        if int(num(f, 11, 1)) == 0:
            continue
        g = gxf.get((i, j, k, ckt))
        kvi, kvj = buses[i][0], buses[j][0]
        hv, lv = (i, j) if kvi >= kvj else (j, i)
        a = buses[hv][0] / buses[lv][0]
        vg = (g[10].strip().lower() if g is not None and len(g) > 10 else "")
        if vg:
            wi = "d" if vg.startswith("d") or vg.startswith("y") and not vg.startswith("yn") else "yn"
            rest = vg[2:] if vg.startswith("yn") else vg[1:]
            rest = rest.lstrip("0123456789")
            wj = "a" if rest.startswith("a") else ("yn" if rest.startswith("yn") else "d")
            gi, gj, auto = wi == "yn", wj in ("yn", "a"), wj == "a"
            g_hv, g_lv = (gi, gj) if hv == i else (gj, gi)
        else:
            auto = False
            if lv in gens or hv in gens:
                g_hv, g_lv = (lv in gens), (hv in gens and lv not in gens)
            elif buses[lv][0] < 50.0:
                g_hv, g_lv = False, True
            else:
                g_hv = g_lv = True
                auto = a <= 4.0 and a != 1.0
        r12 = num(rec[1], 0) * (sbase / num(rec[1], 2, sbase) if int(num(f, 5, 1)) == 2 else 1.0)
        r_hv_def = 0.5 * r12 * buses[hv][0] ** 2 / sbase if r12 > 0 else 0.75
        wr = [num(g, 4), num(g, 5)] if g is not None else [0.0, 0.0]
        w_hv, w_lv = (wr[0], wr[1]) if hv == i else (wr[1], wr[0])
        r_hv = w_hv if w_hv > 0 else r_hv_def
        r_lv = w_lv if w_lv > 0 else (0.75 if auto and a <= 1.0 else r_hv_def / ((a - 1) ** 2 if auto else a * a))
        n = sidx[bus_sub[hv]]
        h, l = bidx[hv], bidx[lv]
        if auto:
            stamp(h, l, 1 / r_hv); stamp(l, n, 1 / r_lv); grounded.add(bus_sub[hv])
            ieff_of.append((f"{i}-{j}-{ckt}", "auto", h, l, n, r_hv, r_lv, a))
        else:
            if g_hv:
                stamp(h, n, 1 / r_hv); grounded.add(bus_sub[hv])
            if g_lv:
                stamp(l, n, 1 / r_lv); grounded.add(bus_sub[hv])
            ieff_of.append((f"{i}-{j}-{ckt}", "2w", h if g_hv else -1, l if g_lv else -1, n, r_hv, r_lv, a))
    for s in sub_ids:
        rg = subs[s][2] if subs[s][2] > 0 else 0.5
        node = sidx[s]
        rows.append(node); cols.append(node); vals.append(1.0 / (3 * rg) if s in grounded else 1.0)
    y = sp.csc_matrix((vals, (rows, cols)), shape=(len(rhs), len(rhs)))
    # Ties for isolated buses (no DC path): pin them to 0 so that Y is not singular.
    d = y.diagonal()
    pin = np.where(d == 0)[0]
    if len(pin):
        y = y + sp.csc_matrix((np.ones(len(pin)), (pin, pin)), shape=y.shape)
    t_build = time.perf_counter() - t1
    t2 = time.perf_counter()
    u = spla.spsolve(y, rhs)
    t_solve = time.perf_counter() - t2
    t3 = time.perf_counter()
    out = {}
    with open(f"{out_dir}/transformers_numpy.csv", "w") as fo:
        fo.write("transformer_id,ieff_a\n")
        for (tid, kind, h, l, n, r_hv, r_lv, a) in ieff_of:
            if kind == "auto":
                i_s = (u[h] - u[l]) / r_hv
                i_c = (u[l] - u[n]) / r_lv
                ie = abs(i_s + (i_c - i_s) / a)
            else:
                i_h = (u[h] - u[n]) / r_hv if h >= 0 else 0.0
                i_l = (u[l] - u[n]) / r_lv if l >= 0 else 0.0
                ie = abs(i_h + i_l / a)
            out[tid] = ie
            fo.write(f"{tid},{ie}\n")
    t_write = time.perf_counter() - t3
    print(f"numpy/scipy: read .raw+.gic {t_read:.4f} s; build Y {t_build:.4f} s; spsolve {t_solve:.4f} s; "
          f"write {t_write:.4f} s; total {time.perf_counter() - t0:.4f} s ({len(bus_ids)} buses, {len(ieff_of)} transformers)")
    if len(sys.argv) > 4:
        ref = {r["transformer_id"]: float(r["ieff_a"]) for r in csv.DictReader(open(sys.argv[4]))}
        common = [k for k in out if k in ref]
        worst = max(abs(out[k] - ref[k]) for k in common)
        print(f"numpy/scipy vs swxrisk: largest Ieff difference {worst:.3g} A over {len(common)} transformers")


if __name__ == "__main__":
    main()
