#include <swx/core/emf/geodesic.hpp>

#include <swx/core/base/parallel.hpp>

#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/GeodesicLine.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <numbers>

namespace swx {

namespace {

const GeographicLib::Geodesic& wgs84() {
    static const GeographicLib::Geodesic g(6378137.0, 1.0 / 298.257223563);
    return g;
}

GeographicLib::GeodesicLine inverse_line(const GeoPoint& a, const GeoPoint& b) {
    return wgs84().InverseLine(a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg, GeographicLib::Geodesic::ALL);
}

}  // namespace

Displacement geodesic_displacement(std::span<const GeoPoint> route, double step_km, double* length_km) {
    constexpr double deg = std::numbers::pi / 180.0;
    Displacement d;
    double total_m = 0.0;
    for (std::size_t i = 1; i < route.size(); ++i) {
        const GeoPoint& a = route[i - 1];
        const GeoPoint& b = route[i];
        const GeographicLib::GeodesicLine line = inverse_line(a, b);
        const double length_m = line.Distance();
        total_m += length_m;
        if (length_m <= 0.0) {
            continue;
        }
        const int pieces = std::max(1, static_cast<int>(std::ceil(length_m / (step_km * 1000.0))));
        const double piece_m = length_m / pieces;
        for (int k = 0; k < pieces; ++k) {
            double lat = 0.0;
            double lon = 0.0;
            double azi = 0.0;
            line.Position((k + 0.5) * piece_m, lat, lon, azi);
            d.north_km += piece_m * 1e-3 * std::cos(azi * deg);
            d.east_km += piece_m * 1e-3 * std::sin(azi * deg);
        }
    }
    if (length_km != nullptr) {
        *length_km = total_m * 1e-3;
    }
    return d;
}

double geodesic_length_km(std::span<const GeoPoint> route) {
    double total_m = 0.0;
    for (std::size_t i = 1; i < route.size(); ++i) {
        double s12 = 0.0;
        wgs84().Inverse(route[i - 1].lat_deg, route[i - 1].lon_deg, route[i].lat_deg, route[i].lon_deg, s12);
        total_m += s12;
    }
    return total_m * 1e-3;
}


namespace {

Displacement line_displacement(std::span<const GeoPoint> route, DistanceMethod method) {
    if (method == DistanceMethod::nerc) {
        return nerc_displacement(route.front(), route.back());  // straight, end to end
    }
    return geodesic_displacement(route);
}

}  // namespace

std::vector<Displacement> line_displacements(const Network& network, DistanceMethod method) {
    std::vector<Displacement> out;
    out.reserve(network.lines.size());
    std::array<GeoPoint, 2> ends;
    for (const auto& line : network.lines) {
        out.push_back(line_displacement(network.route(line, ends), method));
    }
    return out;
}

LineGeometry line_geometry(const Network& network, DistanceMethod method, unsigned threads) {
    LineGeometry out;
    out.displacements.resize(network.lines.size());
    out.length_km.resize(network.lines.size());
    parallel_for(
        network.lines.size(),
        [&](std::size_t l) {
            std::array<GeoPoint, 2> ends;
            const auto route = network.route(network.lines[l], ends);
            out.displacements[l] = line_displacement(route, method);
            out.length_km[l] = geodesic_length_km(route);
        },
        threads);
    return out;
}

std::vector<double> line_lengths_km(const Network& network) {
    std::vector<double> out(network.lines.size());
    parallel_for(out.size(), [&](std::size_t l) {
        std::array<GeoPoint, 2> ends;
        out[l] = geodesic_length_km(network.route(network.lines[l], ends));
    });
    return out;
}


std::vector<RegionDisplacement> region_displacements(const EarthRegions& regions, std::span<const GeoPoint> route,
                                                     double step_km, double* length_km) {
    std::vector<GeoPoint> dense;
    double total_m = 0.0;
    if (!route.empty()) {
        dense.push_back(route.front());
    }
    for (std::size_t i = 1; i < route.size(); ++i) {
        const GeoPoint& a = route[i - 1];
        const GeoPoint& b = route[i];
        if (a.valid() && b.valid()) {  // invalid vertices are reported by split_route
            const GeographicLib::GeodesicLine line = inverse_line(a, b);
            const double length_m = line.Distance();
            total_m += length_m;
            // The same pieces as geodesic_displacement, so that unsplit pieces integrate identically.
            const int pieces = length_m > 0.0 ? std::max(1, static_cast<int>(std::ceil(length_m / (step_km * 1000.0)))) : 1;
            const double piece_m = length_m / pieces;
            for (int k = 1; k < pieces; ++k) {
                GeoPoint p;
                line.Position(k * piece_m, p.lat_deg, p.lon_deg);
                dense.push_back(p);
            }
        }
        dense.push_back(b);
    }
    if (length_km != nullptr) {
        *length_km = total_m * 1e-3;
    }
    std::vector<RegionDisplacement> out;
    for (const RouteLeg& leg : regions.split_route(dense)) {
        if (leg.points.size() < 2) {
            continue;
        }
        const Displacement d = geodesic_displacement(leg.points, step_km);
        auto it = std::find_if(out.begin(), out.end(), [&](const RegionDisplacement& r) { return r.region == leg.region; });
        if (it == out.end()) {
            out.push_back({leg.region, {}});
            it = std::prev(out.end());
        }
        it->d.north_km += d.north_km;
        it->d.east_km += d.east_km;
    }
    return out;
}

}  // namespace swx
