"""Ensembles of a scenario file's ``[ensemble]`` table, in-process or on a Dask cluster.

``run(scenario, client=None, out=None)`` computes every member and writes the outputs (ensemble_sites.csv
and .gpkg, ensemble_transformers.csv, report.md, ensemble_p_exceed.tif with a study area,
ensemble_members.h5 when asked) into ``out``, else the scenario's ensemble folder; it returns the sites
and transformers tables as dicts of numpy arrays.

With a ``dask.distributed.Client`` the work units (grid realizations, or blocks of members on the one
grid) are chunked into Dask tasks. Each worker process reads the scenario's inputs once (the files
must be readable at the same path on every worker), runs its blocks in C++ without the GIL, and the
partial results — integer counts, histograms and fixed-point sums — are merged on the cluster in a
tree; the client only writes the outputs. Merging is exact, so the results are bit-identical to
``swxrisk ensemble`` whatever the number of workers and the chunking.

Command line: ``python3 -m swxrisk.ensemble SCENARIO.toml [--scheduler tcp://HOST:8786] [--out DIR]``.
See docs/ensembles.md for the cluster recipes.
"""
import argparse
import os
import sys
import time

from . import _swxrisk

__all__ = ["run", "main"]

_PLANS = {}


def _plan(scenario, out):
    """The plan of a scenario on this process, read once and kept (one per worker process). The key has
    the file's size and modification time, so an edited scenario is read again; a plan whose inputs
    changed gives results that the client's plan refuses (their fingerprints differ)."""
    st = os.stat(scenario)
    key = (os.path.abspath(scenario), out or "", st.st_mtime_ns, st.st_size)
    plan = _PLANS.get(key)
    if plan is None:
        plan = _swxrisk.EnsemblePlan(os.path.abspath(scenario), out or "")
        _PLANS[key] = plan
    return plan


def _run_chunk(scenario, out, first, last, threads):
    return _plan(scenario, out).run_blocks(first, last, threads)


def _merge(*parts):
    return _swxrisk.merge_ensemble_results(list(parts))


def _chunks(blocks, tasks):
    """[first, last) ranges of blocks: `tasks` chunks of nearly equal size."""
    tasks = max(1, min(tasks, blocks))
    return [(i * blocks // tasks, (i + 1) * blocks // tasks) for i in range(tasks)]


def _run_dask(plan, scenario, out, client, tasks_per_thread, fan_in, log):
    threads = sum(client.nthreads().values()) or 1
    chunks = _chunks(plan.block_count, threads * tasks_per_thread)
    # One task per chunk; each worker thread runs its chunk on one thread (Dask provides the parallelism).
    # The task functions by their module's name, so that workers import them (run as
    # `python3 -m swxrisk.ensemble`, this file is __main__, whose functions would be pickled by value).
    import swxrisk.ensemble as module
    parts = [client.submit(module._run_chunk, scenario, out, a, b, 1, pure=False) for a, b in chunks]
    if log:
        log("submitted %d tasks (%d blocks) to %d worker threads" % (len(parts), plan.block_count, threads))
    # Reduce on the cluster: merge groups of `fan_in` partials until one remains.
    futures = parts
    while len(futures) > 1:
        futures = [client.submit(module._merge, *futures[i:i + fan_in], pure=False) for i in range(0, len(futures), fan_in)]
    if log:
        from distributed import as_completed
        t0, last, done = time.monotonic(), 0.0, 0
        for _ in as_completed(parts):
            done += 1
            now = time.monotonic()
            if now - last >= 2.0 or done == len(parts):
                last = now
                elapsed = now - t0
                log("%d/%d tasks (%.0f %%), %.1f s elapsed, ETA %.1f s" %
                    (done, len(parts), 100.0 * done / len(parts), elapsed, elapsed / done * (len(parts) - done)))
    return futures[0].result()


def run(scenario, client=None, out=None, *, threads=0, overwrite=False, write=True, tasks_per_thread=4, fan_in=8, log=None):
    """Runs the ensemble of ``scenario`` (a scenario file with an ``[ensemble]`` table).

    client: None (in-process, ``threads`` threads, 0 = all cores) or a ``dask.distributed.Client``.
    out: output folder (default: the scenario's ensemble folder, docs/ensembles.md).
    write: write the outputs (all or nothing); the tables are returned either way.
    Returns {"sites": dict of arrays, "transformers": dict of arrays}.
    """
    scenario = os.path.abspath(os.fspath(scenario))
    out = os.path.abspath(os.fspath(out)) if out else ""
    plan = _plan(scenario, out)
    if write:
        plan.check_out(overwrite)  # before the work, as `swxrisk ensemble`
    t0 = time.monotonic()
    if client is None:
        result = plan.run_blocks(0, plan.block_count, threads)
    else:
        result = _run_dask(plan, scenario, out, client, tasks_per_thread, fan_in, log)
    if log:
        seconds = time.monotonic() - t0
        log("%d members in %.1f s (%.0f members/s)" % (plan.members, seconds, plan.members / max(seconds, 1e-9)))
    if write:
        plan.write(result, overwrite)
    return plan.tables(result)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m swxrisk.ensemble",
                                     description="Run a scenario file's [ensemble] in-process or on a Dask cluster (docs/ensembles.md).")
    parser.add_argument("scenario", help="scenario file (TOML) with an [ensemble] table")
    parser.add_argument("--scheduler", help="address of a Dask scheduler, e.g. tcp://HOST:8786 (default: in-process threads)")
    parser.add_argument("--local-workers", type=int, default=0,
                        help="start a dask.distributed LocalCluster with this many worker processes instead")
    parser.add_argument("--threads", type=int, default=0, help="in-process threads (default: all cores)")
    parser.add_argument("--out", help="output folder (default: the scenario's ensemble folder)")
    parser.add_argument("--overwrite", action="store_true", help="replace the results in an existing output folder")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress")
    args = parser.parse_args(argv)
    log = None if args.quiet else (lambda s: print(s, file=sys.stderr, flush=True))
    client = None
    cluster = None
    try:
        if args.scheduler or args.local_workers:
            try:
                from dask.distributed import Client, LocalCluster
            except ImportError as e:
                print("ERROR: dask.distributed is not installed (Debian: python3-distributed): " + str(e), file=sys.stderr)
                return 2
            if args.scheduler:
                client = Client(args.scheduler)
            else:
                cluster = LocalCluster(n_workers=args.local_workers, threads_per_worker=1, processes=True)
                client = Client(cluster)
        tables = run(args.scenario, client, args.out, threads=args.threads, overwrite=args.overwrite, log=log)
    except _swxrisk.ConfigError as e:
        print("ERROR: " + str(e), file=sys.stderr)
        return 2
    except _swxrisk.Error as e:
        print("ERROR: " + str(e), file=sys.stderr)
        return 1
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
    sites = tables["sites"]
    order = sorted((i for i in range(len(sites["site_id"])) if sites["p_exceed"][i] == sites["p_exceed"][i]),
                   key=lambda i: -sites["p_exceed"][i])
    print("p_exceed  ± se     site")
    for i in order[:10]:
        print("%7.4f  %.4f  %s" % (sites["p_exceed"][i], sites["p_exceed_se"][i], sites["site_id"][i]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
