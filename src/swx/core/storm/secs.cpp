// Divergence-free spherical elementary current systems (Amm 1997; Amm & Viljanen 1999, EPS 51, 431–440).
// The kernel is written with unit vectors: cos θ' = o·q, the direction towards the pole in the tangent
// plane at o is t = q − (o·q)·o (|t| = sin θ'), and its north/east parts are t·n̂ and t·ê. With
// K = μ0 / (4π r) and x = r / R (r = R_E, R = R_E + h), eqs. 9–10 give
//   B_r = K (1/√(1 − 2x cos θ' + x²) − 1),   B_θ' = −K (f (x − cos θ') + cos θ') / sin θ',
// where θ' is measured from the pole, so B_θ' points away from it: B_x = −B_θ' (t·n̂)/sin θ',
// B_y = −B_θ' (t·ê)/sin θ', B_z = −B_r (z down) — the same signs as pysecs' T_df.
#include <Eigen/SVD>
#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <sstream>
#include <string>
#include <swx/core/base/error.hpp>
#include <swx/core/base/parallel.hpp>
#include <swx/core/storm/secs.hpp>
#include <utility>

namespace swx {

namespace {

constexpr double earth_radius_km = 6371.2;
constexpr double deg = std::numbers::pi / 180.0;
constexpr double max_poles = 20000;
constexpr std::size_t block_points = 64;  // points per block of transfer rows (2·64 × poles doubles)

const char* const stage = "storm.secs";

struct Unit {
    double x, y, z;
};

Unit unit_vector(const GeoPoint& p) {
    const double la = p.lat_deg * deg;
    const double lo = p.lon_deg * deg;
    return {std::cos(la) * std::cos(lo), std::cos(la) * std::sin(lo), std::sin(la)};
}

/// An observation point on the ground: its position and its local north and east unit vectors.
struct Observer {
    Unit o, north, east;
};

Observer observer(const GeoPoint& p) {
    const double la = p.lat_deg * deg;
    const double lo = p.lon_deg * deg;
    const double sla = std::sin(la), cla = std::cos(la), slo = std::sin(lo), clo = std::cos(lo);
    return {{cla * clo, cla * slo, sla}, {-sla * clo, -sla * slo, cla}, {-slo, clo, 0.0}};
}

/// Ground field (nT) per ampere of a DF SECS at unit pole q, seen by `obs`; x = R_E / (R_E + h).
GroundField kernel(const Observer& obs, const Unit& q, double x) {
    constexpr double k_nt_per_a = 1e-7 / (earth_radius_km * 1e3) * 1e9;  // μ0/(4π r) in nT per A
    const double c = obs.o.x * q.x + obs.o.y * q.y + obs.o.z * q.z;
    const double f = 1.0 / std::sqrt(1.0 - 2.0 * x * c + x * x);
    GroundField b;
    b.bz_nt = -k_nt_per_a * (f - 1.0);
    const double sin2 = 1.0 - c * c;
    if (sin2 > 1e-24) {
        // t = q − c·o; t·n̂ and t·ê (n̂, ê ⟂ o, so the c·o part drops out).
        const double tn = q.x * obs.north.x + q.y * obs.north.y + q.z * obs.north.z;
        const double te = q.x * obs.east.x + q.y * obs.east.y;
        const double g = k_nt_per_a * (f * (x - c) + c) / sin2;  // = −B_θ' / sin θ'
        b.bx_nt = g * tn;
        b.by_nt = g * te;
    }
    return b;
}

std::string station_label(std::size_t i, const GeoPoint& p) {
    std::ostringstream s;
    s << "station #" << (i + 1) << " (lat " << p.lat_deg << ", lon " << p.lon_deg << ")";
    return s.str();
}

double great_circle_km(const GeoPoint& a, const GeoPoint& b) {
    const Unit u = unit_vector(a), v = unit_vector(b);
    const double cx = u.y * v.z - u.z * v.y, cy = u.z * v.x - u.x * v.z, cz = u.x * v.y - u.y * v.x;
    return earth_radius_km *
           std::atan2(std::sqrt(cx * cx + cy * cy + cz * cz), u.x * v.x + u.y * v.y + u.z * v.z);
}

void check_options(const SecsOptions& o) {
    auto bad = [](const char* field, const std::string& why) {
        throw ConfigError({stage, "", "", "", field}, why);
    };
    if (!std::isfinite(o.ionosphere_height_km) || o.ionosphere_height_km <= 0.0) {
        bad("ionosphere_height_km", "must be > 0 km, got " + std::to_string(o.ionosphere_height_km));
    }
    if (!std::isfinite(o.pole_spacing_deg) || o.pole_spacing_deg <= 0.0 || o.pole_spacing_deg > 10.0) {
        bad("pole_spacing_deg", "must be in (0, 10] degrees, got " + std::to_string(o.pole_spacing_deg));
    }
    if (!std::isfinite(o.margin_deg) || o.margin_deg < 0.0 || o.margin_deg > 45.0) {
        bad("margin_deg", "must be in [0, 45] degrees, got " + std::to_string(o.margin_deg));
    }
    if (!std::isfinite(o.epsilon) || o.epsilon <= 0.0 || o.epsilon >= 1.0) {
        bad("epsilon", "must be in (0, 1), got " + std::to_string(o.epsilon));
    }
    if (!std::isfinite(o.station_noise_nt) || o.station_noise_nt < 0.0) {
        bad("station_noise_nt", "must be ≥ 0 nT, got " + std::to_string(o.station_noise_nt));
    }
    if (o.regularisation != SecsRegularisation::truncated_svd &&
        o.regularisation != SecsRegularisation::tikhonov) {
        bad("regularisation", "must be truncated_svd or tikhonov");
    }
}

void check_stations(const std::vector<GeoPoint>& st) {
    if (st.empty()) {
        throw InputError({stage, "", "", "", "stations"},
                         "no stations: the SECS fit needs at least one magnetometer position");
    }
    for (std::size_t i = 0; i < st.size(); ++i) {
        if (!st[i].valid() || std::abs(st[i].lat_deg) > 90.0) {
            throw InputError({stage, "", "", "station #" + std::to_string(i + 1), "lat_deg/lon_deg"},
                             "invalid position (lat " + std::to_string(st[i].lat_deg) + ", lon " +
                                 std::to_string(st[i].lon_deg) +
                                 "); expected finite degrees with |lat| ≤ 90");
        }
    }
    for (std::size_t i = 0; i < st.size(); ++i) {
        for (std::size_t j = i + 1; j < st.size(); ++j) {
            if (great_circle_km(st[i], st[j]) < 1.0) {
                throw InputError({stage, "", "", station_label(j, st[j]), "lat_deg/lon_deg"},
                                 "coincides with " + station_label(i, st[i]) +
                                     " (closer than 1 km): two records at one place make the fit singular; "
                                     "merge or drop one");
            }
        }
    }
}

/// Pole grid covering the stations' bounding box widened by the margin; longitudes unwrapped around
/// the stations' circular mean, so a network across the antimeridian gets one box, not a world-wide one.
std::vector<GeoPoint> pole_grid(const std::vector<GeoPoint>& st, const SecsOptions& o) {
    double sx = 0.0, sy = 0.0;
    for (const auto& p : st) {
        sx += std::cos(p.lon_deg * deg);
        sy += std::sin(p.lon_deg * deg);
    }
    const double mean_lon = (sx * sx + sy * sy) > 1e-20 ? std::atan2(sy, sx) / deg : 0.0;
    double lat_lo = 90.0, lat_hi = -90.0, lon_lo = 1e9, lon_hi = -1e9;
    for (const auto& p : st) {
        const double lon = mean_lon + std::remainder(p.lon_deg - mean_lon, 360.0);
        lat_lo = std::min(lat_lo, p.lat_deg);
        lat_hi = std::max(lat_hi, p.lat_deg);
        lon_lo = std::min(lon_lo, lon);
        lon_hi = std::max(lon_hi, lon);
    }
    const double h = o.pole_spacing_deg;
    const double cap = 90.0 - 0.5 * h;  // no pole exactly at a geographic pole (a row of one)
    lat_lo = std::max(-cap, lat_lo - o.margin_deg);
    lat_hi = std::min(cap, lat_hi + o.margin_deg);
    lon_lo -= o.margin_deg;
    lon_hi += o.margin_deg;
    const bool full_circle = lon_hi - lon_lo >= 360.0;
    const double width = full_circle ? 360.0 : lon_hi - lon_lo;
    const auto rows = static_cast<std::size_t>(std::floor((lat_hi - lat_lo) / h + 1e-9)) + 1;
    // Centre the rows in the latitude range.
    const double lat0 = 0.5 * (lat_lo + lat_hi) - 0.5 * static_cast<double>(rows - 1) * h;
    std::vector<std::size_t> per_row(rows);
    double total = 0.0;
    for (std::size_t r = 0; r < rows; ++r) {
        const double lat = lat0 + static_cast<double>(r) * h;
        const double dlon = h / std::max(std::cos(lat * deg), 1e-3);
        const double n =
            full_circle ? std::max(1.0, std::floor(360.0 / dlon)) : std::floor(width / dlon + 1e-9) + 1.0;
        per_row[r] = static_cast<std::size_t>(std::min(n, 1e7));
        total += n;
    }
    if (total > max_poles) {
        std::ostringstream why;
        why << "the pole grid would have " << static_cast<long long>(total)
            << " poles (limit 20000) for stations spanning " << (lat_hi - lat_lo) << "° of latitude and "
            << width << "° of longitude with the margin; increase pole_spacing_deg (now " << h
            << "°) or reduce margin_deg (now " << o.margin_deg << "°)";
        throw ConfigError({stage, "", "", "", "pole_spacing_deg"}, why.str());
    }
    std::vector<GeoPoint> poles;
    poles.reserve(static_cast<std::size_t>(total));
    for (std::size_t r = 0; r < rows; ++r) {
        const double lat = lat0 + static_cast<double>(r) * h;
        const std::size_t n = per_row[r];
        if (full_circle) {
            for (std::size_t k = 0; k < n; ++k) {
                poles.push_back(
                    {std::remainder(mean_lon + 360.0 * static_cast<double>(k) / static_cast<double>(n),
                                    360.0),
                     lat});
            }
        } else {
            // Centre the row in the longitude range.
            const double dlon = h / std::max(std::cos(lat * deg), 1e-3);
            const double start = 0.5 * (lon_lo + lon_hi) - 0.5 * static_cast<double>(n - 1) * dlon;
            for (std::size_t k = 0; k < n; ++k) {
                poles.push_back({std::remainder(start + static_cast<double>(k) * dlon, 360.0), lat});
            }
        }
    }
    return poles;
}

void check_points(std::span<const GeoPoint> points) {
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (!points[i].valid() || std::abs(points[i].lat_deg) > 90.0) {
            throw InputError({stage, "", "", "point #" + std::to_string(i + 1), "lat_deg/lon_deg"},
                             "invalid position (lat " + std::to_string(points[i].lat_deg) + ", lon " +
                                 std::to_string(points[i].lon_deg) +
                                 "); expected finite degrees with |lat| ≤ 90");
        }
    }
}

}  // namespace

