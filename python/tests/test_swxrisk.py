"""pytest suite for the swxrisk Python bindings (run by ctest with PYTHONPATH set to the build)."""
import csv
import json
import math
import os
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest

import swxrisk

SOURCE = Path(os.environ.get("SWX_SOURCE_DIR", Path(__file__).resolve().parents[2]))
HORTON = str(SOURCE / "datasets" / "horton2012")
REFERENCE = Path(os.environ.get("SWX_REFERENCE_DIR", SOURCE.parent / "shared" / "reference"))
EXE = os.environ.get("SWXRISK_EXE", "")

# Horton et al. (2012), IEEE Trans. Power Delivery 27(4), Table VII: ground GIC (A), 1 V/km north / east.
TABLE7 = {"1": (0.00, 0.00), "2": (115.63, -189.29), "3": (139.85, -109.49), "4": (19.98, -124.58),
          "5": (-279.08, -65.46), "6": (-57.29, 354.52), "7": (0.00, 0.00), "8": (60.90, 134.30)}


@pytest.fixture(scope="module")
def horton():
    grid = swxrisk.read_grid(HORTON)
    return grid, swxrisk.GicSolver(grid)


def test_horton_table7_within_0_05_a(horton):
    grid, solver = horton
    north = solver.solve_uniform(1.0, 0.0, distance="nerc")["ground_gic_a"]
    east = solver.solve_uniform(1.0, 90.0, distance="nerc")["ground_gic_a"]
    for i, sid in enumerate(grid.substation_ids):
        assert north[i] == pytest.approx(TABLE7[sid][0], abs=0.05)
        assert east[i] == pytest.approx(TABLE7[sid][1], abs=0.05)


def test_numpy_round_trips(horton):
    grid, solver = horton
    assert grid.substation_lat_deg.dtype == np.float64
    assert grid.substation_lat_deg.shape == (8,)
    assert len(grid.transformer_ids) == 15
    d = solver.line_displacements("nerc")
    assert d.shape == (15, 2)
    # many right-hand sides: EMF matrix (lines, steps) gives currents (elements, steps), equal to single solves
    emf = np.stack([d[:, 0], d[:, 1]], axis=1)  # unit north, unit east
    many = solver.solve_emf(emf)
    assert many["ground_gic_a"].shape == (8, 2)
    east = solver.solve_uniform(1.0, 90.0, distance="nerc")
    np.testing.assert_allclose(many["ground_gic_a"][:, 1], east["ground_gic_a"], atol=1e-9)
    np.testing.assert_allclose(many["ieff_a"][:, 1], east["ieff_a"], atol=1e-9)
    # integer-like and list inputs are cast
    one = solver.solve_emf(list(d[:, 0]))
    assert one["ground_gic_a"].shape == (8, 1)


def test_sweep_bounds_every_direction(horton):
    _, solver = horton
    sweep = solver.sweep(1.0, distance="nerc")
    for az in range(0, 180, 15):
        r = solver.solve_uniform(1.0, float(az), distance="nerc")
        assert np.all(sweep["ieff_max_a"] >= r["ieff_a"] - 1e-9)


def test_timeseries_one_factorisation(horton):
    grid, solver = horton
    d = solver.line_displacements("geodesic")
    steps = 50
    t = np.arange(steps)
    en = np.sin(t / 5.0)[None, :]
    ee = np.cos(t / 7.0)[None, :]
    coupling = d[:, None, :]  # one source
    out = solver.timeseries(en, ee, coupling, 60.0, threshold_a=1.0, keep_series=True)
    assert out["ieff_a"].shape == (15, steps)
    np.testing.assert_allclose(out["ieff_peak_a"], out["ieff_a"].max(axis=1), rtol=1e-12)
    k = 17
    single = solver.solve_emf(d[:, 0] * en[0, k] + d[:, 1] * ee[0, k])
    np.testing.assert_allclose(out["ieff_a"][:, k], single["ieff_a"][:, 0], atol=1e-9)


