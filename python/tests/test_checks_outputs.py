"""Bad input refused with the CLI's checks, integer columns, per-region coupling, info, efield_map to a
GeoTIFF, GeoTIFF provenance and the .qml style, GeoPackage field types, the import error, and the
documentation of every public name (issue 9, items 11 and 15-18)."""
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

import swxrisk

SOURCE = Path(os.environ.get("SWX_SOURCE_DIR", Path(__file__).resolve().parents[2]))
HORTON = str(SOURCE / "datasets" / "horton2012")
SE_US = SOURCE / "datasets" / "demo" / "southeast-us"


@pytest.fixture(scope="module")
def horton():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", swxrisk.SwxWarning)
        grid = swxrisk.read_grid(HORTON)
        return grid, swxrisk.GicSolver(grid)


def _fields(solver_grid, steps=20, value=1.0):
    grid, _ = solver_grid
    lines = len(grid.line_ids)
    coupling = np.zeros((lines, 1, 2))
    coupling[:, 0, 1] = 100.0  # 100 km east each
    return np.full((1, steps), value), np.full((1, steps), value), coupling


# --- item 11: what must be refused -------------------------------------------------------------------
def test_timeseries_refuses_a_nan_field(horton):
    en, ee, cp = _fields(horton, value=np.nan)
    with pytest.raises(swxrisk.ConfigError, match=r"field e_north_v_per_km\]: source 0, step 0 is nan: fields must be finite"):
        horton[1].timeseries(en, ee, cp, 60.0)
    en, ee, cp = _fields(horton)
    ee[0, 7] = np.inf
    with pytest.raises(swxrisk.ConfigError, match=r"e_east_v_per_km\]: source 0, step 7 is inf"):
        horton[1].timeseries(en, ee, cp, 60.0)
    with pytest.raises(swxrisk.ConfigError, match="e_north_v_per_km"):
        horton[1].timeseries_to_hdf5(*_fields(horton, value=np.nan), 60.0, os.path.join(tempfile.mkdtemp(), "x.h5"))


@pytest.mark.parametrize("dt", [0.0, -60.0, math.nan, math.inf])
def test_timeseries_refuses_a_bad_sample_interval(horton, dt):
    with pytest.raises(swxrisk.ConfigError, match=r"\[field dt_s\]: must be a finite number > 0"):
        horton[1].timeseries(*_fields(horton), dt)


def test_timeseries_refuses_a_bad_threshold(horton):
    with pytest.raises(swxrisk.ConfigError, match=r"\[field threshold_a\]: must be a finite number > 0"):
        horton[1].timeseries(*_fields(horton), 60.0, threshold_a=math.nan)


def test_uniform_field_refuses_non_finite_or_negative(horton):
    solver = horton[1]
    with pytest.raises(swxrisk.ConfigError, match=r"\[field e_v_per_km\]: must be a finite number >= 0, got nan"):
        solver.solve_uniform(math.nan, 90.0)
    with pytest.raises(swxrisk.ConfigError, match=r"\[field azimuth_deg\]: must be a finite number from -360 to 360, got inf"):
        solver.solve_uniform(1.0, math.inf)
    with pytest.raises(swxrisk.ConfigError, match=r"\[field e_v_per_km\]: must be a finite number >= 0, got -1"):
        solver.sweep(-1.0)
    assert np.isfinite(solver.solve_uniform(0.0, 0.0)["ieff_a"]).all()  # 0 V/km is a valid field


def test_solve_emf_refuses_non_finite_emfs(horton):
    emf = np.zeros((len(horton[0].line_ids), 3))
    emf[2, 1] = np.nan
    with pytest.raises(swxrisk.ConfigError, match=r"\[field line_emf_v\]: line 2, step 1 is nan"):
        horton[1].solve_emf(emf)


# --- item 16 -------------------------------------------------------------------------------------
def test_rank_and_counts_are_integers():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", swxrisk.SwxWarning)
        t = swxrisk.run_study(["a", "b"], [-84.0, -85.0], [33.0, 33.5], grid=HORTON, earth_model="PT1")
    assert t["rank"].dtype == np.int64 and t["n_supplies"].dtype == np.int64
    assert sorted(t["rank"].tolist()) == [1, 2]
    assert t["exposure_index"].dtype == np.float64


