"""The divergences between the CLI and Python (review structure-2026-12 §3.6), each fixed by running
the same request through both front ends: the same request gives the same outputs, the same warnings
and the same error messages. CLI comparisons need SWXRISK_EXE (set by ctest) and skip visibly without it."""
import csv
import json
import math
import os
import shutil
import subprocess
import warnings
from pathlib import Path

import numpy as np
import pytest

import swxrisk

SOURCE = Path(os.environ.get("SWX_SOURCE_DIR", Path(__file__).resolve().parents[2]))
HORTON = SOURCE / "datasets" / "horton2012"
REGIONS = SOURCE / "datasets" / "demo" / "southeast-us" / "earth_regions.geojson"
EXE = os.environ.get("SWXRISK_EXE", "")

# Point sites around the Horton grid; one lists two supplies with a space after the comma.
SITES = [("BHM", -86.80, 33.52, "4", 1.0), ("ATL", -84.39, 33.75, "3, 5", 1.0),
         ("AGS", -81.97, 33.47, "6", 2.0), ("MCN", -83.63, 32.84, None, 1.0)]


def needs_cli():
    if not EXE:
        pytest.skip("SWXRISK_EXE not set: the CLI comparison needs the swxrisk executable")


def cli(*args):
    return subprocess.run([EXE, *map(str, args)], capture_output=True, text=True)


def cli_warnings(stderr):
    """The CLI's warning lines without their "WARNING: " prefix: the text of a Python SwxWarning."""
    return [line[len("WARNING: "):] for line in stderr.splitlines() if line.startswith("WARNING: ")]


def swx_warnings(record):
    return [str(w.message) for w in record if issubclass(w.category, swxrisk.SwxWarning)]


def write_sites(path, sites=SITES):
    features = [{"type": "Feature", "properties": {"id": i, "name": i, "supply_substations": s, "criticality": c},
                 "geometry": {"type": "Point", "coordinates": [lon, lat]}} for i, lon, lat, s, c in sites]
    path.write_text(json.dumps({"type": "FeatureCollection", "name": "sites", "features": features}))
    return path


def site_arrays(sites=SITES):
    return dict(ids=[s[0] for s in sites], lon_deg=np.array([s[1] for s in sites]), lat_deg=np.array([s[2] for s in sites]),
                supply_substations=[s[3] or "" for s in sites], criticality=[s[4] for s in sites])


def write_storm(path):
    """A synthetic storm: a 40-minute substorm bay in X and a ripple in Y, 1-min samples over a day."""
    with open(path, "w") as f:
        f.write("time,X,Y\n")
        for i in range(1440):
            t = i * 60.0
            x = 20000.0 - 900.0 * math.exp(-((t - 43200.0) / 1200.0) ** 2)
            y = -3000.0 + 150.0 * math.sin(t / 700.0)
            f.write(f"2024-05-10T{i // 60:02d}:{i % 60:02d}:00Z,{x:.4f},{y:.4f}\n")
    return path


def write_scenario(path, storm, sites, out, extra=""):
    path.write_text(f"""[study]
name = "parity"
[inputs]
sites = "{sites}"
grid = "{HORTON}"
earth_regions = "{REGIONS}"
[storm]
{storm}
{extra}
[outputs]
folder = "{out}"
""")
    return path