def test_earth_models_and_efield():
    assert "PT1" in swxrisk.earth_models()
    que = swxrisk.earth_model("QUE")
    f = np.array([1e-3, 1e-2])
    z = que.impedance(f)
    assert z.dtype == np.complex128 and z.shape == (2,)
    half = swxrisk.EarthModel(np.zeros((0, 2)), 100.0, "half-space")
    assert half.apparent_resistivity(np.array([0.01]))[0] == pytest.approx(100.0, rel=1e-9)
    assert half.phase_deg(np.array([0.01]))[0] == pytest.approx(45.0, abs=1e-9)
    t = np.arange(2880) * 60.0
    by = 100.0 * np.sin(2 * np.pi * t / 3600.0)
    ex, ey = swxrisk.geoelectric_from_magnetic(que, np.full_like(by, 20000.0), by, 60.0)
    assert ex.shape == by.shape and np.max(np.abs(ey)) < 1e-9
    k = abs(que.impedance(np.array([1 / 3600.0]))[0]) / (4e-7 * np.pi) * 1e-3  # (mV/km)/nT
    assert np.max(np.abs(ex[720:2160])) == pytest.approx(100.0 * k * 1e-3, abs=1e-3)
    assert swxrisk.nerc_beta_table()["PT1"] == (1.17, 1.19)


def test_geomagnetism_vectorised():
    lat = swxrisk.dipole_latitude_deg(np.array([38.2, 40.1]), np.array([-77.37, -105.24]))
    assert lat.shape == (2,)
    assert lat[0] == pytest.approx(47.19, abs=0.01)  # FRD, IGRF-14 2025.0
    alpha = swxrisk.nerc_alpha(np.array([30.0, 45.0, 70.0]))
    np.testing.assert_allclose(alpha, [0.1, 0.001 * np.exp(0.115 * 45.0), 1.0])
    assert swxrisk.nerc_peak_field_v_per_km("nerc-benchmark", 1.0, 1.17) == pytest.approx(9.36)


def test_igrf_field_and_dip_latitude():
    # Huancayo (HUA, -12.04, -75.32) is the classic dip-equator observatory: |dip latitude| < 0.5 deg in 2015.2.
    hua = swxrisk.igrf_field(-12.04, -75.32, epoch=2015.2)
    assert set(hua) == {"x_nt", "y_nt", "z_nt", "h_nt", "f_nt", "inclination_deg", "declination_deg"}
    assert isinstance(hua["f_nt"], float)
    assert abs(swxrisk.dip_latitude_deg(-12.04, -75.32, epoch=2015.2)) < 0.5
    assert abs(hua["inclination_deg"]) < 1.0
    # The elements of one vector, and tan(dip) = tan(I) / 2.
    lat, lon = np.array([[26.6, -34.43], [64.3, np.nan]]), np.array([[106.7, 19.23], [-96.0, 0.0]])
    b = swxrisk.igrf_field(lat, lon, epoch=2025.0, height_km=0.0)
    assert b["z_nt"].shape == (2, 2)
    np.testing.assert_allclose(b["h_nt"][:1], np.hypot(b["x_nt"], b["y_nt"])[:1], rtol=1e-12)
    np.testing.assert_allclose(b["f_nt"][:1], np.hypot(b["h_nt"], b["z_nt"])[:1], rtol=1e-12)
    np.testing.assert_allclose(b["declination_deg"][:1], np.degrees(np.arctan2(b["y_nt"], b["x_nt"]))[:1], atol=1e-9)
    dip = swxrisk.dip_latitude_deg(lat, lon, epoch=2025.0)
    assert dip.shape == (2, 2) and np.isnan(dip[1, 1]) and np.isnan(b["f_nt"][1, 1])
    np.testing.assert_allclose(np.tan(np.radians(dip[0])), np.tan(np.radians(b["inclination_deg"][0])) / 2, rtol=1e-9)
    # The field weakens with height (degree 1 as (a/r)^3): at 400 km it is 80-85 % of the ground value.
    up = swxrisk.igrf_field(26.6, 106.7, epoch=2025.0, height_km=400.0)
    assert 0.80 < up["f_nt"] / b["f_nt"][0, 0] < 0.85
    with pytest.raises(swxrisk.ModelRangeError, match="1900"):
        swxrisk.igrf_field(10.0, 10.0, epoch=1850.0)
    with pytest.warns(swxrisk.SwxWarning, match="igrf_extrapolated"):
        swxrisk.dip_latitude_deg(10.0, 10.0, epoch=2033.0)