def test_peak_step_is_an_integer_index(horton):
    r = horton[1].timeseries(*_fields(horton), 60.0)
    assert r["ieff_peak_step"].dtype == np.int64


def test_timeseries_to_hdf5_records_the_epoch(horton):
    h5py = pytest.importorskip("h5py")
    path = os.path.join(tempfile.mkdtemp(), "ts.h5")
    horton[1].timeseries_to_hdf5(*_fields(horton), 60.0, path)
    with h5py.File(path) as f:
        assert f.attrs["dipole_epoch_year"] == 2025.0  # was 0.0
    horton[1].timeseries_to_hdf5(*_fields(horton), 60.0, path, overwrite=True, epoch=2024.5)
    with h5py.File(path) as f:
        assert f.attrs["dipole_epoch_year"] == 2024.5
    with pytest.raises(swxrisk.ConfigError, match=r"\[field epoch\]"):
        horton[1].timeseries_to_hdf5(*_fields(horton), 60.0, path, overwrite=True, epoch=1800.0)


def test_timeseries_to_hdf5_deflate_is_lossless(horton):
    h5py = pytest.importorskip("h5py")
    d = tempfile.mkdtemp()
    plain, packed = os.path.join(d, "plain.h5"), os.path.join(d, "packed.h5")
    horton[1].timeseries_to_hdf5(*_fields(horton), 60.0, plain)
    horton[1].timeseries_to_hdf5(*_fields(horton), 60.0, packed, hdf5_deflate=6)
    with h5py.File(plain) as a, h5py.File(packed) as b:
        assert b["transformers/ieff_a"].compression == "gzip" and b["transformers/ieff_a"].shuffle
        assert a["transformers/ieff_a"].compression is None
        assert a["transformers/ieff_a"].chunks[1] == min(32, a["transformers/ieff_a"].shape[1])
        for name in ("transformers/ieff_a", "substations/ground_gic_a", "lines/gic_a", "system/qloss_mvar"):
            assert np.array_equal(a[name][...], b[name][...])
    with pytest.raises(swxrisk.ConfigError, match="hdf5_deflate"):
        horton[1].timeseries_to_hdf5(*_fields(horton), 60.0, packed, overwrite=True, hdf5_deflate=10)


def test_per_region_coupling_splits_each_line_between_the_models(horton):
    grid, solver = horton
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", swxrisk.SwxWarning)
        coupling, models = solver.coupling(earth_regions=str(SE_US / "earth_regions.geojson"), earth_model="PT1")
    assert coupling.shape == (len(grid.line_ids), len(models), 2)
    assert len(models) >= 2  # the Horton routes cross region boundaries
    # The pieces add up to the whole route's geodesic displacement (within 0.5 km).
    np.testing.assert_allclose(coupling.sum(axis=1), solver.line_displacements("geodesic"), atol=0.5)
    # One field per model: a field only in the first model's area drives only the lines in it.
    steps = 10
    en = np.zeros((len(models), steps))
    ee = np.zeros((len(models), steps))
    ee[0, :] = 1.0
    r = solver.timeseries(en, ee, coupling, 60.0)
    np.testing.assert_allclose(r["line_emf_peak_abs_v"], np.abs(coupling[:, 0, 1]), atol=1e-9)


def test_a_line_outside_every_region_names_the_lines_file_of_a_folder_grid(horton):
    # Issue 9 item 25: the error names datasets/horton2012/lines.geojson, not the folder.
    _, solver = horton
    regions = Path(tempfile.mkdtemp()) / "tiny.geojson"
    regions.write_text('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"r","model":"PT1"},'
                       '"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}}]}')
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", swxrisk.SwxWarning)
        with pytest.raises(swxrisk.InputError, match="outside every earth region") as e:
            solver.coupling(earth_regions=str(regions), earth_model="", models="")
    assert f"'{os.path.join(HORTON, 'lines.geojson')}' [layer lines, feature" in str(e.value), str(e.value)
    # and its hint names the keyword, not the CLI flag (item 25: "give --earth-model")
    assert "--" not in str(e.value).split("]", 1)[-1] and "earth_model" in str(e.value), str(e.value)


