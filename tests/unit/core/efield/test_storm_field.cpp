// The storm field varying in space (core/efield/storm_field.hpp, core/emf/field_coupling.hpp), checked
// against independent paths: the per-region coupling of one record, E(t) of the SECS-predicted B(t)
// through the plane-wave converter, closed-form half-space tensors and a fine route integration.

#include <swx/core/efield/storm_field.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/earth/earth_model_library.hpp>
#include <swx/core/emf/coupling.hpp>
#include <swx/core/emf/field_coupling.hpp>
#include <swx/core/emf/geodesic.hpp>

#include <catch2/catch.hpp>

#include "support/earth_fixture.hpp"

#include <cmath>
#include <string>
#include <vector>

using namespace swx;
using swx::test::rect;
using Catch::Matchers::Contains;

namespace {

constexpr double pi = 3.14159265358979323846;
constexpr std::size_t n_steps = 720;
constexpr double dt = 60.0;

EarthModelLibrary library() {
    EarthModelLibrary lib;
    lib.add(EarthModel::uniform(100.0, "WEST"));
    lib.add(EarthModel::uniform(1000.0, "EAST"));
    lib.add(EarthModel("FB", {{20000.0, 3000.0}, {50000.0, 30.0}}, 10.0));
    return lib;
}

EarthRegions two_regions() { return EarthRegions({rect("W", "WEST", -86, 33, -85, 35), rect("E", "EAST", -85, 33, -84, 35)}); }

/// A storm-like record: a few periods from 4 min to 3 h, different at each station (phase `k`).
std::pair<std::vector<double>, std::vector<double>> record(double k, double scale = 1.0) {
    std::vector<double> bx(n_steps), by(n_steps);
    for (std::size_t i = 0; i < n_steps; ++i) {
        const double t = static_cast<double>(i) * dt;
        bx[i] = scale * (300.0 * std::sin(2 * pi * t / 10800.0 + k) + 80.0 * std::sin(2 * pi * t / 900.0 + 2 * k) +
                         20.0 * std::cos(2 * pi * t / 240.0 - k));
        by[i] = scale * (150.0 * std::cos(2 * pi * t / 7200.0 - k) + 60.0 * std::sin(2 * pi * t / 600.0 + 0.5 * k));
    }
    return {bx, by};
}

StationSet stations(const std::vector<GeoPoint>& where) {
    StationSet s;
    s.t0_unix_s = 1715299200;  // 2024-05-10T00:00:00Z
    s.dt_s = dt;
    for (std::size_t i = 0; i < where.size(); ++i) {
        StationRecord r;
        r.id = "S" + std::to_string(i);
        r.location = where[i];
        s.stations.push_back(r);
        auto [bx, by] = record(0.7 * static_cast<double>(i), 1.0 + 0.3 * static_cast<double>(i));
        s.bx_nt.push_back(bx);
        s.by_nt.push_back(by);
        s.baseline_x_nt.push_back(0.0);
        s.baseline_y_nt.push_back(0.0);
    }
    return s;
}

Network network() {
    Network n;
    n.substations = {{"A", "A", {-85.8, 33.5}, 0.5}, {"B", "B", {-85.2, 34.5}, 0.5}, {"C", "C", {-84.5, 34.0}, 0.5},
                     {"D", "D", {-83.0, 34.0}, 0.5}};
    n.buses = {{"A1", 0, 345.0}, {"B1", 1, 345.0}, {"C1", 2, 345.0}, {"D1", 3, 345.0}};
    auto line = [](std::string id, std::size_t from, std::size_t to, std::vector<GeoPoint> path = {}) {
        Line l;
        l.id = std::move(id);
        l.from_bus = from;
        l.to_bus = to;
        l.r_ohm = 3.0;
        l.kv = 345.0;
        l.path = std::move(path);
        return l;
    };
    n.lines = {line("AB", 0, 1), line("AC", 0, 2), line("CAC", 2, 2, {{-84.5, 34.0}, {-85.5, 34.2}, {-84.5, 34.4}}), line("CD", 2, 3)};
    return n;
}

/// Line EMF series from couplings and field sources: V_l(t) = Σ d_N·E_N,k + d_E·E_E,k.
std::vector<std::vector<double>> emf(const std::vector<LineCoupling>& couplings, const FieldSources& f) {
    std::vector<std::vector<double>> v(couplings.size(), std::vector<double>(f.steps(), 0.0));
    for (std::size_t l = 0; l < couplings.size(); ++l) {
        for (const auto& p : couplings[l].parts) {
            for (std::size_t t = 0; t < f.steps(); ++t) {
                v[l][t] += p.d.north_km * f.e_north_v_per_km[p.source][t] + p.d.east_km * f.e_east_v_per_km[p.source][t];
            }
        }
    }
    return v;
}

double great_circle_km(GeoPoint a, GeoPoint b) {
    const double d = pi / 180.0;
    const double h = std::pow(std::sin((b.lat_deg - a.lat_deg) * d / 2), 2) +
                     std::cos(a.lat_deg * d) * std::cos(b.lat_deg * d) * std::pow(std::sin((b.lon_deg - a.lon_deg) * d / 2), 2);
    return 2 * 6371.0088 * std::asin(std::sqrt(h));
}

/// An MT site whose tensor is a 1-D model's, at 10 periods per decade from 1 s to 1e6 s.
MtSite site_of(const EarthModel& m, std::string id, GeoPoint at) {
    MtSite s;
    s.id = std::move(id);
    s.location = at;
    for (int i = 0; i <= 60; ++i) {
        const double period = std::pow(10.0, 0.1 * i);
        s.periods_s.push_back(period);
        s.z.push_back(tensor_of_1d(m, 1.0 / period));
        s.z_variance.push_back({not_a_number, not_a_number, not_a_number, not_a_number});
    }
    return s;
}

}  // namespace