struct SecsInterpolator::Impl {
    std::vector<GeoPoint> stations;
    SecsOptions options;
    std::vector<double> px, py, pz;  // unit vectors of the pole positions (structure of arrays)
    // The regularised pseudo-inverse, poles × (2·stations), kept as its two factors: left = V_k·Σ_k⁺
    // (poles × k) and right = U_kᵀ (k × 2·stations), so a block of points costs 2·poles·k per row.
    Eigen::MatrixXd left, right;
    std::size_t kept = 0;
    double x = 1.0;  // R_E / (R_E + h)

    [[nodiscard]] std::size_t poles() const { return px.size(); }

    /// The transposed transfer matrix of points [a, b): `tt` is poles × 2(b − a), column 2j holding
    /// B_x (nT per A of each pole) at point a + j and column 2j + 1 B_y. The loop over poles is the kernel
    /// of kernel() written over arrays so that it vectorises.
    void transfer_columns(std::span<const GeoPoint> pts, std::size_t a, std::size_t b,
                          Eigen::MatrixXd& tt) const {
        constexpr double k_nt_per_a = 1e-7 / (earth_radius_km * 1e3) * 1e9;
        const std::size_t m = poles();
        tt.resize(static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(2 * (b - a)));
        const double* qx = px.data();
        const double* qy = py.data();
        const double* qz = pz.data();
        const double xx = x;
        for (std::size_t i = a; i < b; ++i) {
            const Observer o = observer(pts[i]);
            double* cx = tt.col(static_cast<Eigen::Index>(2 * (i - a))).data();
            double* cy = tt.col(static_cast<Eigen::Index>(2 * (i - a) + 1)).data();
            for (std::size_t j = 0; j < m; ++j) {
                const double c = o.o.x * qx[j] + o.o.y * qy[j] + o.o.z * qz[j];
                const double f = 1.0 / std::sqrt(1.0 - 2.0 * xx * c + xx * xx);
                const double sin2 = 1.0 - c * c;
                const double g = sin2 > 1e-24 ? k_nt_per_a * (f * (xx - c) + c) / sin2 : 0.0;
                cx[j] = g * (qx[j] * o.north.x + qy[j] * o.north.y + qz[j] * o.north.z);
                cy[j] = g * (qx[j] * o.east.x + qy[j] * o.east.y);
            }
        }
    }
};

