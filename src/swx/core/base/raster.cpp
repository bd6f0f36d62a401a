#include <swx/core/base/raster.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace swx {

namespace {

constexpr const char* stage = "raster";

/// Cells of `resolution` covering `extent`; where covering it would pass `room` (the extent up to the
/// valid edge), only the whole cells that fit. 1e-9 of a cell absorbs rounding (0.3 / 0.1).
std::size_t cells(double extent, double resolution, double room) {
    const double n = std::ceil(extent / resolution - 1e-9);
    if (n * resolution > room + 1e-9 * resolution) {
        return static_cast<std::size_t>(std::floor(room / resolution + 1e-9));
    }
    return static_cast<std::size_t>(n);
}

}  // namespace

void GridSpec::validate() const {
    auto fail = [](const std::string& why) { throw ConfigError({stage, "", "", "", ""}, why); };
    const double edges[] = {west_deg, south_deg, east_deg, north_deg};
    for (const double e : edges) {
        if (!std::isfinite(e)) {
            fail("bbox has a non-finite edge: west " + format_number(west_deg) + ", south " + format_number(south_deg) + ", east " +
                 format_number(east_deg) + ", north " + format_number(north_deg));
        }
    }
    if (!std::isfinite(resolution_deg) || resolution_deg <= 0.0) {
        fail("resolution must be > 0 degrees, got " + format_number(resolution_deg));
    }
    if (west_deg < -180.0 || west_deg > 180.0 || east_deg < -180.0 || east_deg > 180.0) {
        fail("longitudes must lie within [-180, 180]: west " + format_number(west_deg) + ", east " + format_number(east_deg) +
             " (an area crossing the antimeridian is given with west > east, e.g. west 170, east -170)");
    }
    if (south_deg < -90.0 || north_deg > 90.0) {
        fail("latitudes must lie within [-90, 90]: south " + format_number(south_deg) + ", north " + format_number(north_deg));
    }
    if (west_deg == east_deg) {
        fail("bbox is empty: west " + format_number(west_deg) + " == east " + format_number(east_deg));
    }
    if (south_deg >= north_deg) {
        fail("bbox is inverted: south " + format_number(south_deg) + " >= north " + format_number(north_deg));
    }
    const double max_cells = static_cast<double>(std::numeric_limits<int>::max());
    if (lon_extent_deg() / resolution_deg > max_cells || (north_deg - south_deg) / resolution_deg > max_cells) {
        fail("resolution " + format_number(resolution_deg) + " degrees gives more than 2^31 cells along one axis");
    }
    if (width() == 0 || height() == 0) {
        fail("resolution " + format_number(resolution_deg) + " degrees is larger than the area (" + format_number(lon_extent_deg()) +
             " x " + format_number(north_deg - south_deg) + " degrees) and a cell would leave [-180, 180] x [-90, 90]");
    }
}

std::size_t GridSpec::width() const {
    // Room up to 180 for a box that does not cross; up to west + 360 (once round) for one that does.
    const double room = crosses_antimeridian() ? 360.0 : 180.0 - west_deg;
    return cells(lon_extent_deg(), resolution_deg, std::min(room, 360.0));
}

std::size_t GridSpec::height() const { return cells(north_deg - south_deg, resolution_deg, north_deg + 90.0); }

GeoPoint GridSpec::cell_center(std::size_t col, std::size_t row) const {
    double lon = west_deg + (static_cast<double>(col) + 0.5) * resolution_deg;
    if (lon >= 180.0) {
        lon -= 360.0;
    }
    return {lon, north_deg - (static_cast<double>(row) + 0.5) * resolution_deg};
}

Raster Raster::nodata(const GridSpec& spec, std::string band_description, std::string units) {
    spec.validate();
    Raster r;
    r.spec = spec;
    r.values.assign(spec.width() * spec.height(), std::numeric_limits<float>::quiet_NaN());
    r.band_description = std::move(band_description);
    r.units = std::move(units);
    return r;
}

void warn_if_wide_crossing(const GridSpec& area, ProblemSink& problems, const std::string& location) {
    if (area.crosses_antimeridian() && area.lon_extent_deg() > 180.0) {
        problems.warn("wide_area", "", location,
                      "bbox west " + format_number(area.west_deg) + " > east " + format_number(area.east_deg) +
                          " is read as an area crossing the antimeridian, " + format_number(area.lon_extent_deg()) +
                          " degrees wide; if west and east were swapped, give west " + format_number(area.east_deg) +
                          ", east " + format_number(area.west_deg));
    }
}

}  // namespace swx
