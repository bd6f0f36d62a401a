#pragma once
/// @file site.hpp
/// A candidate site: a point or a polygon, what supplies it (if known) and how much it matters.

#include <swx/core/network/network.hpp>

#include <string>
#include <vector>

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

}  // namespace swx
