"""swxrisk.read_emtf and swxrisk.mt_efield against an independent numpy implementation of the tensor
product (scripts/bench_mt_numpy.py, written from docs/geoelectric-model.md, "MT impedance tensors")."""
import importlib.util
import os
import warnings
from pathlib import Path

import numpy as np
import pytest

import swxrisk

SOURCE = Path(os.environ.get("SWX_SOURCE_DIR", Path(__file__).resolve().parents[2]))
REFERENCE = Path(os.environ.get("SWX_REFERENCE_DIR", SOURCE.parent / "shared" / "reference"))


def _numpy_reference():
    spec = importlib.util.spec_from_file_location("bench_mt_numpy", SOURCE / "scripts" / "bench_mt_numpy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write_emtf(path, periods, z, sign="+"):
    names = ["Zxx", "Zxy", "Zyx", "Zyy"]
    rows = []
    for t, zt in zip(periods, z):
        values = "".join(f'<value name="{names[j]}">{zt.flat[j].real!r} {zt.flat[j].imag!r}</value>\n' for j in range(4))
        rows.append(f'<Period units="secs" value="{t!r}"><Z units="[mV/km]/[nT]">\n{values}</Z></Period>\n')
    path.write_text(
        '<?xml version="1.0"?>\n<EM_TF><Site><Id>PYT1</Id><Location><Latitude>36.1</Latitude>'
        "<Longitude>-89.9</Longitude></Location></Site>"
        f"<ProcessingInfo><SignConvention>exp({sign} i\\omega t)</SignConvention></ProcessingInfo>"
        f'<Data count="{len(periods)}">\n' + "".join(rows) + "</Data></EM_TF>\n")


def _site_tensor():
    """A 3-D-like tensor: a half-space's 1/sqrt(T) with frequency-dependent phases and a full 2x2 matrix."""
    periods = np.logspace(0, 5, 21)
    z = np.empty((periods.size, 2, 2), dtype=complex)
    for i, t in enumerate(periods):
        s = 30.0 / np.sqrt(t)
        phase = np.deg2rad(40.0 + 10.0 * np.sin(np.log10(t)))
        z[i] = s * np.array([[0.2 * np.exp(1j * (phase - 1.0)), np.exp(1j * phase)],
                             [-0.7 * np.exp(1j * (phase + 0.2)), -0.1 * np.exp(1j * 0.3)]])
    return periods, z


def _storm(n, dt):
    t = np.arange(n) * dt
    rng = np.random.default_rng(3)
    bx = np.cumsum(rng.normal(0, 2.0, n)) - 600 * np.exp(-((t - 0.5 * n * dt) / 3600) ** 2)
    by = np.cumsum(rng.normal(0, 2.0, n)) + 250 * np.tanh((t - 0.3 * n * dt) / 900)
    return bx, by


def test_read_emtf_dict(tmp_path):
    periods, z = _site_tensor()
    path = tmp_path / "site.xml"
    _write_emtf(path, periods[::-1], z[::-1])  # unsorted on purpose
    d = swxrisk.read_emtf(str(path))
    assert d["id"] == "PYT1"
    assert d["lat_deg"] == pytest.approx(36.1) and d["lon_deg"] == pytest.approx(-89.9)
    np.testing.assert_allclose(d["periods_s"], periods, rtol=1e-15)
    assert d["z"].shape == (21, 2, 2) and d["z"].dtype == np.complex128
    np.testing.assert_allclose(d["z"], z, rtol=1e-15)
    assert d["z_variance"].shape == (21, 2, 2) and np.all(np.isnan(d["z_variance"]))


def test_read_emtf_conjugates_minus_convention(tmp_path):
    periods, z = _site_tensor()
    path = tmp_path / "minus.xml"
    _write_emtf(path, periods, np.conj(z), sign="-")
    np.testing.assert_allclose(swxrisk.read_emtf(str(path))["z"], z, rtol=1e-15)


def test_read_emtf_errors_and_warnings(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<EM_TF><Site></EM_TF>")
    with pytest.raises(swxrisk.InputError, match="malformed XML at line 1"):
        swxrisk.read_emtf(str(bad))
    periods, z = _site_tensor()
    z[3, 0, 0] = np.nan  # one component not measured: the period is kept, that value NaN
    z[5] = np.nan  # nothing measured: the period is dropped
    path = tmp_path / "nan.xml"
    _write_emtf(path, periods, z)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        d = swxrisk.read_emtf(str(path))
    assert d["periods_s"].size == 20
    assert np.isnan(d["z"][3, 0, 0]) and np.isfinite(d["z"][3, 0, 1])
    assert any("dropped" in str(w.message) for w in caught)
    assert any("not measured" in str(w.message) for w in caught)
    z[:, 1, 0] = np.nan  # Zyx never measured: an error naming the component
    _write_emtf(path, periods, z)
    with warnings.catch_warnings(), pytest.raises(swxrisk.InputError, match="Zyx"):
        warnings.simplefilter("ignore")  # the dropped period's warning comes first
        swxrisk.read_emtf(str(path))


def test_mt_efield_missing_components_match_numpy(tmp_path):
    # Zxx not measured beyond 1000 s, Zyy not below 10 s: each component over its own periods, in both.
    ref = _numpy_reference()
    periods, z = _site_tensor()
    z[periods > 1000.0, 0, 0] = np.nan
    z[periods < 10.0, 1, 1] = np.nan
    path = tmp_path / "partial.xml"
    _write_emtf(path, periods, z)
    n, dt = 1440, 60.0
    bx, by = _storm(n, dt)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ex, ey = swxrisk.mt_efield(str(path), bx, by, dt)
    length = ref.fft_length(n)
    f = np.arange(length // 2 + 1) / (length * dt)
    ex_np, ey_np = ref.tensor_efield(ref.interpolate_tensor(periods, z.reshape(-1, 4), f), bx, by, length)
    np.testing.assert_allclose(ex, ex_np, rtol=0, atol=1e-12)
    np.testing.assert_allclose(ey, ey_np, rtol=0, atol=1e-12)
    # The missing long-period Zxx is extended from 1000 s, not taken from the full tensor: E differs.
    periods_full, z_full = _site_tensor()
    ex_full, _ = ref.tensor_efield(ref.interpolate_tensor(periods_full, z_full.reshape(-1, 4), f), bx, by, length)
    assert np.max(np.abs(ex_full - ex)) > 1e-4


def test_mt_efield_matches_numpy(tmp_path):
    ref = _numpy_reference()
    periods, z = _site_tensor()
    path = tmp_path / "site.xml"
    _write_emtf(path, periods, z)
    n, dt = 1440, 60.0
    bx, by = _storm(n, dt)
    ex, ey = swxrisk.mt_efield(str(path), bx, by, dt)
    length = ref.fft_length(n)
    f = np.arange(length // 2 + 1) / (length * dt)
    z_bins = ref.interpolate_tensor(periods, z.reshape(-1, 4), f)
    ex_np, ey_np = ref.tensor_efield(z_bins, bx, by, length)
    scale = np.max(np.hypot(ex_np, ey_np))
    assert scale > 0.05  # V/km: a real test signal
    np.testing.assert_allclose(ex, ex_np, rtol=0, atol=1e-12)
    np.testing.assert_allclose(ey, ey_np, rtol=0, atol=1e-12)
    # A half-space extension model of any resistivity is the default rule (sqrt(f/f_edge)).
    ex_hs, ey_hs = swxrisk.mt_efield(str(path), bx, by, dt, extension_model=swxrisk.EarthModel(np.zeros((0, 2)), 37.0))
    np.testing.assert_allclose(ex_hs, ex, rtol=0, atol=1e-12)
    # A layered extension changes only the bins beyond 1e5 s: a small but non-zero difference.
    ex_pt1, _ = swxrisk.mt_efield(str(path), bx, by, dt, extension_model="PT1")
    assert 0 < np.max(np.abs(ex_pt1 - ex)) < 0.5 * scale


@pytest.mark.reference
def test_read_emtf_usgs_file():
    path = REFERENCE / "may2024" / "emtf" / "RF101.xml"
    if not path.exists():
        pytest.skip(f"reference data absent: {path}")
    with pytest.warns(swxrisk.SwxWarning, match="dropped"):  # periods with no finite component
        d = swxrisk.read_emtf(str(path))
    assert d["id"] == "RF101"
    assert d["lat_deg"] == pytest.approx(35.3796)
    # Period 0.0104 s, Zxy = 82.479 + 194.53i (mV/km)/nT as written (exp(+iwt), geographic axes).
    assert d["periods_s"][0] == pytest.approx(0.0104)
    assert d["z"][0, 0, 1] == pytest.approx(82.479 + 194.53j)