TEST_CASE("storm field, one record, no MT: line EMFs equal the per-region coupling of the record", "[core][storm_field]") {
    const Ground ground(library(), two_regions(), "FB", {});
    const Network net = network();
    const StationSet rec = stations({{-85.0, 34.0}});
    const StormField field(rec, ground, {});
    const FieldLineCoupling varying = couple_lines(net, field, 10.0);
    // The independent path: couple_lines(ground) and E(t) per model of the one record.
    const LineGroundCoupling regions = couple_lines(net, ground);
    FieldSources per_model;
    for (const auto& m : regions.models) {
        const GeoelectricSeries e = geoelectric_from_magnetic(ground.library().find(m), rec.bx_nt[0], rec.by_nt[0], dt);
        per_model.e_north_v_per_km.push_back(e.ex_v_per_km);
        per_model.e_east_v_per_km.push_back(e.ey_v_per_km);
    }
    const auto a = emf(varying.couplings, varying.fields);
    const auto b = emf(regions.couplings, per_model);
    double peak = 0.0, worst = 0.0;
    for (std::size_t l = 0; l < a.size(); ++l) {
        for (std::size_t t = 0; t < n_steps; ++t) {
            peak = std::max(peak, std::abs(b[l][t]));
            worst = std::max(worst, std::abs(a[l][t] - b[l][t]));
        }
    }
    INFO("largest EMF " << peak << " V, largest difference " << worst << " V");
    CHECK(peak > 10.0);
    // The region crossings are found on lon/lat chords of 10 km pieces here, of 1 km pieces in
    // couple_lines(ground): they differ by about a metre (s^2 tan(lat)/8R), i.e. ~1e-5 of the EMF.
    CHECK(worst < 1e-4 * peak);
    CHECK(varying.fields.edge_steps == edge_zone_samples(n_steps, dt));
    CHECK(varying.line_provenance[0].stations == "S0");
    CHECK(varying.line_provenance[0].mt_site.empty());
}

TEST_CASE("storm field, many records: a point's weights give E(t) of the SECS-predicted B(t) over its model", "[core][storm_field]") {
    const Ground ground(library(), two_regions(), "FB", {});
    const StationSet rec = stations({{-86.5, 33.2}, {-84.2, 33.4}, {-85.1, 35.3}, {-83.5, 34.8}});
    const StormField field(rec, ground, {});
    const std::vector<GeoPoint> points{{-85.5, 34.0}, {-84.6, 33.7}, {-83.0, 34.1}};
    const auto at = field.at(points);
    for (std::size_t i = 0; i < points.size(); ++i) {
        const EarthModel* m = ground.model_at(points[i]);
        REQUIRE(m != nullptr);
        const auto [bx, by] = field.magnetic_at(points[i]);
        const GeoelectricSeries direct = geoelectric_from_magnetic(*m, bx, by, dt);
        const GeoelectricSeries weighted = field.series(at[i]);
        double peak = 0.0, worst = 0.0;
        for (std::size_t t = 0; t < n_steps; ++t) {
            peak = std::max(peak, std::hypot(direct.ex_v_per_km[t], direct.ey_v_per_km[t]));
            worst = std::max(worst, std::hypot(direct.ex_v_per_km[t] - weighted.ex_v_per_km[t], direct.ey_v_per_km[t] - weighted.ey_v_per_km[t]));
        }
        INFO("point " << i << ": peak " << peak << " V/km, largest difference " << worst << " V/km");
        CHECK(peak > 0.01);
        CHECK(worst < 1e-9 * std::max(1.0, peak));
        CHECK(at[i].provenance.earth_model == m->name());
        CHECK_FALSE(at[i].provenance.stations.empty());
        CHECK(std::isfinite(at[i].provenance.b_sigma_nt));
    }
}

