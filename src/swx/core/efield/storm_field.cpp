// The storm field as source pairs and per-point weights. See storm_field.hpp.

#include <swx/core/efield/storm_field.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/parallel.hpp>
#include <swx/core/base/text.hpp>
#include <swx/core/efield/tensor_efield.hpp>

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <utility>

namespace swx {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {

constexpr std::size_t npos = std::numeric_limits<std::size_t>::max();
constexpr double earth_radius_km = 6371.0088;  // mean radius (IUGG), for distances to MT sites
constexpr double deg = 3.14159265358979323846 / 180.0;

using Vec3 = bg::model::point<double, 3, bg::cs::cartesian>;
using MtEntry = std::pair<Vec3, std::size_t>;

Vec3 unit_vector(GeoPoint p) {
    const double la = p.lat_deg * deg;
    const double lo = p.lon_deg * deg;
    return {std::cos(la) * std::cos(lo), std::cos(la) * std::sin(lo), std::sin(la)};
}

/// Great-circle distance on the mean sphere from the chord between two unit vectors, km.
double chord_to_km(double chord) { return 2.0 * earth_radius_km * std::asin(std::min(1.0, chord / 2.0)); }


/// The station shares of |P| at one point (Frobenius norm of each 2×2 block of rows `row`, `row` + 1), or
/// equal weights without SECS, as text.
std::string station_shares(const Eigen::MatrixXd* p, Eigen::Index row, const std::vector<StationRecord>& stations) {
    std::vector<double> share(stations.size(), 1.0);
    if (p != nullptr) {
        for (std::size_t s = 0; s < stations.size(); ++s) {
            share[s] = p->block(row, static_cast<Eigen::Index>(2 * s), 2, 2).norm();
        }
    }
    return station_shares_text(share, stations);
}

}  // namespace

struct StormField::Impl {
    const Ground* ground = nullptr;
    StormFieldOptions options;
    std::vector<StationRecord> stations;
    std::optional<SecsInterpolator> secs;  // two or more stations
    std::int64_t t0 = 0;
    double dt = 0.0;
    std::size_t steps = 0;
    std::size_t edge = 0;
    std::vector<std::string> models;          // canonical 1-D model names
    std::map<std::string, std::size_t> model_of;
    // Sources: [model r][station s] at r·S + s, then the MT sites.
    std::vector<std::vector<double>> north;
    std::vector<std::vector<double>> east;
    std::vector<std::string> names;
    std::vector<std::vector<double>> station_bx;  // the records as aligned (for magnetic_at)
    std::vector<std::vector<double>> station_by;
    std::vector<std::string> mt_ids;
    std::vector<GeoPoint> mt_locations;
    bgi::rtree<MtEntry, bgi::quadratic<16>> mt_index;
    std::vector<std::string> mt_stations;  // per MT site: the records that weigh most in B at the site
    // The stations' box (longitudes unwrapped about lon_center), for "outside the SECS pole grid".
    double lat_min = 0.0, lat_max = 0.0, lon_center = 0.0, lon_min = 0.0, lon_max = 0.0;

    [[nodiscard]] bool outside_pole_grid(GeoPoint p) const;