SecsInterpolator::SecsInterpolator(std::vector<GeoPoint> stations, const SecsOptions& options)
    : m_impl(std::make_unique<Impl>()) {
    check_options(options);
    check_stations(stations);
    auto& im = *m_impl;
    im.stations = std::move(stations);
    im.options = options;
    im.x = earth_radius_km / (earth_radius_km + options.ionosphere_height_km);
    const std::size_t ns = im.stations.size();
    if (ns == 1) {
        return;  // uniform field: no poles, no fit
    }
    for (const auto& p : pole_grid(im.stations, options)) {
        const Unit u = unit_vector(p);
        im.px.push_back(u.x);
        im.py.push_back(u.y);
        im.pz.push_back(u.z);
    }
    Eigen::MatrixXd at;
    im.transfer_columns(im.stations, 0, ns, at);  // poles × (2·stations) = Aᵀ
    const Eigen::BDCSVD<Eigen::MatrixXd> svd(at.transpose(), Eigen::ComputeThinU | Eigen::ComputeThinV);
    const Eigen::VectorXd& s = svd.singularValues();
    const double s_max = s.size() > 0 ? s(0) : 0.0;
    if (!(s_max > 0.0)) {
        throw InputError({stage, "", "", "", "stations"},
                         "the station transfer matrix is zero; no SECS fit is possible");
    }
    // Singular values come sorted, largest first: TSVD keeps a leading block.
    const double cut = options.epsilon * s_max;
    Eigen::VectorXd inv_s(s.size());
    for (Eigen::Index i = 0; i < s.size(); ++i) {
        if (options.regularisation == SecsRegularisation::truncated_svd) {
            if (s(i) < cut) {
                break;
            }
            inv_s(i) = 1.0 / s(i);
        } else {
            inv_s(i) = s(i) / (s(i) * s(i) + cut * cut);
        }
        ++im.kept;
    }
    const auto k = static_cast<Eigen::Index>(im.kept);
    im.left = svd.matrixV().leftCols(k) * inv_s.head(k).asDiagonal();
    im.right = svd.matrixU().leftCols(k).transpose();
}

