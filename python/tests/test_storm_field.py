"""swxrisk.StormField: E(t) at points from many records (SECS) and MT tensors, and line couplings that give
GicSolver.timeseries the CLI's time series (docs/geoelectric-model.md, "Fields that vary in space")."""
import os
from pathlib import Path

import numpy as np
import pytest

import swxrisk

SOURCE = Path(os.environ.get("SWX_SOURCE_DIR", Path(__file__).resolve().parents[2]))
HORTON = str(SOURCE / "datasets" / "horton2012")
STATIONS = [("AAA", 32.8, -88.0), ("BBB", 35.2, -87.5), ("CCC", 33.5, -83.0), ("DDD", 35.5, -83.5)]


def _record(phase, scale, n=1440, dt=60.0):
    t = np.arange(n) * dt
    bx = 20000.0 - scale * 900.0 * np.exp(-(((t - 43200.0 - 600.0 * phase) / 1200.0) ** 2))
    by = -3000.0 + scale * 150.0 * np.sin(t / 700.0 + phase)
    return bx, by


def _write_folder(folder):
    folder.mkdir()
    rows = ["id,lat_deg,lon_deg"]
    for k, (sid, lat, lon) in enumerate(STATIONS):
        bx, by = _record(0.5 * k, 1.0 + 0.25 * k)
        lines = ["time,X,Y"] + [f"2024-05-10T{i // 60:02d}:{i % 60:02d}:00Z,{bx[i]:.4f},{by[i]:.4f}" for i in range(bx.size)]
        (folder / f"{sid}.csv").write_text("\n".join(lines) + "\n")
        rows.append(f"{sid},{lat},{lon}")
    (folder / "stations.csv").write_text("\n".join(rows) + "\n")
    return folder


def test_field_at_is_e_of_the_secs_predicted_b(tmp_path):
    folder = _write_folder(tmp_path / "mags")
    field = swxrisk.StormField(magnetometers=str(folder), earth_model="PT1")
    assert field.station_ids == [s[0] for s in STATIONS]
    assert field.steps == 1440 and field.dt_s == 60.0 and field.edge_steps > 0
    lat, lon = np.array([34.0, 33.2]), np.array([-85.5, -84.0])
    e = field.field_at(lat, lon)
    assert e["ex_v_per_km"].shape == (2, 1440)
    # The independent path: SECS prediction of the (baseline-removed) records, then the plane-wave E(t).
    mags = swxrisk.read_magnetometers(str(folder))
    secs = swxrisk.SecsInterpolator([[s[1], s[2]] for s in STATIONS])
    bx, by = secs.predict(np.column_stack([lat, lon]), mags["bx_nt"], mags["by_nt"])
    for i in range(2):
        ex, ey = swxrisk.geoelectric_from_magnetic(swxrisk.earth_model("PT1"), bx[i], by[i], 60.0)
        scale = np.max(np.hypot(ex, ey))
        assert scale > 0.01
        np.testing.assert_allclose(e["ex_v_per_km"][i], ex, rtol=0, atol=1e-9 * scale)
        np.testing.assert_allclose(e["ey_v_per_km"][i], ey, rtol=0, atol=1e-9 * scale)
    assert list(e["earth_model"]) == ["PT1", "PT1"]
    assert all(s for s in e["stations"])
    assert np.all(np.isnan(e["mt_distance_km"]))


def test_coupling_gives_the_cli_time_series(tmp_path):
    folder = _write_folder(tmp_path / "mags")
    field = swxrisk.StormField(magnetometers=str(folder), earth_model="PT1")
    grid = swxrisk.read_grid(HORTON)
    e_north, e_east, names = field.sources()
    assert e_north.shape == (len(names), field.steps)
    coupling = field.coupling(grid, line_sample_km=10.0)
    assert coupling.shape == (len(grid.line_ids), len(names), 2)
    stats = swxrisk.GicSolver(grid).timeseries(e_north, e_east, coupling, dt_s=field.dt_s, edge_steps=field.edge_steps)
    # The same run through run_study's machinery is the CLI's; here: every line couples, the peaks are real.
    assert np.all(np.abs(coupling).sum(axis=(1, 2)) > 0)
    assert np.max(stats["ieff_peak_a"]) > 1.0
    # A 1 km sampling changes the peaks by well under 1 %.
    fine = swxrisk.GicSolver(grid).timeseries(e_north, e_east, field.coupling(grid, line_sample_km=1.0), dt_s=field.dt_s,
                                              edge_steps=field.edge_steps)
    np.testing.assert_allclose(fine["ieff_peak_a"], stats["ieff_peak_a"], rtol=0.01, atol=0.01)