def test_grid_info_is_what_swxrisk_info_prints(horton):
    grid, _ = horton
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", swxrisk.SwxWarning)
        info = grid.info()
    s = grid.summary()
    for key in ("substations", "buses", "transformers", "lines"):
        assert info[key] == s[key]
    assert sum(info["transformer_types"].values()) == s["transformers"]
    assert info["line_length_km"] > 0 and info["dc_nodes"] > 0
    assert len(info["warnings"]) == len([w for w in caught if issubclass(w.category, swxrisk.SwxWarning)])


def test_efield_map_writes_the_geotiff_with_crs_and_metadata():
    gdal = pytest.importorskip("osgeo.gdal")
    out = os.path.join(tempfile.mkdtemp(), "peak.tif")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", swxrisk.SwxWarning)
        e = swxrisk.efield_map("nerc-benchmark", earth_model="PT1", bbox=(-86, 32, -84, 34), resolution_deg=0.5,
                               crs="EPSG:5070", out=out)
    assert e.shape == (4, 4) and np.isfinite(e).all()
    ds = gdal.Open(out)
    assert "5070" in ds.GetProjection() or "Albers" in ds.GetProjection()
    md = ds.GetMetadata()
    assert md["SWXRISK_SCENARIO"] == "nerc-benchmark"
    assert md["SWXRISK_EARTH_MODEL"] == "PT1"
    assert md["SWXRISK_DIPOLE_EPOCH"] == "2025"
    assert md["SWXRISK_METHOD"].startswith("E_peak = E_ref x alpha")


def test_efield_map_errors_name_the_keywords_not_cli_flags():
    for kwargs, field in [(dict(scenario="nerc-nope"), "scenario"), (dict(epoch=1800.0), "epoch"),
                          (dict(resolution_deg=0.0), "resolution_deg"), (dict(out="x.png"), "out"),
                          (dict(earth_model=""), "earth_regions"),
                          (dict(bbox=(-180, -90, 180, 90), resolution_deg=0.0001), "resolution_deg")]:
        args = dict(scenario="nerc-benchmark", earth_model="PT1", bbox=(-86, 32, -84, 34), resolution_deg=0.5)
        args.update(kwargs)
        with pytest.raises(swxrisk.ConfigError) as e:
            swxrisk.efield_map(**args)
        assert f"field {field}]" in str(e.value) and "--" not in str(e.value), str(e.value)


# --- item 17: GeoTIFF metadata, the .qml style; item 18: GeoPackage field types -------------------
@pytest.fixture(scope="module")
def study_out():
    out = Path(tempfile.mkdtemp()) / "se"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", swxrisk.SwxWarning)
        swxrisk.run_study_file(str(SE_US / "scenario.toml"), out=str(out))
    return out


def test_study_geotiffs_carry_the_documented_metadata(study_out):
    gdal = pytest.importorskip("osgeo.gdal")
    for name in ("exposure.tif", "peak_e.tif"):
        md = gdal.Open(str(study_out / name)).GetMetadata()
        for key in ("SWXRISK_VERSION", "SWXRISK_STUDY", "SWXRISK_SCENARIO", "SWXRISK_EARTH_REGIONS",
                    "SWXRISK_EARTH_MODEL", "SWXRISK_DIPOLE_EPOCH", "SWXRISK_METHOD"):
            assert key in md, (name, key)
        assert md["SWXRISK_EARTH_REGIONS"].endswith("earth_regions.geojson")
        assert md["SWXRISK_EARTH_MODEL"] == "none"
        assert md["SWXRISK_DIPOLE_EPOCH"] == "2025"
    assert "exposure index" in gdal.Open(str(study_out / "exposure.tif")).GetMetadata()["SWXRISK_METHOD"]


def test_exposure_qml_styles_the_classes(study_out):
    root = ET.parse(study_out / "exposure.qml").getroot()
    shader = root.find("./pipe/rasterrenderer/rastershader/colorrampshader")
    assert root.find("./pipe/rasterrenderer").get("type") == "singlebandpseudocolor"
    assert shader.get("colorRampType") == "DISCRETE"
    items = shader.findall("item")
    assert [i.get("label").split(" ")[0] for i in items] == ["low", "moderate", "high", "severe"]
    bounds = [float(i.get("value")) for i in items]
    # QGIS takes the first item >= the value: each bound lies at or above the largest float32 below the
    # class limit and below the limit itself, so 25.0 is moderate as in swxrisk's classes.
    for bound, limit in zip(bounds[:3], (25.0, 50.0, 75.0)):
        assert np.float32(bound) < limit <= bound + 1e-5 and bound < limit
    assert math.isinf(bounds[3])


