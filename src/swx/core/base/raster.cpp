#include <swx/core/base/raster.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>

#include <cmath>
#include <limits>

namespace swx {

namespace {

constexpr const char* stage = "raster";

std::size_t cells(double extent, double resolution) {
    // 1e-9 of a cell absorbs rounding in extents such as 0.3 / 0.1.
    return static_cast<std::size_t>(std::ceil(extent / resolution - 1e-9));
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
    if (west_deg < -180.0 || east_deg > 180.0) {
        fail("longitudes must lie within [-180, 180]: west " + format_number(west_deg) + ", east " + format_number(east_deg));
    }
    if (south_deg < -90.0 || north_deg > 90.0) {
        fail("latitudes must lie within [-90, 90]: south " + format_number(south_deg) + ", north " + format_number(north_deg));
    }
    if (west_deg >= east_deg) {
        fail("bbox is inverted: west " + format_number(west_deg) + " >= east " + format_number(east_deg));
    }
    if (south_deg >= north_deg) {
        fail("bbox is inverted: south " + format_number(south_deg) + " >= north " + format_number(north_deg));
    }
    const double max_cells = static_cast<double>(std::numeric_limits<int>::max());
    if ((east_deg - west_deg) / resolution_deg > max_cells || (north_deg - south_deg) / resolution_deg > max_cells) {
        fail("resolution " + format_number(resolution_deg) + " degrees gives more than 2^31 cells along one axis");
    }
}

std::size_t GridSpec::width() const { return cells(east_deg - west_deg, resolution_deg); }

std::size_t GridSpec::height() const { return cells(north_deg - south_deg, resolution_deg); }

GeoPoint GridSpec::cell_center(std::size_t col, std::size_t row) const {
    return {west_deg + (static_cast<double>(col) + 0.5) * resolution_deg,
            north_deg - (static_cast<double>(row) + 0.5) * resolution_deg};
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

}  // namespace swx