TEST_CASE("storm field, MT sites: a half-space tensor gives the half-space field, within the distance only", "[core][storm_field]") {
    const Ground ground(library(), two_regions(), "FB", {});
    const StationSet rec = stations({{-85.0, 34.0}});
    const EarthModel rho400 = EarthModel::uniform(400.0, "R400");
    const MtSite site = site_of(rho400, "MT1", {-85.6, 34.0});
    StormFieldOptions o;
    o.mt_max_distance_km = 50.0;
    const StormField field(rec, ground, {site}, o);
    const std::vector<GeoPoint> points{{-85.55, 34.02}, {-85.9, 34.9}};
    const auto at = field.at(points);
    // Near: the tensor's field = the 400 ohm.m half-space's (log-log interpolation is exact for it).
    const GeoelectricSeries expect = geoelectric_from_magnetic(rho400, rec.bx_nt[0], rec.by_nt[0], dt);
    const GeoelectricSeries got = field.series(at[0]);
    double peak = 0.0, worst = 0.0;
    for (std::size_t t = 0; t < n_steps; ++t) {
        peak = std::max(peak, std::hypot(expect.ex_v_per_km[t], expect.ey_v_per_km[t]));
        worst = std::max(worst, std::hypot(expect.ex_v_per_km[t] - got.ex_v_per_km[t], expect.ey_v_per_km[t] - got.ey_v_per_km[t]));
    }
    INFO("half-space MT site: peak " << peak << " V/km, largest difference " << worst << " V/km");
    CHECK(worst < 1e-4 * peak);
    CHECK(at[0].provenance.mt_site == "MT1");
    CHECK(std::abs(at[0].provenance.mt_distance_km - great_circle_km(points[0], site.location)) < 0.05);
    CHECK(at[0].provenance.earth_model.empty());
    // Far (about 100 km): the region's 1-D model (WEST, 100 ohm.m).
    CHECK(at[1].provenance.mt_site.empty());
    CHECK(std::isnan(at[1].provenance.mt_distance_km));
    CHECK(at[1].provenance.earth_model == "WEST");
    const GeoelectricSeries west = geoelectric_from_magnetic(ground.library().find("WEST"), rec.bx_nt[0], rec.by_nt[0], dt);
    CHECK(field.peak_v_per_km(at[1]) == Approx(interior_peak_magnitude(west)).epsilon(1e-9));
}

TEST_CASE("storm field, MT sites: inverse-distance weights of the nearest sites", "[core][storm_field]") {
    const Ground ground(library(), std::nullopt, "FB", {});
    const StationSet rec = stations({{-85.0, 34.0}});
    const EarthModel r100 = EarthModel::uniform(100.0, "R100");
    const EarthModel r900 = EarthModel::uniform(900.0, "R900");
    const GeoPoint s1{-85.0, 34.0}, s2{-84.6, 34.0};
    StormFieldOptions o;
    o.mt_max_distance_km = 200.0;
    o.mt_interpolation = MtInterpolation::inverse_distance;
    const StormField field(rec, ground, {site_of(r100, "A", s1), site_of(r900, "B", s2)}, o);
    const GeoPoint p{-84.9, 34.05};
    const auto f = field.at(std::span<const GeoPoint>(&p, 1)).front();
    const double d1 = great_circle_km(p, s1), d2 = great_circle_km(p, s2);
    const double w1 = (1 / (d1 * d1)) / (1 / (d1 * d1) + 1 / (d2 * d2));
    const GeoelectricSeries e1 = geoelectric_from_magnetic(r100, rec.bx_nt[0], rec.by_nt[0], dt);
    const GeoelectricSeries e2 = geoelectric_from_magnetic(r900, rec.bx_nt[0], rec.by_nt[0], dt);
    const GeoelectricSeries got = field.series(f);
    double worst = 0.0, peak = 0.0;
    for (std::size_t t = 0; t < n_steps; ++t) {
        const double x = w1 * e1.ex_v_per_km[t] + (1 - w1) * e2.ex_v_per_km[t];
        const double y = w1 * e1.ey_v_per_km[t] + (1 - w1) * e2.ey_v_per_km[t];
        peak = std::max(peak, std::hypot(x, y));
        worst = std::max(worst, std::hypot(x - got.ex_v_per_km[t], y - got.ey_v_per_km[t]));
    }
    CHECK(worst < 1e-4 * peak);
    CHECK(f.terms.size() == 2);
    CHECK(f.provenance.mt_site == "A");
}