SecsInterpolator::~SecsInterpolator() = default;
SecsInterpolator::SecsInterpolator(SecsInterpolator&&) noexcept = default;
SecsInterpolator& SecsInterpolator::operator=(SecsInterpolator&&) noexcept = default;

std::size_t SecsInterpolator::stations() const noexcept { return m_impl->stations.size(); }
std::size_t SecsInterpolator::poles() const noexcept { return m_impl->poles(); }
std::size_t SecsInterpolator::kept_singular_values() const noexcept { return m_impl->kept; }
const SecsOptions& SecsInterpolator::options() const noexcept { return m_impl->options; }

Eigen::MatrixXd SecsInterpolator::prediction_matrix(std::span<const GeoPoint> points) const {
    const auto& im = *m_impl;
    check_points(points);
    const auto ns = static_cast<Eigen::Index>(im.stations.size());
    const auto np = static_cast<Eigen::Index>(points.size());
    Eigen::MatrixXd p = Eigen::MatrixXd::Zero(2 * np, 2 * ns);
    if (ns == 1) {
        for (Eigen::Index i = 0; i < np; ++i) {
            p(2 * i, 0) = 1.0;
            p(2 * i + 1, 1) = 1.0;
        }
        return p;
    }
    const std::size_t blocks = (points.size() + block_points - 1) / block_points;
    parallel_for(
        blocks,
        [&](std::size_t k) {
            const std::size_t a = k * block_points;
            const std::size_t b = std::min(points.size(), a + block_points);
            Eigen::MatrixXd tt;
            im.transfer_columns(points, a, b, tt);
            const Eigen::MatrixXd reduced = tt.transpose() * im.left;  // 2(b − a) × k
            p.middleRows(static_cast<Eigen::Index>(2 * a), reduced.rows()).noalias() = reduced * im.right;
        },
        0, 1);
    return p;
}