    [[nodiscard]] std::size_t mt_source(std::size_t m) const { return models.size() * stations.size() + m; }
};

StormField::StormField(const StationSet& records, const Ground& ground, const std::vector<MtSite>& mt_sites,
                       const StormFieldOptions& options)
    : m_impl(std::make_unique<Impl>()) {
    Impl& d = *m_impl;
    d.ground = &ground;
    d.options = options;
    if (!(options.mt_max_distance_km >= 0.0) || !std::isfinite(options.mt_max_distance_km)) {
        throw ConfigError({"storm field", "", "", "", "mt_max_distance_km"}, "must be a finite distance >= 0 km");
    }
    if (options.mt_interpolation == MtInterpolation::inverse_distance && options.mt_neighbours == 0) {
        throw ConfigError({"storm field", "", "", "", "mt_neighbours"}, "must be at least 1");
    }
    if (records.size() == 0 || records.steps() < 2) {
        throw InputError({"storm field", "", "", "", "magnetometers"}, "at least one record of two or more samples is needed");
    }
    d.stations = records.stations;
    d.t0 = records.t0_unix_s;
    d.dt = records.dt_s;
    d.steps = records.steps();
    std::vector<GeoPoint> station_points;
    for (const auto& s : records.stations) {
        station_points.push_back(s.location);
    }
    if (records.size() >= 2) {
        for (std::size_t a = 0; a < records.size(); ++a) {
            for (std::size_t b = a + 1; b < records.size(); ++b) {
                const double km = chord_to_km(bg::distance(unit_vector(station_points[a]), unit_vector(station_points[b])));
                if (km < 1.0) {
                    throw InputError({"storm field", records.stations[b].source_path, "", records.stations[b].id, "position"},
                                     "station " + records.stations[b].id + " lies " + format_number(km, 3) + " km from station " +
                                         records.stations[a].id + " (" + records.stations[a].source_path +
                                         "): two records at one place cannot both be fitted; remove one or fix its position");
                }
            }
        }
        d.secs.emplace(station_points, options.secs);
        // The stations' box, longitudes unwrapped about their circular mean.
        double sx = 0.0, sy = 0.0;
        for (const auto& q : station_points) {
            sx += std::cos(q.lon_deg * deg);
            sy += std::sin(q.lon_deg * deg);
        }
        d.lon_center = std::atan2(sy, sx) / deg;
        d.lat_min = d.lon_min = std::numeric_limits<double>::infinity();
        d.lat_max = d.lon_max = -std::numeric_limits<double>::infinity();
        for (const auto& q : station_points) {
            double lon = q.lon_deg - d.lon_center;
            lon -= 360.0 * std::round(lon / 360.0);
            d.lat_min = std::min(d.lat_min, q.lat_deg);
            d.lat_max = std::max(d.lat_max, q.lat_deg);
            d.lon_min = std::min(d.lon_min, lon);
            d.lon_max = std::max(d.lon_max, lon);
        }
    }
    d.station_bx = records.bx_nt;
    d.station_by = records.by_nt;
    // 1-D sources: each model's E(t) of each station's record.
    d.models = ground.model_names();
    for (std::size_t r = 0; r < d.models.size(); ++r) {
        d.model_of[d.models[r]] = r;
    }
    const std::size_t n_stations = records.size();
    const std::size_t n_sources = d.models.size() * n_stations + mt_sites.size();
    d.north.resize(n_sources);
    d.east.resize(n_sources);
    d.names.resize(n_sources);
    for (std::size_t r = 0; r < d.models.size(); ++r) {
        const EarthModel& model = ground.library().find(d.models[r]);
        PlaneWaveConverter converter(model, d.steps, d.dt);
        for (std::size_t s = 0; s < n_stations; ++s) {
            GeoelectricSeries e = converter.convert(records.bx_nt[s], records.by_nt[s]);
            d.edge = e.edge_samples;
            d.north[r * n_stations + s] = std::move(e.ex_v_per_km);
            d.east[r * n_stations + s] = std::move(e.ey_v_per_km);
            d.names[r * n_stations + s] = d.models[r] + " x " + records.stations[s].id;
        }
    }
    // MT sources: B at the site (SECS, or the one record), E(t) through the site's tensor.
    if (!mt_sites.empty()) {
        std::vector<GeoPoint> at;
        for (const auto& m : mt_sites) {
            at.push_back(m.location);
        }
        std::vector<std::vector<double>> bx(mt_sites.size()), by(mt_sites.size());
        if (d.secs) {
            auto b = d.secs->predict(at, records.bx_nt, records.by_nt);
            bx = std::move(b.bx_nt);
            by = std::move(b.by_nt);
            const Eigen::MatrixXd p = d.secs->prediction_matrix(at);
            for (std::size_t m = 0; m < mt_sites.size(); ++m) {
                d.mt_stations.push_back(station_shares(&p, static_cast<Eigen::Index>(2 * m), records.stations));
            }
        } else {
            for (std::size_t m = 0; m < mt_sites.size(); ++m) {
                bx[m] = records.bx_nt[0];
                by[m] = records.by_nt[0];
                d.mt_stations.push_back(records.stations[0].id);
            }
        }
        std::vector<std::size_t> order(mt_sites.size());
        std::iota(order.begin(), order.end(), 0);
        std::vector<MtImpedance> impedances;
        impedances.reserve(mt_sites.size());
        for (const auto& m : mt_sites) {
            const EarthModel* extension = nullptr;
            try {
                extension = ground.model_at(m.location);
            } catch (const InputError&) {
                extension = nullptr;  // a β-only region: the half-space extension rule applies
            }
            impedances.emplace_back(m, extension);
        }
        parallel_for(
            mt_sites.size(),
            [&](std::size_t m) {
                const TensorConverter converter(impedances[m], d.steps, d.dt);
                GeoelectricSeries e = converter.convert(bx[m], by[m]);
                d.north[d.mt_source(m)] = std::move(e.ex_v_per_km);
                d.east[d.mt_source(m)] = std::move(e.ey_v_per_km);
            },
            0, 4);
        for (std::size_t m = 0; m < mt_sites.size(); ++m) {
            d.names[d.mt_source(m)] = "MT " + mt_sites[m].id;
            d.mt_ids.push_back(mt_sites[m].id);
            d.mt_locations.push_back(mt_sites[m].location);
            d.mt_index.insert({unit_vector(mt_sites[m].location), m});
        }
        if (d.edge == 0) {
            d.edge = edge_zone_samples(d.steps, d.dt);
        }
    }
}

StormField::~StormField() = default;
StormField::StormField(StormField&&) noexcept = default;

std::size_t StormField::sources() const noexcept { return m_impl->north.size(); }
std::size_t StormField::one_d_sources() const noexcept { return m_impl->models.size() * m_impl->stations.size(); }
const std::vector<double>& StormField::source_north(std::size_t k) const { return m_impl->north.at(k); }
const std::vector<double>& StormField::source_east(std::size_t k) const { return m_impl->east.at(k); }
std::string StormField::source_name(std::size_t k) const { return m_impl->names.at(k); }
std::size_t StormField::steps() const noexcept { return m_impl->steps; }
std::size_t StormField::edge_steps() const noexcept { return m_impl->edge; }
std::int64_t StormField::t0_unix_s() const noexcept { return m_impl->t0; }
double StormField::dt_s() const noexcept { return m_impl->dt; }
std::size_t StormField::stations() const noexcept { return m_impl->stations.size(); }
const StationRecord& StormField::station(std::size_t s) const { return m_impl->stations.at(s); }
const std::vector<StationRecord>& StormField::station_records() const noexcept { return m_impl->stations; }
std::size_t StormField::mt_sites() const noexcept { return m_impl->mt_ids.size(); }
const StormFieldOptions& StormField::options() const noexcept { return m_impl->options; }
const Ground& StormField::ground() const noexcept { return *m_impl->ground; }

std::size_t StormField::model_index(const std::string& canonical_name) const {
    const auto it = m_impl->model_of.find(canonical_name);
    return it == m_impl->model_of.end() ? npos : it->second;
}


bool StormField::Impl::outside_pole_grid(GeoPoint p) const {
    if (!secs) {
        return false;
    }
    const double margin = options.secs.margin_deg;
    double lon = p.lon_deg - lon_center;
    lon -= 360.0 * std::round(lon / 360.0);
    return p.lat_deg < lat_min - margin || p.lat_deg > lat_max + margin || lon < lon_min - margin || lon > lon_max + margin;
}

std::vector<PointField> StormField::at(std::span<const GeoPoint> points, std::span<const std::size_t> model_hint) const {
    const Impl& d = *m_impl;
    const std::size_t n_stations = d.stations.size();
    std::vector<PointField> out(points.size());
    constexpr std::size_t chunk = 8192;  // bounds the SECS prediction matrix held at once (8192 × 2 rows)
    for (std::size_t first = 0; first < points.size(); first += chunk) {
        // Points that are not valid WGS84 positions have no field (no terms).
        std::vector<std::size_t> index;
        std::vector<GeoPoint> valid;
        for (std::size_t i = first; i < std::min(points.size(), first + chunk); ++i) {
            if (points[i].valid() && std::abs(points[i].lat_deg) <= 90.0) {
                index.push_back(i);
                valid.push_back(points[i]);
            }
        }
        Eigen::MatrixXd p;  // (2·valid) × (2·S)
        std::vector<double> sigma;
        if (d.secs && !valid.empty()) {
            p = d.secs->prediction_matrix(valid);
            sigma = d.secs->prediction_sigma_nt(p);  // from the same rows, not a second matrix
        }
        parallel_for(
            valid.size(),
            [&](std::size_t j) {
                const std::size_t i = index[j];
                PointField& f = out[i];
                const GeoPoint pt = valid[j];
                const auto row = static_cast<Eigen::Index>(2 * j);
                // MT sites within the distance.
                std::vector<std::pair<double, std::size_t>> near;  // (km, site)
                if (!d.mt_ids.empty()) {
                    const std::size_t k = d.options.mt_interpolation == MtInterpolation::nearest ? 1 : d.options.mt_neighbours;
                    const Vec3 q = unit_vector(pt);
                    for (auto it = d.mt_index.qbegin(bgi::nearest(q, static_cast<unsigned>(k))); it != d.mt_index.qend(); ++it) {
                        const double km = chord_to_km(bg::distance(q, it->first));
                        if (km <= d.options.mt_max_distance_km) {
                            near.emplace_back(km, it->second);
                        }
                    }
                    std::sort(near.begin(), near.end());
                }
                for (const auto& st : d.stations) {
                    if (st.location.valid()) {
                        const double km = chord_to_km(bg::distance(unit_vector(pt), unit_vector(st.location)));
                        if (!(km >= f.provenance.nearest_station_km)) {
                            f.provenance.nearest_station_km = km;
                        }
                    }
                }
                if (d.secs) {
                    f.provenance.b_sigma_nt = sigma[j];  // formal error from station noise alone
                    f.provenance.secs_extrapolated = d.outside_pole_grid(pt);
                }
                if (!near.empty()) {
                    const std::size_t m = near.front().second;
                    f.provenance.mt_site = d.mt_ids[m];
                    f.provenance.mt_distance_km = near.front().first;
                    f.provenance.stations = d.mt_stations[m];  // E there comes from B predicted at the site
                    if (d.options.mt_interpolation == MtInterpolation::nearest || near.front().first < 1e-6) {
                        f.terms.push_back({static_cast<std::uint32_t>(d.mt_source(m)), {1.0, 0.0, 0.0, 1.0}});
                    } else {
                        double wsum = 0.0;
                        for (const auto& [km, site] : near) {
                            wsum += 1.0 / (km * km);
                        }
                        for (const auto& [km, site] : near) {
                            const double w = 1.0 / (km * km) / wsum;
                            f.terms.push_back({static_cast<std::uint32_t>(d.mt_source(site)), {w, 0.0, 0.0, w}});
                        }
                    }
                    return;
                }
                f.provenance.stations = station_shares(d.secs ? &p : nullptr, row, d.stations);
                std::size_t r = model_hint.empty() ? npos : model_hint[i];
                if (r == npos) {
                    const EarthModel* m = d.ground->model_at(pt);
                    if (m == nullptr) {
                        return;  // no ground under the point
                    }
                    r = d.model_of.at(d.ground->canonical_model(m->name()));
                }
                f.provenance.earth_model = d.models.at(r);
                for (std::size_t s = 0; s < n_stations; ++s) {
                    const auto source = static_cast<std::uint32_t>(r * n_stations + s);
                    if (!d.secs) {
                        f.terms.push_back({source, {1.0, 0.0, 0.0, 1.0}});
                        continue;
                    }
                    const auto col = static_cast<Eigen::Index>(2 * s);
                    const double pxx = p(row, col), pxy = p(row, col + 1), pyx = p(row + 1, col), pyy = p(row + 1, col + 1);
                    f.terms.push_back({source, {pyy, -pyx, -pxy, pxx}});
                }
            },
            0, 256);
    }
    return out;
}

GeoelectricSeries StormField::series(const PointField& f) const {
    const Impl& d = *m_impl;
    GeoelectricSeries e;
    if (f.terms.empty()) {
        return e;
    }
    e.ex_v_per_km.assign(d.steps, 0.0);
    e.ey_v_per_km.assign(d.steps, 0.0);
    e.edge_samples = d.edge;
    for (const auto& t : f.terms) {
        const double* sn = d.north[t.source].data();
        const double* se = d.east[t.source].data();
        for (std::size_t i = 0; i < d.steps; ++i) {
            e.ex_v_per_km[i] += t.a[0] * sn[i] + t.a[1] * se[i];
            e.ey_v_per_km[i] += t.a[2] * sn[i] + t.a[3] * se[i];
        }
    }
    return e;
}

double StormField::peak_v_per_km(const PointField& f, std::size_t* step) const {
    if (f.terms.empty()) {
        return not_a_number;
    }
    const GeoelectricSeries e = series(f);
    const std::size_t i = interior_peak_index(e);
    if (step != nullptr) {
        *step = i;
    }
    return std::hypot(e.ex_v_per_km[i], e.ey_v_per_km[i]);
}

std::pair<std::vector<double>, std::vector<double>> StormField::magnetic_at(GeoPoint p) const {
    const Impl& d = *m_impl;
    if (!d.secs) {
        return {d.station_bx.front(), d.station_by.front()};
    }
    auto b = d.secs->predict(std::span<const GeoPoint>(&p, 1), d.station_bx, d.station_by);
    return {std::move(b.bx_nt.front()), std::move(b.by_nt.front())};
}

std::string StormField::description() const {
    const Impl& d = *m_impl;
    std::string s = "peak |E(t)| of the storm records (" + std::to_string(d.stations.size()) + " magnetometer" +
                    (d.stations.size() == 1 ? "" : "s, SECS") + ") over ";
    s += d.mt_ids.empty() ? "the 1-D earth models"
                          : std::to_string(d.mt_ids.size()) + " MT impedance tensors within " + format_number(d.options.mt_max_distance_km) +
                                " km, the 1-D earth models elsewhere";
    return s;
}

std::string station_shares_text(const std::vector<double>& weight, const std::vector<StationRecord>& stations) {
    const std::size_t n = stations.size();
    const double total = std::accumulate(weight.begin(), weight.end(), 0.0);
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return weight[a] > weight[b]; });
    std::string text;
    for (std::size_t j = 0; j < std::min<std::size_t>(3, n); ++j) {
        text += (j ? "; " : "") + stations[order[j]].id;
        if (n > 1 && total > 0.0) {
            text += " " + format_number(weight[order[j]] / total, 2);
        }
    }
    return text;
}