TEST_CASE("storm field: a line's EMF from its coupling equals a fine integration of E along the route", "[core][storm_field]") {
    const Ground ground(library(), two_regions(), "FB", {});
    const StationSet rec = stations({{-87.5, 32.5}, {-84.0, 32.8}, {-85.5, 35.8}, {-82.5, 35.0}, {-85.0, 34.0}});
    const StormField field(rec, ground, {});
    Network net = network();
    net.lines = {net.lines[2]};  // CAC: a loop over both regions
    const FieldLineCoupling c = couple_lines(net, field, 10.0);
    const auto v = emf(c.couplings, c.fields);
    // Fine integration: 0.5 km pieces, E at each piece's midpoint from its own weights.
    const auto route = net.route(net.lines[0]);
    std::vector<GeoPoint> mids;
    std::vector<Displacement> dl;
    const EarthRegions none;
    for (std::size_t i = 0; i + 1 < route.size(); ++i) {
        const GeoPoint a = route[i], b = route[i + 1];
        const int n = 400;
        for (int j = 0; j < n; ++j) {
            const GeoPoint p0{a.lon_deg + (b.lon_deg - a.lon_deg) * j / n, a.lat_deg + (b.lat_deg - a.lat_deg) * j / n};
            const GeoPoint p1{a.lon_deg + (b.lon_deg - a.lon_deg) * (j + 1) / n, a.lat_deg + (b.lat_deg - a.lat_deg) * (j + 1) / n};
            const GeoPoint seg[2] = {p0, p1};
            mids.push_back({0.5 * (p0.lon_deg + p1.lon_deg), 0.5 * (p0.lat_deg + p1.lat_deg)});
            dl.push_back(geodesic_displacement(seg, 1.0));
        }
    }
    const auto at = field.at(mids);
    std::vector<double> fine(n_steps, 0.0);
    for (std::size_t i = 0; i < mids.size(); ++i) {
        const GeoelectricSeries e = field.series(at[i]);
        for (std::size_t t = 0; t < n_steps; ++t) {
            fine[t] += e.ex_v_per_km[t] * dl[i].north_km + e.ey_v_per_km[t] * dl[i].east_km;
        }
    }
    double peak = 0.0, worst = 0.0;
    for (std::size_t t = 0; t < n_steps; ++t) {
        peak = std::max(peak, std::abs(fine[t]));
        worst = std::max(worst, std::abs(fine[t] - v[0][t]));
    }
    INFO("loop line: peak EMF " << peak << " V, 10 km sampling differs by " << worst << " V from 0.5 km sampling");
    CHECK(peak > 1.0);
    CHECK(worst < 0.01 * peak);
}

TEST_CASE("storm field: bad inputs are errors naming what is wrong", "[core][storm_field]") {
    const Ground ground(library(), two_regions(), "", {});
    const StationSet rec = stations({{-85.0, 34.0}});
    const StormField field(rec, ground, {});
    Network net = network();
    CHECK_THROWS_WITH(couple_lines(net, field, 10.0), Contains("CD") && Contains("outside every earth region"));
    net.lines.pop_back();
    CHECK_THROWS_AS(couple_lines(net, field, 0.0), ConfigError);
    StormFieldOptions o;
    o.mt_max_distance_km = -1.0;
    CHECK_THROWS_AS(StormField(rec, ground, {}, o), ConfigError);
    // A point with no ground has no terms and no peak.
    const GeoPoint off{-80.0, 34.0};
    const auto f = field.at(std::span<const GeoPoint>(&off, 1)).front();
    CHECK(f.terms.empty());
    CHECK(std::isnan(field.peak_v_per_km(f)));
}
