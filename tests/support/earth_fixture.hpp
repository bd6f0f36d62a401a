#pragma once
// Synthetic earth-region fixtures shared by the core tests (PDAL FauxReader style).

#include <swx/core/earth/earth_regions.hpp>

#include <string>
#include <utility>

namespace swx::test {

/// A region over the lon/lat rectangle [x0, x1] × [y0, y1] (degrees), naming `model`.
inline EarthRegion rect(std::string id, std::string model, double x0, double y0, double x1, double y1) {
    EarthRegion r;
    r.id = std::move(id);
    r.model = std::move(model);
    LonLatPolygon polygon;
    for (const auto& [x, y] : {std::pair{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}) {
        polygon.outer().emplace_back(x, y);
    }
    r.area.push_back(polygon);
    return r;
}

}  // namespace swx::test