void add_field_provenance_columns(FeatureTable& table, const std::vector<FieldProvenance>& provenance) {
    std::vector<std::string> site, stations;
    std::vector<double> km, station_km, sigma, extrapolated;
    for (const auto& p : provenance) {
        site.push_back(p.mt_site);
        km.push_back(p.mt_distance_km);
        stations.push_back(p.stations);
        station_km.push_back(p.nearest_station_km);
        sigma.push_back(p.b_sigma_nt);
        extrapolated.push_back(p.secs_extrapolated ? 1.0 : 0.0);
    }
    table.add("mt_site", std::move(site), "MT site whose impedance tensor gave the field (empty: the 1-D earth model)");
    table.add("mt_distance_km", std::move(km), "distance to that MT site, km (empty where the 1-D model applied)");
    table.add("stations", std::move(stations), "the magnetometer records that weigh most, with their share of the SECS weights");
    table.add("nearest_station_km", std::move(station_km),
              "distance to the nearest magnetometer, km: how far the source field is carried (one record: taken as uniform)");
    table.add("b_sigma_nt", std::move(sigma), "formal SECS error of |B_h| from station noise only (1 nT per component), nT");
    table.add("secs_extrapolated", std::move(extrapolated),
              "1 outside the SECS pole grid (stations' box + margin): B extrapolated, underestimated far from the stations");
}