std::vector<double> SecsInterpolator::prediction_sigma_nt(std::span<const GeoPoint> points) const {
    return prediction_sigma_nt(prediction_matrix(points));
}

std::vector<double> SecsInterpolator::prediction_sigma_nt(const Eigen::MatrixXd& p) const {
    if (p.rows() % 2 != 0 || p.cols() != static_cast<Eigen::Index>(2 * m_impl->stations.size())) {
        throw Error({"SECS", "", "", "", ""}, "internal error (bug): the prediction matrix does not match the stations");
    }
    std::vector<double> sigma(static_cast<std::size_t>(p.rows() / 2));
    const double noise = m_impl->options.station_noise_nt;
    for (std::size_t i = 0; i < sigma.size(); ++i) {
        const auto r = static_cast<Eigen::Index>(2 * i);
        sigma[i] = noise * std::sqrt(p.row(r).squaredNorm() + p.row(r + 1).squaredNorm());
    }
    return sigma;
}

SecsInterpolator::Prediction SecsInterpolator::predict(
    std::span<const GeoPoint> points, const std::vector<std::vector<double>>& station_bx_nt,
    const std::vector<std::vector<double>>& station_by_nt) const {
    const std::size_t ns = m_impl->stations.size();
    if (station_bx_nt.size() != ns || station_by_nt.size() != ns) {
        throw InputError({stage, "", "", "", "station series"},
                         "expected B_x and B_y series for each of the " + std::to_string(ns) +
                             " stations, got " + std::to_string(station_bx_nt.size()) + " and " +
                             std::to_string(station_by_nt.size()));
    }
    const std::size_t steps = station_bx_nt[0].size();
    Eigen::MatrixXd bt(static_cast<Eigen::Index>(steps),
                       static_cast<Eigen::Index>(2 * ns));  // steps × (2·stations)
    for (std::size_t s = 0; s < ns; ++s) {
        for (const auto* series : {&station_bx_nt[s], &station_by_nt[s]}) {
            if (series->size() != steps) {
                throw InputError({stage, "", "", station_label(s, m_impl->stations[s]),
                                  series == &station_bx_nt[s] ? "bx_nt" : "by_nt"},
                                 "series has " + std::to_string(series->size()) + " values, expected " +
                                     std::to_string(steps) +
                                     " (all station series must be on one time grid)");
            }
        }
        for (std::size_t t = 0; t < steps; ++t) {
            const double bx = station_bx_nt[s][t], by = station_by_nt[s][t];
            if (!std::isfinite(bx) || !std::isfinite(by)) {
                throw InputError(
                    {stage, "", "", station_label(s, m_impl->stations[s]),
                     std::isfinite(bx) ? "by_nt" : "bx_nt"},
                    "non-finite value at step " + std::to_string(t) + "; fill gaps before the fit");
            }
            bt(static_cast<Eigen::Index>(t), static_cast<Eigen::Index>(2 * s)) = bx;
            bt(static_cast<Eigen::Index>(t), static_cast<Eigen::Index>(2 * s + 1)) = by;
        }
    }
    Prediction out;
    out.bx_nt.resize(points.size());
    out.by_nt.resize(points.size());
    const auto store = [&](std::size_t a, std::size_t b, const Eigen::MatrixXd& r) {
        for (std::size_t i = a; i < b; ++i) {
            const auto c = static_cast<Eigen::Index>(2 * (i - a));
            out.bx_nt[i].assign(r.col(c).data(), r.col(c).data() + steps);
            out.by_nt[i].assign(r.col(c + 1).data(), r.col(c + 1).data() + steps);
        }
    };
    if (ns == 1) {
        const Eigen::MatrixXd p = prediction_matrix(points);  // checks the points
        store(0, points.size(), bt * p.transpose());
        return out;
    }
    // B(points) = P · B(stations) with P = T(points) · V_k·S_k⁺ · U_kᵀ, evaluated right to left:
    // Z = B(stations)ᵀ · U_k (steps × k) once, then per block of points B(block)ᵀ = Z · (V_k S_k⁺)ᵀ ·
    // T(block)ᵀ, so each column of the result is one point's series (contiguous) and the temporaries stay at
    // poles × 2·block and steps × 2·block. The same products as prediction_matrix() · B, in another order.
    check_points(points);
    const auto& im = *m_impl;
    const Eigen::MatrixXd z = bt * im.right.transpose();  // steps × k
    const std::size_t blocks = (points.size() + block_points - 1) / block_points;
    parallel_for(
        blocks,
        [&](std::size_t k) {
            const std::size_t a = k * block_points;
            const std::size_t b = std::min(points.size(), a + block_points);
            Eigen::MatrixXd tt;
            im.transfer_columns(points, a, b, tt);
            const Eigen::MatrixXd reduced = im.left.transpose() * tt;  // k × 2(b − a)
            store(a, b, z * reduced);
        },
        0, 1);
    return out;
}

GroundField secs_df_field(GeoPoint pole, double amplitude_a, GeoPoint point, double height_km) {
    if (!pole.valid() || !point.valid() || !std::isfinite(height_km) || height_km <= 0.0) {
        throw InputError({stage, "", "", "", "secs_df_field"},
                         "pole, point and height must be finite (height > 0 km)");
    }
    GroundField g =
        kernel(observer(point), unit_vector(pole), earth_radius_km / (earth_radius_km + height_km));
    g.bx_nt *= amplitude_a;
    g.by_nt *= amplitude_a;
    g.bz_nt *= amplitude_a;
    return g;
}

}  // namespace swx
