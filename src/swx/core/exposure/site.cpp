#include <swx/core/exposure/site.hpp>

#include <array>
#include <cmath>
#include <numbers>
#include <utility>

namespace swx {

namespace {

using Vec3 = std::array<double, 3>;

constexpr double deg = std::numbers::pi / 180.0;

Vec3 unit(GeoPoint p) {
    return {std::cos(p.lat_deg * deg) * std::cos(p.lon_deg * deg), std::cos(p.lat_deg * deg) * std::sin(p.lon_deg * deg),
            std::sin(p.lat_deg * deg)};
}
Vec3 sub(const Vec3& a, const Vec3& b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
Vec3 cross(const Vec3& a, const Vec3& b) {
    return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

/// A ring's area-weighted centre sum and its area, positive whatever the ring's orientation.
std::pair<Vec3, double> ring_moment(const std::vector<GeoPoint>& ring) {
    std::vector<Vec3> v;
    v.reserve(ring.size());
    Vec3 mean{0.0, 0.0, 0.0};
    for (const GeoPoint& p : ring) {
        v.push_back(unit(p));
        for (int k = 0; k < 3; ++k) {
            mean[k] += v.back()[k];
        }
    }
    if (v.size() > 1 && v.front() == v.back()) {
        v.pop_back();  // closed ring
    }
    const double mean_norm = std::sqrt(dot(mean, mean));
    if (!(mean_norm > 0.0)) {
        return {{0.0, 0.0, 0.0}, 0.0};
    }
    for (double& x : mean) {
        x /= mean_norm;
    }
    Vec3 sum{0.0, 0.0, 0.0};
    double area = 0.0;
    for (std::size_t i = 1; i + 1 < v.size(); ++i) {
        const double a = 0.5 * dot(cross(sub(v[i], v[0]), sub(v[i + 1], v[0])), mean);  // signed, along the ring's mean
        for (int k = 0; k < 3; ++k) {
            sum[k] += a * (v[0][k] + v[i][k] + v[i + 1][k]) / 3.0;
        }
        area += a;
    }
    if (area < 0.0) {
        for (double& x : sum) {
            x = -x;
        }
        area = -area;
    }
    return {sum, area};
}

}  // namespace

GeoPoint spherical_centroid(const std::vector<SitePolygon>& polygons) {
    Vec3 sum{0.0, 0.0, 0.0};
    double area = 0.0;
    for (const SitePolygon& polygon : polygons) {
        for (std::size_t r = 0; r < polygon.size(); ++r) {
            const auto [s, a] = ring_moment(polygon[r]);
            const double sign = r == 0 ? 1.0 : -1.0;  // holes subtract
            for (int k = 0; k < 3; ++k) {
                sum[k] += sign * s[k];
            }
            area += sign * a;
        }
    }
    const double norm = std::sqrt(dot(sum, sum));
    if (!(area > 0.0) || !(norm > 0.0) || !std::isfinite(norm)) {
        return {};
    }
    double lon = std::atan2(sum[1], sum[0]) / deg;
    if (lon >= 180.0) {
        lon -= 360.0;
    }
    return {lon, std::atan2(sum[2], std::hypot(sum[0], sum[1])) / deg};
}

}  // namespace swx
