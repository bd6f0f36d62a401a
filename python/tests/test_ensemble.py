"""Ensembles from Python: in-process equal to the CLI byte for byte, a Dask LocalCluster with two
worker processes equal to the threaded CLI exactly, merging in any order, and clear errors."""
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

import swxrisk
from swxrisk import ensemble

SOURCE = Path(os.environ.get("SWX_SOURCE_DIR", Path(__file__).resolve().parents[2]))
DEMO = SOURCE / "datasets" / "demo" / "southeast-us"
EXE = os.environ.get("SWXRISK_EXE", "")

ENSEMBLE = """
[ensemble]
members = 3000
seed = 99
grid_realizations = 60
[ensemble.storm]
distribution = "lognormal"
sigma_ln = 0.25
[ensemble.grounding]
distribution = "lognormal"
sigma_ln = 0.5
[ensemble.outages]
transformer_probability = 0.02
"""


def scenario(tmp_path, table=ENSEMBLE):
    text = (f'[study]\nname = "python ensemble"\n[inputs]\nsites = "{DEMO / "sites.geojson"}"\n'
            f'grid = "{SOURCE / "datasets" / "horton2012"}"\nearth_regions = "{DEMO / "earth_regions.geojson"}"\n'
            f'[storm]\nscenario = "nerc-benchmark"\n[index]\ni0_a = 75.0\n'
            f'[outputs]\nfolder = "{tmp_path / "study"}"\n' + table)
    path = tmp_path / "study.toml"
    path.write_text(text)
    return path


def files(folder):
    return {name: (folder / name).read_bytes() for name in ("ensemble_sites.csv", "ensemble_transformers.csv")}


def test_in_process_equals_the_cli(tmp_path):
    path = scenario(tmp_path)
    tables = ensemble.run(path, out=tmp_path / "py", threads=2)
    sites = tables["sites"]
    assert set(["site_id", "p_exceed", "p_exceed_se", "ieff_q05_a", "ieff_q50_a", "ieff_q95_a", "members"]) <= set(sites)
    p = np.asarray(sites["p_exceed"])
    assert np.all((p[~np.isnan(p)] >= 0) & (p[~np.isnan(p)] <= 1))
    assert set(["transformer_id", "p_exceed", "p_exceed_se", "ieff_q05_a", "ieff_q50_a", "ieff_q95_a", "ieff_mean_a"]) <= set(tables["transformers"])
    if not EXE:
        pytest.skip("SWXRISK_EXE not set: the CLI comparison needs the swxrisk executable")
    r = subprocess.run([EXE, "ensemble", str(path), "--out", str(tmp_path / "cli"), "--threads", "1", "-q"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert files(tmp_path / "py") == files(tmp_path / "cli")


def test_merging_in_any_order_and_grouping(tmp_path):
    plan = swxrisk.EnsemblePlan(str(scenario(tmp_path)))
    n = plan.block_count
    assert n == 60
    whole = plan.run_blocks(0, n, 2)
    parts = [plan.run_blocks(a, b, 1) for a, b in [(0, 7), (7, 31), (31, 60)]]
    # Equal bytes but for the last 16, two doubles of compute time.
    assert swxrisk.merge_ensemble_results(parts[::-1])[:-16] == swxrisk.merge_ensemble_results([whole, plan.empty()])[:-16]
    assert swxrisk.merge_ensemble_results(parts)[:-16] == whole[:-16]
    # A result of another ensemble (another seed) is refused, by the merge and by the plan.
    (tmp_path / "other").mkdir()
    other = swxrisk.EnsemblePlan(str(scenario(tmp_path / "other", ENSEMBLE.replace("seed = 99", "seed = 98"))))
    foreign = other.run_blocks(0, 1, 1)
    with pytest.raises(swxrisk.Error, match="different ensembles"):
        swxrisk.merge_ensemble_results([whole, foreign])
    with pytest.raises(swxrisk.Error, match="another ensemble"):
        plan.tables(foreign)


def test_dask_local_cluster_equals_the_threaded_cli(tmp_path):
    import distributed  # python3-distributed: installed by scripts/setup, so never skipped
    path = scenario(tmp_path)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        assert len(client.nthreads()) == 2
        ensemble.run(path, client, out=tmp_path / "dask")
    ensemble.run(path, out=tmp_path / "threads", threads=2)
    assert files(tmp_path / "dask") == files(tmp_path / "threads")
    if EXE:
        r = subprocess.run([EXE, "ensemble", str(path), "--out", str(tmp_path / "cli"), "-q"], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        assert files(tmp_path / "dask") == files(tmp_path / "cli")


def test_module_command_line(tmp_path):
    path = scenario(tmp_path)
    import sys
    r = subprocess.run([sys.executable, "-m", "swxrisk.ensemble", str(path), "--out", str(tmp_path / "m"), "-q"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "p_exceed" in r.stdout
    assert (tmp_path / "m" / "report.md").exists()
    r = subprocess.run([sys.executable, "-m", "swxrisk.ensemble", str(scenario(tmp_path, "")), "-q"], capture_output=True, text=True)
    assert r.returncode == 2
    assert "no [ensemble] table" in r.stderr


def test_errors(tmp_path):
    with pytest.raises(swxrisk.ConfigError, match="ensemble.members"):
        swxrisk.EnsemblePlan(str(scenario(tmp_path, "[ensemble]\nmembers = -1\n")))
    with pytest.raises(swxrisk.ConfigError, match="no \\[ensemble\\] table"):
        swxrisk.EnsemblePlan(str(scenario(tmp_path, "")))
