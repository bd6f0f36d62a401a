#pragma once
/// @file site.hpp
/// A candidate site: a point or a polygon, what supplies it (if known) and how much it matters.

#include <swx/core/network/network.hpp>

#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <swx/core/base/text.hpp>

namespace swx {

/// One candidate site (docs/scenario-format.md). Read by swx/io/sites_reader.hpp or built by callers.
struct Site {
    std::string id;
    std::string name;
    std::vector<GeoPoint> outline;  ///< the polygon's exterior ring (empty for a point site)
    GeoPoint location;              ///< the point, or the polygon's centroid
    std::vector<std::string> supply_substations;  ///< ids of the substations known to supply it (trimmed)
    double criticality = 1.0;       ///< > 0: weight of the site in ties of the ranking
};

/// The ids in a `supply_substations` field: comma-separated, each trimmed, empty entries dropped.
/// The one rule for sites files and for sites built in code (Python).
[[nodiscard]] inline std::vector<std::string> parse_supply_ids(std::string_view field) {
    std::vector<std::string> ids;
    std::stringstream ss{std::string(field)};
    for (std::string part; std::getline(ss, part, ',');) {
        if (std::string id = trim(part); !id.empty()) {
            ids.push_back(std::move(id));
        }
    }
    return ids;
}

}  // namespace swx
