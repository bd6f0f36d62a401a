"""swxrisk.SecsInterpolator against an independent numpy implementation of the divergence-free SECS fit
(pysecs-style: angular distance and bearing with trigonometry, Amm & Viljanen 1999 eqs. 9-10, the pole grid
rule of docs/storm-data.md "Many magnetometers: the SECS fit", an SVD pseudo-inverse). Agreement is asked to
1e-6 of the largest |B| predicted (nT), i.e. round-off level."""
import math

import numpy as np
import pytest

import swxrisk

R_E = 6371.2e3
MU0 = 4e-7 * math.pi


def pole_grid(lat_lon, spacing, margin):
    lat, lon = lat_lon[:, 0], lat_lon[:, 1]
    mean = math.degrees(math.atan2(np.sin(np.radians(lon)).sum(), np.cos(np.radians(lon)).sum()))
    lon_u = mean + ((lon - mean + 180.0) % 360.0 - 180.0)
    cap = 90.0 - 0.5 * spacing
    lat_lo, lat_hi = max(-cap, lat.min() - margin), min(cap, lat.max() + margin)
    lon_lo, lon_hi = lon_u.min() - margin, lon_u.max() + margin
    rows = int(math.floor((lat_hi - lat_lo) / spacing + 1e-9)) + 1
    lat0 = 0.5 * (lat_lo + lat_hi) - 0.5 * (rows - 1) * spacing
    poles = []
    for r in range(rows):
        la = lat0 + r * spacing
        dlon = spacing / max(math.cos(math.radians(la)), 1e-3)
        n = int(math.floor((lon_hi - lon_lo) / dlon + 1e-9)) + 1
        start = 0.5 * (lon_lo + lon_hi) - 0.5 * (n - 1) * dlon
        poles += [(la, start + k * dlon) for k in range(n)]
    return np.array(poles)


def t_df(obs, sec, height_km):
    """(nobs, 2, nsec) ground B_x, B_y (nT) per ampere, as pysecs' T_df."""
    lat1, lon1 = np.radians(obs[:, 0])[:, None], np.radians(obs[:, 1])[:, None]
    lat2, lon2 = np.radians(sec[:, 0])[None, :], np.radians(sec[:, 1])[None, :]
    dlon = lon2 - lon1
    theta = np.arccos(np.clip(np.sin(lat1) * np.sin(lat2) + np.cos(lat1) * np.cos(lat2) * np.cos(dlon), -1, 1))
    alpha = np.pi / 2 - np.arctan2(np.sin(dlon) * np.cos(lat2),
                                   np.cos(lat1) * np.sin(lat2) - np.sin(lat1) * np.cos(lat2) * np.cos(dlon))
    x = R_E / (R_E + height_km * 1e3)
    factor = 1.0 / np.sqrt(1 - 2 * x * np.cos(theta) + x * x)
    b_theta = -MU0 / (4 * np.pi * R_E) * (factor * (x - np.cos(theta)) + np.cos(theta))
    s = np.sin(theta)
    b_theta = np.divide(b_theta, s, out=np.zeros_like(s), where=s != 0)
    t = np.empty((len(obs), 2, len(sec)))
    t[:, 0, :] = -b_theta * np.sin(alpha) * 1e9
    t[:, 1, :] = -b_theta * np.cos(alpha) * 1e9
    return t


def numpy_prediction_matrix(stations, points, spacing, margin, eps, method, height):
    poles = pole_grid(stations, spacing, margin)
    a = t_df(stations, poles, height).reshape(2 * len(stations), len(poles))
    u, s, vt = np.linalg.svd(a, full_matrices=False)
    if method == "tsvd":
        inv = np.where(s >= eps * s[0], 1.0 / s, 0.0)
    else:
        lam = eps * s[0]
        inv = s / (s * s + lam * lam)
    pinv = (vt.T * inv) @ u.T
    return t_df(points, poles, height).reshape(2 * len(points), len(poles)) @ pinv, len(poles)


@pytest.fixture
def network():
    rng = np.random.default_rng(42)
    stations = np.column_stack([rng.uniform(30, 50, 15), rng.uniform(-100, -75, 15)])
    points = np.column_stack([rng.uniform(28, 52, 60), rng.uniform(-103, -72, 60)])
    bx = rng.normal(0, 200, (15, 12))
    by = rng.normal(0, 100, (15, 12))
    return stations, points, bx, by


@pytest.mark.parametrize("method,eps", [("tsvd", 0.1), ("tikhonov", 0.05)])
def test_secs_matches_numpy_implementation(network, method, eps):
    stations, points, bx, by = network
    secs = swxrisk.SecsInterpolator(stations, pole_spacing_deg=1.0, margin_deg=4.0, epsilon=eps,
                                    regularisation=method, ionosphere_height_km=110.0)
    p_ref, n_poles = numpy_prediction_matrix(stations, points, 1.0, 4.0, eps, method, 110.0)
    assert secs.poles == n_poles
    p = secs.prediction_matrix(points)
    assert p.shape == (2 * len(points), 2 * len(stations))
    assert np.max(np.abs(p - p_ref)) <= 1e-6 * np.max(np.abs(p_ref))
    data = np.empty((2 * len(stations), bx.shape[1]))
    data[0::2], data[1::2] = bx, by
    ref = p_ref @ data
    px, py = secs.predict(points, bx, by)
    assert px.shape == (len(points), bx.shape[1])
    scale = np.max(np.abs(ref))
    assert np.max(np.abs(px - ref[0::2])) <= 1e-6 * scale
    assert np.max(np.abs(py - ref[1::2])) <= 1e-6 * scale
    sigma = secs.prediction_sigma_nt(points)
    ref_sigma = np.sqrt((p_ref[0::2] ** 2).sum(axis=1) + (p_ref[1::2] ** 2).sum(axis=1))  # 1 nT noise
    assert np.allclose(sigma, ref_sigma, rtol=1e-6)


def test_secs_single_station_and_lists():
    secs = swxrisk.SecsInterpolator([[40.0, -88.0]])
    assert secs.poles == 0
    px, py = secs.predict([[10.0, 20.0], [45.0, -90.0]], [[1.0, 2.0]], [[3.0, 4.0]])
    assert px.tolist() == [[1.0, 2.0], [1.0, 2.0]] and py.tolist() == [[3.0, 4.0], [3.0, 4.0]]


def test_secs_bad_input():
    with pytest.raises(swxrisk.ConfigError, match="regularisation"):
        swxrisk.SecsInterpolator([[40.0, -88.0]], regularisation="ridge")
    with pytest.raises(swxrisk.ConfigError, match="epsilon"):
        swxrisk.SecsInterpolator([[40.0, -88.0], [41.0, -87.0]], epsilon=2.0)
    with pytest.raises(swxrisk.InputError, match="stations"):
        swxrisk.SecsInterpolator([])
    secs = swxrisk.SecsInterpolator([[40.0, -88.0], [41.0, -87.0]])
    with pytest.raises(swxrisk.InputError, match="bx"):
        secs.predict([[40.0, -88.0]], np.zeros((3, 4)), np.zeros((2, 4)))