def test_exposure_class_raster_has_a_colour_table_and_the_classes(study_out):
    gdal = pytest.importorskip("osgeo.gdal")
    idx_ds = gdal.Open(str(study_out / "exposure.tif"))
    cls_ds = gdal.Open(str(study_out / "exposure_class.tif"))
    assert cls_ds.GetGeoTransform() == idx_ds.GetGeoTransform()
    band = cls_ds.GetRasterBand(1)
    assert band.DataType == gdal.GDT_Byte and band.GetNoDataValue() == 0
    assert band.GetColorInterpretation() == gdal.GCI_PaletteIndex
    ct = band.GetColorTable()
    assert [ct.GetColorEntry(i) for i in range(5)] == [(0, 0, 0, 0), (46, 160, 67, 255), (240, 200, 40, 255),
                                                       (240, 120, 30, 255), (200, 30, 40, 255)]
    index = idx_ds.GetRasterBand(1).ReadAsArray()
    classes = band.ReadAsArray()
    expected = np.where(np.isfinite(index), 1 + np.digitize(np.nan_to_num(index), [25.0, 50.0, 75.0]), 0)
    np.testing.assert_array_equal(classes, expected)
    assert len(set(np.unique(classes)) - {0}) >= 2  # the demo has more than one class
    md = cls_ds.GetMetadata()
    assert md["SWXRISK_CLASSES"].startswith("0 nodata, 1 low") and md["SWXRISK_EARTH_MODEL"] == "none"


def test_write_geotiff_takes_provenance_metadata():
    gdal = pytest.importorskip("osgeo.gdal")
    path = os.path.join(tempfile.mkdtemp(), "x.tif")
    md = swxrisk.provenance_metadata(study="s", scenario="nerc-benchmark", earth_model="PT1", epoch=2025.0,
                                     method="m")
    swxrisk.write_geotiff(np.ones((2, 2)), (0, 0, 2, 2), 1.0, path, metadata=md)
    got = gdal.Open(path).GetMetadata()
    assert got["SWXRISK_EARTH_MODEL"] == "PT1" and got["SWXRISK_EARTH_REGIONS"] == "none"
    assert got["SWXRISK_METHOD"] == "m" and "SWXRISK_VERSION" in got


def test_sites_gpkg_field_types(study_out):
    ogr = pytest.importorskip("osgeo.ogr")
    ds = ogr.Open(str(study_out / "sites.gpkg"))
    defn = ds.GetLayerByName("sites").GetLayerDefn()
    types = {defn.GetFieldDefn(i).GetName(): defn.GetFieldDefn(i).GetType() for i in range(defn.GetFieldCount())}
    assert types["rank"] == ogr.OFTInteger64 and types["n_supplies"] == ogr.OFTInteger64
    assert types["exposure_index"] == ogr.OFTReal
    lines = ds.GetLayerByName("lines").GetLayerDefn()
    blocked = lines.GetFieldDefn(lines.GetFieldIndex("dc_blocked"))
    assert blocked.GetType() == ogr.OFTInteger and blocked.GetSubType() == ogr.OFSTBoolean


# --- item 15: the import error says what to build --------------------------------------------------
def test_import_without_the_extension_says_what_to_build():
    pkg = Path(tempfile.mkdtemp())
    (pkg / "swxrisk").mkdir()
    shutil.copy(Path(swxrisk.__file__), pkg / "swxrisk" / "__init__.py")
    r = subprocess.run([sys.executable, "-c", "import swxrisk"], env={**os.environ, "PYTHONPATH": str(pkg)},
                       cwd=pkg, capture_output=True, text=True)
    assert r.returncode != 0
    assert "cmake --build --preset release --target _swxrisk" in r.stderr
    assert "/usr/bin/python3" in r.stderr


