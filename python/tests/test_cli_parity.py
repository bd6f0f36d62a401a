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


# ---- §3.6.1: run_study(magnetometer=...) ran the NERC benchmark ---------------------------------------

def test_magnetometer_study_matches_cli(tmp_path):
    storm = write_storm(tmp_path / "storm.csv")
    table = swxrisk.run_study(**site_arrays(), grid=str(HORTON), earth_regions=str(REGIONS), magnetometer=str(storm))
    benchmark = swxrisk.run_study(**site_arrays(), grid=str(HORTON), earth_regions=str(REGIONS))
    assert not np.allclose(table["e_peak_v_per_km"], benchmark["e_peak_v_per_km"], equal_nan=True)
    needs_cli()
    sites = write_sites(tmp_path / "sites.geojson")
    scenario = write_scenario(tmp_path / "s.toml", f'magnetometer = "{storm}"', sites, tmp_path / "out")
    run = cli("run", scenario, "-q")
    assert run.returncode == 0, run.stderr
    assert_same_sites(table, read_table(tmp_path / "out" / "sites.csv"))


def test_scenario_defaults_to_the_benchmark_only_without_a_magnetometer(tmp_path):
    args = dict(site_arrays(), supply_substations=[])  # no grid: listed supplies would warn (no_grid)
    default = swxrisk.run_study(**args, earth_model="PT1")
    explicit = swxrisk.run_study(**args, earth_model="PT1", scenario="nerc-benchmark")
    np.testing.assert_allclose(default["e_peak_v_per_km"], explicit["e_peak_v_per_km"])
    storm = write_storm(tmp_path / "storm.csv")
    with pytest.raises(swxrisk.ConfigError, match="give exactly one of scenario"):
        swxrisk.run_study(**args, earth_model="PT1", scenario="nerc-benchmark", magnetometer=str(storm))


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
            swxrisk.dipole_latitude_deg(np.array([10.0]), np.array([0.0]), epoch=2033.0)


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


# ---- index parameters and value checks: the scenario file's keys and messages ---------------------------

def test_index_parameters_as_in_the_index_table():
    args = dict(site_arrays(), grid=str(HORTON), earth_regions=str(REGIONS))
    keyword = swxrisk.run_study(**args, supply_radius_km=500.0)  # MCN, listing no supply, reaches a substation
    table = swxrisk.run_study(**args, index={"supply_radius_km": 500.0, "i0_a": 75})
    for name in ("n_supplies", "exposure_index", "rank"):
        np.testing.assert_array_equal(keyword[name], table[name])
    assert not np.array_equal(keyword["n_supplies"], swxrisk.run_study(**args)["n_supplies"])
    with pytest.raises(swxrisk.ConfigError, match=r"unknown index parameter \(known: weight_hazard, weight_grid, "
                                                  r"e0_v_per_km, i0_a, redundancy_exponent, supply_radius_km\)"):
        swxrisk.run_study(**args, index={"i0": 75.0})
    with pytest.raises(swxrisk.ConfigError, match="expected a number"):
        swxrisk.run_study(**args, index={"i0_a": "big"})


BAD_OPTIONS = [  # keyword, value, scenario-file line (None: a scenario file cannot hold it), table
    ("supply_radius_km", math.nan, None, "index"),
    ("supply_radius_km", -1.0, "supply_radius_km = -1.0", "index"),
    ("epoch", 2040.0, "epoch = 2040.0", "storm"),
]


@pytest.mark.parametrize("key,value,line,table", BAD_OPTIONS)
def test_option_values_are_checked_with_the_cli_message(tmp_path, key, value, line, table):
    with pytest.raises(swxrisk.ConfigError) as info:
        swxrisk.run_study(**site_arrays(), earth_model="PT1", **{key: value})
    message = str(info.value)
    assert f"[field {table}.{key}]" in message and "must be a finite number" in message
    if line is None:
        return
    needs_cli()
    sites = write_sites(tmp_path / "sites.geojson")
    storm = 'scenario = "nerc-benchmark"' + ("\n" + line if table == "storm" else "")
    extra = f"[index]\n{line}" if table == "index" else ""
    run = cli("validate", write_scenario(tmp_path / "s.toml", storm, sites, tmp_path / "out", extra))
    assert run.returncode == 2
    error = run.stderr.splitlines()[0]
    assert error.startswith("ERROR: scenario: ") and error.endswith(message.split("]", 1)[1]), (error, message)