StormFieldHazard::StormFieldHazard(const StormField& field, const DipoleCoefficients& dipole) : m_field(field), m_dipole(dipole) {}

PointHazard StormFieldHazard::at(GeoPoint p) const {
    PointHazard h;
    h.geomagnetic_lat_deg = dipole_latitude_deg(p.lat_deg, p.lon_deg, m_dipole);
    const auto f = m_field.at(std::span<const GeoPoint>(&p, 1));
    // What gave the field: the 1-D model, or the MT site's tensor.
    h.earth_model = f.front().provenance.mt_site.empty() ? f.front().provenance.earth_model : "MT " + f.front().provenance.mt_site;
    h.e_peak_v_per_km = m_field.peak_v_per_km(f.front());
    return h;
}

double StormFieldHazard::e_peak_v_per_km(GeoPoint p) const {
    const auto f = m_field.at(std::span<const GeoPoint>(&p, 1));
    return m_field.peak_v_per_km(f.front());
}

void StormFieldHazard::e_peak_many(std::span<const GeoPoint> points, std::span<double> out) const {
    const auto f = m_field.at(points);
    parallel_for(points.size(), [&](std::size_t i) { out[i] = m_field.peak_v_per_km(f[i]); }, 0, 16);
}

std::string StormFieldHazard::description() const { return m_field.description(); }

}  // namespace swx
