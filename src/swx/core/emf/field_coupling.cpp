// Line couplings to a field that varies along the route. See field_coupling.hpp.

#include <swx/core/emf/field_coupling.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>
#include <swx/core/emf/geodesic.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>

namespace swx {

namespace {

constexpr std::size_t npos = std::numeric_limits<std::size_t>::max();

/// A piece of a route: its midpoint, its displacement, its line and the 1-D model of its region.
struct Piece {
    GeoPoint mid;
    Displacement d;
    std::size_t line = 0;
    std::size_t model = npos;
};

GeoPoint midpoint(GeoPoint a, GeoPoint b) {
    double dlon = b.lon_deg - a.lon_deg;
    dlon -= 360.0 * std::round(dlon / 360.0);  // the short way round the antimeridian
    return {normalized_lon_deg(a.lon_deg + 0.5 * dlon), 0.5 * (a.lat_deg + b.lat_deg)};
}

}  // namespace

FieldLineCoupling couple_lines(const Network& network, const StormField& field, double sample_km) {
    if (!(sample_km > 0.0) || !std::isfinite(sample_km)) {
        throw ConfigError({"line coupling", "", "", "", "line_sample_km"}, "the sample spacing must be a finite distance > 0 km");
    }
    const Ground& ground = field.ground();
    const EarthRegions none;
    const EarthRegions& regions = ground.regions() != nullptr ? *ground.regions() : none;
    const std::size_t fallback = ground.fallback_model().empty() ? npos : field.model_index(ground.fallback_model());
    std::vector<Piece> pieces;
    for (std::size_t l = 0; l < network.lines.size(); ++l) {
        std::array<GeoPoint, 2> ends;
        const auto route = network.route(network.lines[l], ends);
        for (const RouteLeg& leg : regions.split_route(route, sample_km)) {
            const std::size_t model =
                leg.region ? field.model_index(ground.canonical_model(regions.region(*leg.region).model)) : fallback;
            for (std::size_t i = 0; i + 1 < leg.points.size(); ++i) {
                const GeoPoint a = leg.points[i];
                const GeoPoint b = leg.points[i + 1];
                const GeoPoint seg[2] = {a, b};
                const Displacement d = geodesic_displacement(seg, sample_km);
                if (std::hypot(d.north_km, d.east_km) < 1e-9) {
                    continue;
                }
                // split_route cuts geodesics into pieces of at most sample_km; a longer chord is cut again.
                const double len = std::hypot(d.north_km, d.east_km);
                const auto n = static_cast<std::size_t>(std::ceil(len / sample_km - 1e-9));
                if (n <= 1) {
                    pieces.push_back({midpoint(a, b), d, l, model});
                    continue;
                }
                double dlon = b.lon_deg - a.lon_deg;
                dlon -= 360.0 * std::round(dlon / 360.0);  // the short way round the antimeridian
                for (std::size_t j = 0; j < n; ++j) {
                    const double f0 = static_cast<double>(j) / static_cast<double>(n);
                    const double f1 = static_cast<double>(j + 1) / static_cast<double>(n);
                    const GeoPoint p0{normalized_lon_deg(a.lon_deg + f0 * dlon), a.lat_deg + f0 * (b.lat_deg - a.lat_deg)};
                    const GeoPoint p1{normalized_lon_deg(a.lon_deg + f1 * dlon), a.lat_deg + f1 * (b.lat_deg - a.lat_deg)};
                    const GeoPoint sub[2] = {p0, p1};
                    pieces.push_back({midpoint(p0, p1), geodesic_displacement(sub, sample_km), l, model});
                }
            }
        }
    }
    std::vector<GeoPoint> mids(pieces.size());
    std::vector<std::size_t> hints(pieces.size());
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        mids[i] = pieces[i].mid;
        hints[i] = pieces[i].model;
    }
    FieldLineCoupling out;
    out.sample_km = sample_km;
    out.samples = pieces.size();
    out.couplings.resize(network.lines.size());
    out.line_provenance.resize(network.lines.size());
    std::vector<double> best_len(network.lines.size(), -1.0);
    constexpr std::size_t chunk = 16384;  // bounds the SECS prediction matrix held at once
    for (std::size_t first = 0; first < pieces.size(); first += chunk) {
        const std::size_t count = std::min(chunk, pieces.size() - first);
        const auto fields = field.at(std::span<const GeoPoint>(mids).subspan(first, count),
                                     std::span<const std::size_t>(hints).subspan(first, count));
        for (std::size_t j = 0; j < count; ++j) {
            const Piece& piece = pieces[first + j];
            const PointField& f = fields[j];
            if (f.terms.empty()) {
                if (piece.model == npos) {
                    throw InputError({"ground", "", "lines", network.lines[piece.line].id, "geometry"},
                                     "part of the line's route lies outside every earth region and has no MT site within the "
                                     "distance; give --earth-model for the ground outside the regions, or extend the regions");
                }
                continue;
            }
            auto& parts = out.couplings[piece.line].parts;
            for (const FieldTerm& t : f.terms) {
                const double cn = piece.d.north_km * t.a[0] + piece.d.east_km * t.a[2];
                const double ce = piece.d.north_km * t.a[1] + piece.d.east_km * t.a[3];
                const auto it = std::find_if(parts.begin(), parts.end(), [&](const LineCoupling::Part& p) { return p.source == t.source; });
                if (it == parts.end()) {
                    parts.push_back({t.source, {cn, ce}});
                } else {
                    it->d.north_km += cn;
                    it->d.east_km += ce;
                }
            }
            // The provenance of the line: that of its longest MT-driven piece, else of its first piece; the
            // nearest station over all pieces, extrapolated if any piece is (stations: see below).
            const double len = std::hypot(piece.d.north_km, piece.d.east_km);
            const bool mt = !f.provenance.mt_site.empty();
            FieldProvenance& lp = out.line_provenance[piece.line];
            const bool had_mt = !lp.mt_site.empty();
            const double nearest = std::isnan(lp.nearest_station_km) ? f.provenance.nearest_station_km
                                                                     : std::min(lp.nearest_station_km, f.provenance.nearest_station_km);
            const bool extrapolated = lp.secs_extrapolated || f.provenance.secs_extrapolated;
            if (best_len[piece.line] < 0.0 || (mt && (!had_mt || len > best_len[piece.line]))) {
                lp = f.provenance;
                best_len[piece.line] = len;
            }
            lp.nearest_station_km = nearest;
            lp.secs_extrapolated = extrapolated;
        }
    }
    // A line's `stations`: the records whose 1-D source pairs weigh most in its EMF (the norm of each
    // station's coefficients summed over the models); lines driven only by MT sites keep their site's.
    const std::size_t n_stations = field.stations();
    for (std::size_t l = 0; l < network.lines.size(); ++l) {
        std::vector<double> weight(n_stations, 0.0);
        for (const auto& part : out.couplings[l].parts) {
            if (part.source < field.one_d_sources()) {
                weight[part.source % n_stations] += std::hypot(part.d.north_km, part.d.east_km);
            }
        }
        if (std::accumulate(weight.begin(), weight.end(), 0.0) > 0.0) {
            out.line_provenance[l].stations = station_shares_text(weight, field.station_records());
        }
    }
    out.fields.edge_steps = field.edge_steps();
    for (std::size_t k = 0; k < field.sources(); ++k) {
        out.fields.e_north_v_per_km.push_back(field.source_north(k));
        out.fields.e_east_v_per_km.push_back(field.source_east(k));
        out.source_names.push_back(field.source_name(k));
    }
    return out;
}

}  // namespace swx