def read_table(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def assert_same_sites(py, cli_rows):
    """Every column of sites.csv equals the Python table's (numbers to 1e-9 relative)."""
    assert list(py["site_id"]) == [r["site_id"] for r in cli_rows]
    for name, values in py.items():
        for i, row in enumerate(cli_rows):
            text = row[name]
            if isinstance(values, np.ndarray):
                expected = float(text) if text not in ("", "nan") else math.nan
                assert values[i] == pytest.approx(expected, rel=1e-9, abs=1e-9, nan_ok=True), (name, row["site_id"])
            else:
                assert values[i] == text, (name, row["site_id"])


def grid_without_grounding(tmp_path):
    """The Horton grid with substation 2's grounding resistance removed (-> grounding_default)."""
    grid = tmp_path / "grid"
    shutil.copytree(HORTON, grid)
    subs = json.loads((grid / "substations.geojson").read_text())
    for f in subs["features"]:
        if f["properties"]["id"] == "2":
            f["properties"]["grounding_ohm"] = None
    (grid / "substations.geojson").write_text(json.dumps(subs))
    return grid




# ---- §3.6.2: supply_substations="3, 5" ----------------------------------------------------------------

def test_supply_ids_are_trimmed_as_in_a_sites_file(tmp_path):
    spaced = swxrisk.run_study(**site_arrays(), grid=str(HORTON), earth_regions=str(REGIONS))
    tight = site_arrays()
    tight["supply_substations"] = [s.replace(" ", "") for s in tight["supply_substations"]]
    plain = swxrisk.run_study(**tight, grid=str(HORTON), earth_regions=str(REGIONS))
    assert spaced["supply_substations"][1] == plain["supply_substations"][1]
    np.testing.assert_array_equal(spaced["n_supplies"], plain["n_supplies"])
    assert spaced["n_supplies"][1] == 2
    sites = write_sites(tmp_path / "sites.geojson")
    scenario = write_scenario(tmp_path / "s.toml", 'scenario = "nerc-benchmark"', sites, tmp_path / "out")
    from_file = swxrisk.run_study_file(str(scenario), write=False)
    for name in ("supply_substations", "flags"):
        assert list(from_file[name]) == list(spaced[name]), name
    for name in ("n_supplies", "ieff_max_a", "exposure_index", "rank"):
        np.testing.assert_array_equal(from_file[name], spaced[name], err_msg=name)


# ---- §3.6.3 and §3.6.4: warnings reach Python, with the CLI's text -------------------------------------

def test_grounding_default_warns_like_the_cli(tmp_path):
    grid = swxrisk.read_grid(str(grid_without_grounding(tmp_path)))
    with pytest.warns(swxrisk.SwxWarning) as record:
        solver = swxrisk.GicSolver(grid)
    texts = swx_warnings(record)
    assert any("[grounding_default]" in t and "feature 2" in t for t in texts)
    assert [w.message.code for w in record if issubclass(w.category, swxrisk.SwxWarning)].count("grounding_default") == 1
    assert solver.warnings == ["WARNING: " + t for t in texts]
    with pytest.warns(swxrisk.SwxWarning, match=r"\[grounding_default\]"):
        swxrisk.run_study(**site_arrays(SITES[:1]), grid=str(tmp_path / "grid"), earth_regions=str(REGIONS))
    needs_cli()
    run = cli("gic", "--grid", tmp_path / "grid", "--out", tmp_path / "o", "-q")
    assert run.returncode == 0, run.stderr
    assert cli_warnings(run.stderr) == texts


def test_dipole_epoch_in_the_guard_band_warns_everywhere(tmp_path):
    lat, lon = np.array([33.5]), np.array([-86.8])
    with pytest.warns(swxrisk.SwxWarning, match=r"\[igrf_extrapolated\] epoch 2032") as record:
        swxrisk.dipole_latitude_deg(lat, lon, epoch=2032.0)
    text = swx_warnings(record)
    with pytest.warns(swxrisk.SwxWarning) as record:
        swxrisk.efield_map("nerc-benchmark", earth_model="PT1", bbox=(-90, 30, -80, 36), resolution_deg=1.0, epoch=2032.0)
    assert swx_warnings(record) == text
    with pytest.warns(swxrisk.SwxWarning) as record:
        swxrisk.run_study(["a"], lon, lat, earth_model="PT1", epoch=2032.0)
    assert swx_warnings(record) == text
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning inside the IGRF-14 validity
        swxrisk.dipole_latitude_deg(lat, lon, epoch=2025.0)
    needs_cli()
    run = cli("efield-map", "--scenario", "nerc-benchmark", "--earth-model", "PT1", "--bbox", "-90,30,-80,36",
              "--resolution", "1", "--epoch", "2032", "--out", tmp_path / "e.tif")
    assert run.returncode == 0, run.stderr
    assert cli_warnings(run.stderr) == text


def test_warnings_can_be_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error", swxrisk.SwxWarning)
        with pytest.raises(swxrisk.SwxWarning):
            swxrisk.dipole_latitude_deg(np.array([10.0]), np.array([0.0]), epoch=2018.0)


# ---- §3.6.6: overwriting ------------------------------------------------------------------------------

def test_timeseries_to_hdf5_refuses_an_existing_file(tmp_path):
    grid = swxrisk.read_grid(str(HORTON))
    solver = swxrisk.GicSolver(grid)
    d = solver.line_displacements("geodesic")
    en, ee = np.ones((1, 10)), np.zeros((1, 10))
    path = tmp_path / "series.h5"
    solver.timeseries_to_hdf5(en, ee, d[:, None, :], 60.0, str(path))
    with pytest.raises(swxrisk.ConfigError, match="output file already exists"):
        solver.timeseries_to_hdf5(en, ee, d[:, None, :], 60.0, str(path))
    solver.timeseries_to_hdf5(2 * en, ee, d[:, None, :], 60.0, str(path), overwrite=True)
    h5py = pytest.importorskip("h5py")
    with h5py.File(path, "r") as f:
        np.testing.assert_allclose(f["transformers/ieff_peak_a"][:], solver.timeseries(2 * en, ee, d[:, None, :], 60.0)["ieff_peak_a"])


# ---- GicSolver(None) ----------------------------------------------------------------------------------

def test_gic_solver_rejects_none():
    with pytest.raises(TypeError):
        swxrisk.GicSolver(None)