def test_mt_site_and_errors(tmp_path):
    n, dt = 1440, 60.0
    bx, by = _record(0.0, 1.0)
    rec = tmp_path / "one.csv"
    rec.write_text("time,X,Y\n" + "".join(f"2024-05-10T{i // 60:02d}:{i % 60:02d}:00Z,{bx[i]:.4f},{by[i]:.4f}\n" for i in range(n)))
    periods = np.logspace(0, 5, 21)
    rows = []
    for t in periods:
        s = 30.0 / np.sqrt(t)
        z = [0.1 * s, s * np.exp(1j * np.deg2rad(45)), -0.8 * s * np.exp(1j * np.deg2rad(50)), -0.05 * s]
        names = ["Zxx", "Zxy", "Zyx", "Zyy"]
        values = "".join(f'<value name="{names[j]}">{complex(z[j]).real!r} {complex(z[j]).imag!r}</value>' for j in range(4))
        rows.append(f'<Period units="secs" value="{t!r}"><Z units="[mV/km]/[nT]">{values}</Z></Period>')
    site = tmp_path / "emtf"
    site.mkdir()
    (site / "MTA.xml").write_text(
        '<?xml version="1.0"?><EM_TF><Site><Id>MTA</Id><Location><Latitude>34.0</Latitude><Longitude>-86.0</Longitude>'
        '</Location></Site><ProcessingInfo><SignConvention>exp(+ i\\omega t)</SignConvention></ProcessingInfo>'
        f'<Data count="{periods.size}">' + "".join(rows) + "</Data></EM_TF>")
    field = swxrisk.StormField(magnetometer=str(rec), mt_sites=str(site), earth_model="PT1", mt_max_distance_km=50.0)
    e = field.field_at(np.array([34.05, 36.0]), np.array([-86.0, -86.0]))
    assert e["mt_site"][0] == "MTA" and e["mt_distance_km"][0] == pytest.approx(5.56, abs=0.05)
    assert e["mt_site"][1] == "" and e["earth_model"][1] == "PT1"
    # Through the site's tensor, extended with the ground's model there (PT1), as mt_efield computes it.
    b = swxrisk.read_magnetometer(str(rec))  # the record as written (4 decimals)
    ex, ey = swxrisk.mt_efield(str(site / "MTA.xml"), b["bx_nt"], b["by_nt"], dt, extension_model="PT1")
    np.testing.assert_allclose(e["ex_v_per_km"][0], ex, rtol=0, atol=1e-12)
    np.testing.assert_allclose(e["ey_v_per_km"][0], ey, rtol=0, atol=1e-12)
    with pytest.raises(swxrisk.ConfigError, match="not both"):
        swxrisk.StormField(magnetometer=str(rec), magnetometers=str(tmp_path), earth_model="PT1")
    with pytest.raises(swxrisk.ConfigError, match="storm record"):
        swxrisk.StormField(mt_sites=str(site), earth_model="PT1")


def test_efield_map_series_out_has_dimension_scales(tmp_path):
    """The E(t) grid opens as netCDF-4 (h5netcdf/xarray): every dataset of the time axis has its dimension scales."""
    exe = os.environ.get("SWXRISK_EXE", "")
    if not exe:
        pytest.skip("SWXRISK_EXE not set: this check runs the swxrisk executable")
    h5py = pytest.importorskip("h5py")
    import subprocess
    folder = _write_folder(tmp_path / "mags")
    out = subprocess.run([exe, "efield-map", "--magnetometers", str(folder), "--earth-model", "PT1", "--bbox", "-88,33,-83,35",
                          "--resolution", "0.5", "--out", str(tmp_path / "peak.tif"), "--series-out", str(tmp_path / "e.h5")],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    with h5py.File(tmp_path / "e.h5", "r") as f:
        assert f.attrs["Conventions"] == "CF-1.8"
        for name in ("ex_v_per_km", "ey_v_per_km"):
            d = f[name]
            assert "DIMENSION_LIST" in d.attrs
            assert [[dim[i].name for i in range(len(dim))] for dim in d.dims] == [["/time_unix_s"], ["/lat_deg"], ["/lon_deg"]]
            assert d.shape == (1440, f["lat_deg"].size, f["lon_deg"].size) == (1440, 4, 10)
            assert np.isnan(d.attrs["_FillValue"]) and d.attrs["_FillValue"].dtype == np.float32
        for name in ("time_iso", "edge_zone"):
            assert f[name].dims[0][0].name == "/time_unix_s"
        assert f["time_unix_s"].attrs["units"] == "seconds since 1970-01-01 00:00:00"
        assert f["time_unix_s"][0] == 1715299200.0  # 2024-05-10T00:00:00Z
        np.testing.assert_allclose(f["lat_deg"][:], [34.75, 34.25, 33.75, 33.25])  # north to south, cell centres
        np.testing.assert_allclose(f["lon_deg"][:], np.arange(-87.75, -83.0, 0.5))