@pytest.mark.reference
def test_igrf_matches_the_low_latitude_site_table():
    table = REFERENCE / "lowlat" / "site_latitudes_check.csv"
    if not table.exists():
        pytest.skip(f"{table} not found (../shared/reference is absent)")
    with open(table, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 19
    for r in rows:
        lat, lon, epoch = float(r["geodetic_lat"]), float(r["lon_E"]), float(r["epoch"])
        b = swxrisk.igrf_field(lat, lon, epoch=epoch)
        assert b["inclination_deg"] == pytest.approx(float(r["inclination_deg"]), abs=0.05), r["site"]
        assert swxrisk.dip_latitude_deg(lat, lon, epoch=epoch) == pytest.approx(float(r["dip_lat_deg"]), abs=0.05), r["site"]
        assert b["h_nt"] == pytest.approx(float(r["H_nT"]), abs=5.0), r["site"]


def test_errors_map_to_python_with_cli_messages(tmp_path):
    with pytest.raises(swxrisk.InputError) as info:
        swxrisk.read_grid(str(tmp_path / "missing.gpkg"))
    assert isinstance(info.value, swxrisk.Error) and isinstance(info.value, RuntimeError)
    with pytest.raises(swxrisk.InputError, match="unknown earth model 'NOPE'"):
        swxrisk.earth_model("NOPE")
    with pytest.raises(swxrisk.ConfigError):
        swxrisk.efield_map("nerc-benchmark", earth_model="PT1", bbox=(0, 5, 5, 0), resolution_deg=1.0)  # south > north (west > east crosses the antimeridian)
    if not EXE:
        pytest.skip("SWXRISK_EXE not set")
    cli = subprocess.run([EXE, "gic", "--grid", str(tmp_path / "missing.gpkg"), "--out", str(tmp_path / "o")],
                         capture_output=True, text=True)
    assert cli.returncode == 2
    assert cli.stderr.splitlines()[0] == "ERROR: " + str(info.value)


def horton_mvar_per_a():
    """Q/Ieff of each Horton transformer from the dataset itself: the default K 1.80 (no k_factor in the files),
    V_pu 1 (no vm_pu), the HV bus's kV (docs/gic-model.md)."""
    def props(layer):
        with open(Path(HORTON) / f"{layer}.geojson") as f:
            return [feat["properties"] for feat in json.load(f)["features"]]
    kv = {b["id"]: b["kv"] for b in props("buses")}
    return {t["id"]: 1.80 * math.sqrt(1.5) * kv[t["hv_bus"]] / 1000.0 for t in props("transformers")}


def test_qloss_from_the_solve_and_the_k_factors(horton):
    grid, solver = horton
    per_a = horton_mvar_per_a()
    r = solver.solve_uniform(1.0, 90.0, distance="nerc")
    expected = np.array([per_a[t] for t in grid.transformer_ids]) * r["ieff_a"]
    np.testing.assert_allclose(r["qloss_mvar"], expected, rtol=1e-12)
    np.testing.assert_allclose(solver.qloss_mvar(-r["ieff_a"]), expected, rtol=1e-12)  # |Ieff|
    k = solver.k_factors()
    assert list(k["k_factor"]) == [1.80] * 15 and list(k["k_assumed"]) == [1.0] * 15
    assert r["bus_voltage_v"].shape == (len(grid.bus_ids),)
    assert r["neutral_voltage_v"].shape == (len(grid.substation_ids),)
    w = solver.sweep(1.0)
    np.testing.assert_allclose(w["qloss_max_mvar"], solver.qloss_mvar(w["ieff_max_a"]), rtol=1e-12)
    with pytest.raises(swxrisk.ConfigError, match="transformers"):
        solver.qloss_mvar(np.zeros(3))


def test_timeseries_hdf5_carries_the_mvar_loss(horton, tmp_path):
    h5py = pytest.importorskip("h5py")
    grid, solver = horton
    per_a = np.array([horton_mvar_per_a()[t] for t in grid.transformer_ids])
    d = solver.line_displacements("geodesic")
    t = np.arange(40)
    en, ee = np.sin(t / 4.0)[None, :], np.cos(t / 6.0)[None, :]
    path = tmp_path / "series.h5"
    solver.timeseries_to_hdf5(en, ee, d[:, None, :], 60.0, str(path), t0_unix_s=1715299200, edge_steps=3)
    ts = solver.timeseries(en, ee, d[:, None, :], 60.0, keep_series=True, edge_steps=3)
    with h5py.File(path, "r") as f:
        ieff = f["transformers/ieff_a"][:].astype(float)
        q = f["transformers/qloss_mvar"][:].astype(float)
        assert f["transformers/qloss_mvar"].attrs["units"] in (b"Mvar", "Mvar")
        assert "sqrt(3/2)" in str(f["transformers/qloss_mvar"].attrs["formula"])
        np.testing.assert_allclose(q, per_a[:, None] * ieff, rtol=1e-6, atol=1e-9)  # float32 storage
        total = f["system/qloss_mvar"][:].astype(float)
        assert total.shape == (1, 40)
        np.testing.assert_allclose(total[0], q.sum(axis=0), rtol=1e-5)
        inside = slice(3, 37)  # the edge zone is left out of the statistics
        np.testing.assert_allclose(f["transformers/qloss_peak_mvar"][:], per_a * ts["ieff_a"][:, inside].max(axis=1), rtol=1e-12)
        np.testing.assert_allclose(f["transformers/qloss_integral_mvar_h"][:],
                                   per_a * ts["ieff_a"][:, inside].sum(axis=1) * 60.0 / 3600.0, rtol=1e-12)
        system = (per_a[:, None] * ts["ieff_a"]).sum(axis=0)
        assert f["system/qloss_peak_mvar"][0] == pytest.approx(system[inside].max(), rel=1e-12)
        assert int(f["system/qloss_peak_mvar"].attrs["step"]) == 3 + int(np.argmax(system[inside]))
        assert list(f["transformers/k_assumed"][:]) == [1.0] * 15
    np.testing.assert_allclose(ts["qloss_peak_mvar"], per_a * ts["ieff_a"][:, inside].max(axis=1), rtol=1e-12)
    assert ts["system_qloss_peak_mvar"] == pytest.approx(system[inside].max(), rel=1e-12)


def test_python_and_cli_give_identical_numbers(horton, tmp_path):
    if not EXE:
        pytest.skip("SWXRISK_EXE not set")
    grid, solver = horton
    out = tmp_path / "cli"
    subprocess.run([EXE, "gic", "--grid", HORTON, "--azimuth-deg", "90", "--distance", "nerc", "--out", str(out), "-q"],
                   check=True)
    py = solver.solve_uniform(1.0, 90.0, distance="nerc")
    with open(out / "substations.csv") as f:
        cli = {r["substation_id"]: float(r["ground_gic_a"]) for r in csv.DictReader(f)}
    for i, sid in enumerate(grid.substation_ids):
        assert py["ground_gic_a"][i] == pytest.approx(cli[sid], rel=1e-9, abs=1e-9)
    with open(out / "transformers.csv") as f:
        cli_t = {r["transformer_id"]: float(r["ieff_a"]) for r in csv.DictReader(f)}
    for i, tid in enumerate(grid.transformer_ids):
        assert py["ieff_a"][i] == pytest.approx(cli_t[tid], rel=1e-9, abs=1e-9)
    with open(out / "transformers.csv") as f:
        cli_q = {r["transformer_id"]: float(r["qloss_mvar"]) for r in csv.DictReader(f)}
    for i, tid in enumerate(grid.transformer_ids):
        assert py["qloss_mvar"][i] == pytest.approx(cli_q[tid], rel=1e-9, abs=1e-9)
    with open(out / "buses.csv") as f:
        cli_v = {r["bus_id"]: float(r["dc_voltage_v"]) for r in csv.DictReader(f)}
    for i, bid in enumerate(grid.bus_ids):
        assert py["bus_voltage_v"][i] == pytest.approx(cli_v[bid], rel=1e-9, abs=1e-9)


def test_study_from_objects_and_from_file(tmp_path):
    table = swxrisk.run_study(["near", "far"], np.array([-84.4, 100.0]), np.array([33.7, 20.0]),
                              earth_model="PT1", grid=HORTON)
    assert list(table["site_id"]) == ["near", "far"]
    assert table["exposure_index"].shape == (2,)
    assert set(table["rank"]) == {1.0, 2.0}
    assert table["flags"][1] == "no_grid"
    scenario = SOURCE / "datasets" / "demo" / "global-datacentres" / "scenario.toml"
    t = swxrisk.run_study_file(str(scenario), out=str(tmp_path / "study"))
    assert len(t["site_id"]) == 12
    assert (tmp_path / "study" / "exposure.tif").exists()
    with pytest.raises(swxrisk.ConfigError, match="output folder already exists and is not empty"):
        swxrisk.run_study_file(str(scenario), out=str(tmp_path / "study"))  # checked before the work, as `swxrisk run`


def test_study_by_return_period():
    """hazard="return-period" (docs/hazard-model.md): ranked by annual probability; the auroral term at 60 deg+
    dipole latitude on QUE is the NERC benchmark's 8 V/km at 100 years; a site with a grid has
    E* = threshold x E_100 / Ieff_100."""
    lon = np.array([-21.9, 106.7, -84.4])
    lat = np.array([64.13, 26.6, 33.7])
    t = swxrisk.run_study(["REY", "GUI", "ATL"], lon, lat, earth_model="PT1", grid=HORTON, hazard="return-period",
                          return_periods_years=[10, 100, 1000], threshold_a=75.0, e_star_v_per_km=2.0)
    for col in ("return_period_years", "annual_probability", "e_star_v_per_km", "e_100yr_v_per_km", "e_100yr_v_per_km_lo",
                "e_1000yr_v_per_km_hi", "ieff_100yr_a", "dominant_term", "dip_lat_deg"):
        assert col in t
    order = np.argsort(t["rank"])
    p = np.asarray(t["annual_probability"])[order]
    assert np.all(np.diff(p) <= 0)
    assert np.all(p > 0)
    assert t["dominant_term"][1] == "sudden_commencement"
    assert abs(t["dip_lat_deg"][1] - 24.14) < 0.05  # Guiyang, ../shared/reference/lowlat/site_latitudes_check.csv
    i = 2  # Atlanta: supplied by the nearest Horton substation
    assert t["e_star_v_per_km"][i] == pytest.approx(75.0 * t["e_100yr_v_per_km"][i] / t["ieff_100yr_a"][i], rel=1e-9)
    assert t["e_star_v_per_km"][0] == 2.0  # Reykjavik: no grid, the stated field
    with pytest.raises(swxrisk.ConfigError, match="threshold_a"):
        swxrisk.run_study(["A"], np.array([0.0]), np.array([50.0]), earth_model="PT1", hazard="return-period", threshold_a=0.0)
    with pytest.raises(swxrisk.ConfigError, match="belong to"):
        swxrisk.run_study(["A"], np.array([0.0]), np.array([50.0]), earth_model="PT1", threshold_a=50.0)


def test_geotiff_and_map(tmp_path):
    values = swxrisk.efield_map("nerc-benchmark", earth_model="PT1", bbox=(-90, 30, -80, 36), resolution_deg=0.5)
    assert values.shape == (12, 20)
    assert np.nanmax(values) <= 8 * 1.0 * 1.17 + 1e-6
    path = tmp_path / "e.tif"
    swxrisk.write_geotiff(values, (-90, 30, -80, 36), 0.5, str(path), description="peak E", units="V/km")
    assert path.exists()
    with pytest.raises(swxrisk.ConfigError):
        swxrisk.write_geotiff(values, (-90, 30, -80, 36), 0.5, str(path))  # exists, no overwrite
    try:
        from osgeo import gdal
    except ImportError:
        return
    ds = gdal.Open(str(path))
    assert ds.RasterXSize == 20 and ds.RasterYSize == 12
    np.testing.assert_allclose(ds.GetRasterBand(1).ReadAsArray(), values.astype(np.float32))


# Regression test: "peak |E| 1.931 V/km" is swxrisk's own earlier output (docs/geoelectric-model.md), pinned so
# that a change shows; it is not an independent value. The record stays in ../shared/reference.
@pytest.mark.reference
@pytest.mark.regression
def test_storm_example_writes_a_plot(tmp_path):
    record = REFERENCE / "storms" / "mar1989_FRD_1min.csv"
    if not record.exists():
        pytest.skip(f"{record} not found (../shared/reference is absent)")
    pytest.importorskip("matplotlib")
    env = dict(os.environ)
    out = subprocess.run(["/usr/bin/python3", str(SOURCE / "scripts" / "examples" / "storm_gic.py"), str(record), "PT1",
                          str(tmp_path / "storm.png")], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert "peak |E| 1.931 V/km" in out.stdout
    assert (tmp_path / "storm.png").stat().st_size > 10000


def test_timeseries_hdf5_output(horton, tmp_path):
    grid, solver = horton
    d = solver.line_displacements("geodesic")
    t = np.arange(30)
    en, ee = np.sin(t / 4.0)[None, :], np.cos(t / 6.0)[None, :]
    path = tmp_path / "series.h5"
    solver.timeseries_to_hdf5(en, ee, d[:, None, :], 60.0, str(path), t0_unix_s=1715299200, source_names=["PT1"])
    assert path.exists()
    series = solver.timeseries(en, ee, d[:, None, :], 60.0, keep_series=True)
    if EXE and subprocess.run(["which", "h5dump"], capture_output=True).returncode == 0:
        out = subprocess.run(["h5dump", "-d", "/transformers/ieff_peak_a", str(path)], capture_output=True, text=True)
        assert out.returncode == 0
        assert "ieff_peak_a" in out.stdout
    h5py = pytest.importorskip("h5py")
    with h5py.File(path, "r") as f:
        np.testing.assert_allclose(f["transformers/ieff_peak_a"][:], series["ieff_peak_a"], rtol=1e-12)
        assert f["transformers/ieff_a"].shape == (15, 30)
        assert f["time_unix_s"][0] == 1715299200