BAD_SITES = [  # what to change in SITES[1], field, message
    ({"criticality": -1.0}, "criticality", "expected a number > 0, got '-1'"),
    ({"criticality": math.nan}, "criticality", "expected a number > 0, got 'nan'"),
    ({"lat": 95.0}, "geometry", "coordinates out of range for WGS84"),
    ({"id": "BHM"}, "id", "duplicate id: another site has the same id"),
    ({"id": "  "}, "id", "empty id"),
]


@pytest.mark.parametrize("change,field,why", BAD_SITES)
def test_sites_are_checked_as_a_sites_file(tmp_path, change, field, why):
    sites = [list(s) for s in SITES]
    site = sites[1]
    site[0] = change.get("id", site[0])
    site[2] = change.get("lat", site[2])
    site[4] = change.get("criticality", site[4])
    with pytest.raises(swxrisk.InputError) as info:
        swxrisk.run_study(**site_arrays(sites), earth_model="PT1")
    assert f"field {field}]" in str(info.value) and why in str(info.value)
    if "criticality" not in change or math.isnan(change["criticality"]):
        return  # GeoJSON holds no NaN, and a file's bad coordinates or ids name its FID or CRS
    needs_cli()
    path = write_sites(tmp_path / "sites.geojson", sites)
    run = cli("validate", write_scenario(tmp_path / "s.toml", 'scenario = "nerc-benchmark"', path, tmp_path / "out"))
    assert run.returncode == 2 and why in run.stderr and f"field {field}]" in run.stderr, run.stderr


# ---- §3.1: efield_map loads the ground and beta as `swxrisk efield-map` does --------------------------

def write_user_models(folder):
    folder.mkdir()
    (folder / "MINE.toml").write_text('name = "MINE"\ndescription = "1 km of 10 ohm-m over 100 ohm-m"\n'
                                      'source = "test fixture"\ngroup = "other"\n'
                                      'layers = [ { thickness_m = 1000.0, resistivity_ohm_m = 10.0 } ]\n'
                                      'half_space_resistivity_ohm_m = 100.0\n')
    return folder


def write_waveform(path):
    """A NERC-style geoelectric waveform (Time, E_EW, E_NS; 10 s) for beta of a model that is no NERC region."""
    with open(path, "w") as f:
        f.write("Time,E_EW (V/km),E_NS (V/km)\n")
        for i in range(1440):
            t = i * 10.0
            f.write(f"{t:g},{0.5 * math.sin(t / 300):.6f},{math.sin(t / 900) * math.exp(-((t - 7200) / 2000) ** 2):.6f}\n")
    return path


def test_efield_map_takes_models_and_waveform_like_the_cli(tmp_path):
    models, wave = write_user_models(tmp_path / "models"), write_waveform(tmp_path / "wave.csv")
    area = dict(bbox=(-90, 30, -80, 36), resolution_deg=1.0)
    with pytest.raises(swxrisk.InputError, match="not a NERC region") as info:
        swxrisk.efield_map("nerc-benchmark", earth_model="MINE", models=str(models), **area)
    values = swxrisk.efield_map("nerc-benchmark", earth_model="MINE", models=str(models), waveform=str(wave), **area)
    assert values.shape == (6, 10) and np.all(np.isfinite(values))
    needs_cli()
    args = ["efield-map", "--scenario", "nerc-benchmark", "--earth-model", "MINE", "--models", models, "--bbox=-90,30,-80,36",
            "--resolution", "1"]
    run = cli(*args, "--out", tmp_path / "no_beta.tif")
    # the same message, with the Python keyword where the CLI names its flag (issue 9 items 16, 25)
    assert "(waveform)" in str(info.value) and "--waveform" not in str(info.value)
    assert run.returncode == 2 and run.stderr.splitlines()[0] == "ERROR: " + str(info.value).replace("(waveform)", "(--waveform)")
    run = cli(*args, "--waveform", wave, "--out", tmp_path / "e.tif")
    assert run.returncode == 0, run.stderr
    gdal = pytest.importorskip("osgeo.gdal")
    ds = gdal.Open(str(tmp_path / "e.tif"))  # keep the dataset: its band dies with it
    np.testing.assert_allclose(ds.GetRasterBand(1).ReadAsArray(), values.astype(np.float32))


# ---- GicSolver(None) ----------------------------------------------------------------------------------

def test_gic_solver_rejects_none():
    with pytest.raises(TypeError):
        swxrisk.GicSolver(None)
