"""swxrisk.read_magnetometers: many records on one grid, baselines removed (docs/storm-data.md,
"Many magnetometers: records and positions"). Synthetic folders written to a temporary directory; the
expected values are worked out by hand from the rows written."""
import warnings

import numpy as np
import pytest

import swxrisk

NERC_HEADER = ("MagnetometerDeviceID,SampleDateTime,GeoBfieldMeasureNorth,GeoBfieldMeasureEast,"
               "GeoBfieldMeasureVertical\n")


def _write_folder(root):
    # Generic CSV 00:00-00:04 (x = 1..5, y = 10, 20, 40, 80, 160) and a NERC file 00:01-00:05.
    rows = ["2024-05-10T00:0%d:00Z,%d,%d" % (i, i + 1, 10 * 2 ** i) for i in range(5)]
    (root / "gen.csv").write_text("time,x,y\n" + "\n".join(rows) + "\n")
    nerc = "".join("777,5/10/2024 12:0%d:00 AM,%d,%d,50000\n" % (k, 17000 + k, 4000 - k) for k in range(1, 6))
    (root / "2024E04_777.csv").write_text(NERC_HEADER + nerc)
    (root / "stations.csv").write_text("id,lat_deg,lon_deg\ngen,40.0,-100.0\n777,48.3,-117.1\n")


def test_read_magnetometers_folder(tmp_path):
    _write_folder(tmp_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        d = swxrisk.read_magnetometers(str(tmp_path))
    assert d["ids"] == ["777", "gen"]
    np.testing.assert_array_equal(d["lat_deg"], [48.3, 40.0])
    np.testing.assert_array_equal(d["lon_deg"], [-117.1, -100.0])
    assert d["t0"] == "2024-05-10T00:01:00Z"
    assert d["dt_s"] == 60.0
    assert d["bx_nt"].shape == (2, 4) and d["by_nt"].shape == (2, 4)
    # Common span 00:01-00:04. gen: x = 2, 3, 4, 5 -> median 3.5; y = 20, 40, 80, 160 -> median 60.
    assert d["baselines"]["method"] == "median"
    np.testing.assert_array_equal(d["baselines"]["bx_nt"], [17002.5, 3.5])
    np.testing.assert_array_equal(d["baselines"]["by_nt"], [3997.5, 60.0])
    np.testing.assert_array_equal(d["by_nt"][1], [-40.0, -20.0, 20.0, 100.0])
    assert any("record_trimmed" in str(w.message) or "dropped" in str(w.message) for w in caught)

    with pytest.warns(swxrisk.SwxWarning, match="dropped"):
        mean = swxrisk.read_magnetometers(str(tmp_path), baseline="mean")
    np.testing.assert_array_equal(mean["baselines"]["by_nt"], [3997.5, 75.0])
    with pytest.warns(swxrisk.SwxWarning, match="dropped"):
        quiet = swxrisk.read_magnetometers(str(tmp_path), baseline="first_window", baseline_window_s=120)
    np.testing.assert_array_equal(quiet["baselines"]["by_nt"], [3998.5, 30.0])


def test_read_magnetometers_errors(tmp_path):
    _write_folder(tmp_path)
    with pytest.raises(swxrisk.ConfigError, match="baseline 'quiet'"):
        swxrisk.read_magnetometers(str(tmp_path), baseline="quiet")
    table = tmp_path / "other.txt"
    table.write_text("id,lat_deg,lon_deg\ngen,40.0,-100.0\n")
    with pytest.raises(swxrisk.InputError, match="no row '777'"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        swxrisk.read_magnetometers(str(tmp_path), stations=str(table))