# --- item 16: every public name is documented -------------------------------------------------------
def test_every_public_name_is_in_docs_python_md():
    doc = (SOURCE / "docs" / "python.md").read_text(encoding="utf-8")
    missing = []
    for name in sorted(n for n in dir(swxrisk) if not n.startswith("_")):
        obj = getattr(swxrisk, name)
        if isinstance(obj, type(swxrisk)):  # submodules (none today)
            continue
        if not re.search(r"\b" + re.escape(name) + r"\b", doc):
            missing.append(name)
        if isinstance(obj, type) and obj.__module__.startswith("swxrisk") and not issubclass(obj, BaseException):
            for member in (m for m in dir(obj) if not m.startswith("_")):
                if not re.search(r"\b" + re.escape(member) + r"\b", doc):
                    missing.append(f"{name}.{member}")
    # Keyword arguments, from pybind11's signature line ("name(arg: type = default, ...) -> ...").
    callables = [(n, getattr(swxrisk, n)) for n in dir(swxrisk) if not n.startswith("_")]
    callables += [(f"{n}.{m}", getattr(c, m)) for n, c in callables if isinstance(c, type) and not issubclass(c, BaseException)
                  for m in dir(c) if not m.startswith("_") and callable(getattr(c, m))]
    for qualname, f in callables:
        first = (getattr(f, "__doc__", "") or "").split("\n", 1)[0]
        m = re.match(r"\w+\((.*)\)( -> .*)?$", first)
        if not m or not getattr(f, "__module__", "swxrisk").startswith("swxrisk") and "swxrisk" not in repr(f):
            continue
        for arg in re.findall(r"(?:^|, )(\w+): ", m.group(1)):
            if arg != "self" and not re.search(r"\b" + re.escape(arg) + r"\b", doc):
                missing.append(f"{qualname}({arg}=)")
    assert not missing, "not in docs/python.md: " + ", ".join(missing)


# --- item 2 in Python: the record's edge zone is left out of the statistics, as in the CLI -------------
def test_timeseries_leaves_the_edge_zone_out_of_its_statistics(horton):
    # 60 one-minute steps of 1 V/km with a 5 V/km spike at step 3: inside a 10-minute edge zone.
    en, ee, cp = _fields(horton, steps=60)
    en[0, 3] = ee[0, 3] = 5.0
    edge = swxrisk.edge_zone_samples(60, 60.0)
    assert edge == 10  # 600 s at 60 s; the rule of docs/geoelectric-model.md
    assert swxrisk.edge_zone_samples(20, 60.0) == 5  # at most a quarter of the record
    whole = horton[1].timeseries(en, ee, cp, 60.0)
    inner = horton[1].timeseries(en, ee, cp, 60.0, edge_steps=edge)
    assert whole["edge_steps"] == 0 and inner["edge_steps"] == edge
    assert np.all(whole["ieff_peak_step"][whole["ieff_peak_a"] > 0] == 3)
    # outside the edge zone every step has the same 1 V/km field: the peak is 1/5 of the spike's (linear)
    np.testing.assert_allclose(inner["ieff_peak_a"], whole["ieff_peak_a"] / 5.0, rtol=1e-12, atol=1e-9)
    carrying = inner["ieff_peak_a"] > 1e-6  # transformers with current (the others peak at step 0 with 0 A)
    assert carrying.any()
    steps = inner["ieff_peak_step"][carrying]
    assert np.all((steps >= edge) & (steps < 60 - edge))
    assert inner["line_gic_peak_abs_a"].shape == (len(horton[0].line_ids),)
    with pytest.raises(swxrisk.ConfigError, match=r"\[field edge_steps\]: must be a whole number from 0 to half"):
        horton[1].timeseries(en, ee, cp, 60.0, edge_steps=31)
    with pytest.raises(swxrisk.ConfigError, match=r"\[field dt_s\]"):
        swxrisk.edge_zone_samples(60, 0.0)


# --- item 14: longitudes above 180 are normalised, as the sites reader does ---------------------------
def test_run_study_normalises_longitudes():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", swxrisk.SwxWarning)
        given = swxrisk.run_study(["a"], [276.0], [33.0], grid=HORTON, earth_model="PT1")  # 276°E = 84°W
        usual = swxrisk.run_study(["a"], [-84.0], [33.0], grid=HORTON, earth_model="PT1")
    assert given["lon_deg"][0] == pytest.approx(-84.0, abs=1e-9)
    assert given["exposure_index"][0] == pytest.approx(usual["exposure_index"][0], abs=1e-9)
