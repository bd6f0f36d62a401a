#include <swx/core/emf/line_emf.hpp>

#include <cmath>
#include <numbers>

namespace swx {

namespace {
constexpr double deg = std::numbers::pi / 180.0;
}

UniformField field_from_azimuth(double e_v_per_km, double azimuth_deg) {
    return {e_v_per_km * std::cos(azimuth_deg * deg), e_v_per_km * std::sin(azimuth_deg * deg)};
}

Displacement nerc_displacement(GeoPoint from, GeoPoint to) {
    const double phi = 0.5 * (from.lat_deg + to.lat_deg) * deg;
    const double dlat = to.lat_deg - from.lat_deg;
    double dlon = to.lon_deg - from.lon_deg;
    dlon = std::remainder(dlon, 360.0);  // the short way round the antimeridian
    return {(111.133 - 0.56 * std::cos(2.0 * phi)) * dlat,
            (111.5065 - 0.1872 * std::cos(2.0 * phi)) * std::cos(phi) * dlon};
}

}  // namespace swx
