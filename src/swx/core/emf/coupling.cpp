#include <swx/core/emf/coupling.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/parallel.hpp>
#include <swx/core/emf/geodesic.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <exception>
#include <map>

namespace swx {

LineGroundCoupling couple_lines(const Network& network, const Ground& ground, CouplingSources sources) {
    LineGroundCoupling out;
    const bool by_region = sources == CouplingSources::region;
    std::map<std::string, std::size_t> source_of;
    std::size_t fallback_source = 0;
    if (by_region) {
        if (const EarthRegions* regions = ground.regions()) {
            for (std::size_t r = 0; r < regions->size(); ++r) {
                const EarthRegion& region = regions->region(r);
                out.models.push_back(ground.canonical_model(region.model));
                out.names.push_back(!region.id.empty() ? region.id : !region.name.empty() ? region.name : "#" + std::to_string(r + 1));
            }
        }
        fallback_source = out.models.size();
        if (!ground.fallback_model().empty()) {
            out.models.push_back(ground.fallback_model());
            out.names.emplace_back("outside the regions");
        }
    } else {
        out.models = ground.model_names();
        out.names = out.models;
        for (std::size_t k = 0; k < out.models.size(); ++k) {
            source_of[out.models[k]] = k;
        }
    }
    out.couplings.resize(network.lines.size());
    out.length_km.resize(network.lines.size());
    // Each line on its own (in parallel); a line's error is kept and the first line's (in order) rethrown,
    // as a loop over the lines would.
    std::vector<std::exception_ptr> errors(network.lines.size());
    auto couple_one = [&](std::size_t l) {
        std::array<GeoPoint, 2> ends;
        const auto route = network.route(network.lines[l], ends);
        std::vector<RegionDisplacement> parts;
        if (const EarthRegions* regions = ground.regions()) {
            parts = region_displacements(*regions, route, 1.0, &out.length_km[l]);
        } else {
            parts.push_back({std::nullopt, geodesic_displacement(route, 10.0, &out.length_km[l])});
        }
        for (const auto& part : parts) {
            std::string model;
            std::size_t source = 0;
            if (part.region) {
                const std::string& name = ground.regions()->region(*part.region).model;
                model = ground.canonical_model(name);
                source = by_region ? *part.region : source_of.at(model);
            } else if (!ground.fallback_model().empty()) {
                model = ground.fallback_model();
                source = by_region ? fallback_source : source_of.at(model);
            } else {
                if (std::hypot(part.d.north_km, part.d.east_km) < 1e-6) {
                    continue;  // a touch of the boundary, not a stretch of line
                }
                throw InputError({"ground", "", "lines", network.lines[l].id, "geometry"},
                                 "part of the line's route lies outside every earth region; give --earth-model for the "
                                 "ground outside the regions, or extend the regions");
            }
            auto& existing = out.couplings[l].parts;
            const auto it = std::find_if(existing.begin(), existing.end(), [&](const auto& p) { return p.source == source; });
            if (it == existing.end()) {
                existing.push_back({source, part.d});
            } else {
                it->d.north_km += part.d.north_km;
                it->d.east_km += part.d.east_km;
            }
        }
    };
    parallel_for(network.lines.size(), [&](std::size_t l) {
        try {
            couple_one(l);
        } catch (...) {
            errors[l] = std::current_exception();
        }
    });
    for (const auto& e : errors) {
        if (e) {
            std::rethrow_exception(e);
        }
    }
    return out;
}

}  // namespace swx
