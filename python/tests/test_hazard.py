"""swxrisk.hazard_curve: the hazard curve at one point, as `swxrisk hazard` (docs/hazard-model.md)."""
import json
import math
import os
import subprocess

import pytest

import swxrisk

EXE = os.environ.get("SWXRISK_EXE", "")


def _level(h, years):
    return next(r for r in h["return_levels"] if r["return_period_years"] == years)


def test_guiyang_dip_latitude_and_dominant_term():
    h = swxrisk.hazard_curve(26.60, 106.70)
    # 24.14 deg: IGRF-14 dip latitude of Guiyang at 2025.0 (../shared/reference/lowlat/site_latitudes_check.csv)
    assert h["dip_lat_deg"] == pytest.approx(24.14, abs=0.05)
    assert h["earth_model"] == "QUE"
    assert any("QUE" in a for a in h["assumptions"])  # the default earth model is stated
    assert h["dominant_term"] == "sudden_commencement"
    assert h["unvalidated_latitude"] and "dipole latitude" in h["unvalidated_band"]
    assert [r["return_period_years"] for r in h["return_levels"]] == [10, 100, 1000]
    assert h["field"] is None
    assert h["named_storm"]["name"] == "carrington-1859"


def test_nerc_benchmark_calibration_at_60_degrees():
    # On the dipole pole's meridian (2025: about 72.6 W) find the point of dipole latitude 60 deg with the
    # module's own dipole latitude, then the 100-year auroral term on QUE must be NERC's 8 V/km.
    lo, hi = 30.0, 80.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        lat = float(swxrisk.dipole_latitude_deg([mid], [-72.6])[0])
        lo, hi = (mid, hi) if lat < 60.0 else (lo, mid)
    h = swxrisk.hazard_curve(0.5 * (lo + hi), -72.6, earth_model="QUE")
    assert h["dipole_lat_deg"] == pytest.approx(60.0, abs=0.01)
    assert h["assumptions"] == []
    assert _level(h, 100)["terms"]["auroral"]["value"] == pytest.approx(8.0, abs=0.02)


def test_field_round_trip_and_keywords():
    h = swxrisk.hazard_curve(53.35, -6.26, earth_model="QUE", return_periods_years=(100,))
    e100 = _level(h, 100)["e_v_per_km"]["value"]
    back = swxrisk.hazard_curve(53.35, -6.26, earth_model="QUE", field_v_per_km=e100)
    assert back["field"]["return_period_years"] == pytest.approx(100.0, rel=1e-6)
    assert back["field"]["lo_years"] <= 100.0 <= back["field"]["hi_years"]
    assert not back["field"]["extrapolated"]


def test_errors_name_the_keyword():
    with pytest.raises(swxrisk.ConfigError, match="latitude"):
        swxrisk.hazard_curve(95.0, 0.0)
    with pytest.raises(swxrisk.InputError, match="NO-SUCH"):
        swxrisk.hazard_curve(10.0, 0.0, earth_model="NO-SUCH")
    with pytest.raises(swxrisk.ConfigError, match="return_periods_years"):
        swxrisk.hazard_curve(10.0, 0.0, return_periods_years=[0.5])
    with pytest.raises(swxrisk.InputError, match="nonexistent"):
        swxrisk.hazard_curve(10.0, 0.0, hazard_terms="/nonexistent/terms.csv")


@pytest.mark.skipif(not EXE, reason="SWXRISK_EXE not set: the CLI comparison needs the swxrisk executable")
def test_same_numbers_as_the_cli():
    out = subprocess.run([EXE, "hazard", "--lat", "1.35", "--lon", "103.8", "--field-v-per-km", "0.3", "--format", "json"],
                         check=True, capture_output=True, text=True).stdout
    cli = json.loads(out)
    py = swxrisk.hazard_curve(1.35, 103.8, field_v_per_km=0.3)
    for key in ("dipole_lat_deg", "dip_lat_deg", "electrojet_factor", "beta"):
        assert py[key] == pytest.approx(cli[key], rel=1e-8)
    for a, b in zip(py["return_levels"], cli["return_levels"]):
        assert a["e_v_per_km"]["value"] == pytest.approx(b["e_v_per_km"]["value"], rel=1e-8)
        assert a["terms"]["sudden_commencement"]["hi"] == pytest.approx(b["terms"]["sudden_commencement"]["hi"], rel=1e-8)
    assert py["field"]["return_period_years"] == pytest.approx(cli["field"]["return_period_years"], rel=1e-8)
    assert py["named_storm"]["e_v_per_km"]["value"] == pytest.approx(cli["named_storm"]["e_v_per_km"]["value"], rel=1e-8)
    assert math.isfinite(py["field"]["return_period_years"])
