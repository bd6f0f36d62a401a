// Earth regions: point lookup and route splitting.
//
// Two packed R-trees are built once: one over the envelopes of the individual polygons (a region is a
// multipolygon; each part is indexed on its own) for point lookup, and one over the envelopes of all
// boundary edges (exterior and interior rings) for route splitting. A lookup queries the polygon tree
// with the point and runs covered_by only on the candidates; the lowest region index among the hits
// wins. A route chord queries the edge tree with its envelope and intersects itself with each
// candidate edge analytically (P + t·d = A + u·e), so the crossing parameters t are exact to rounding.
// The pieces between sorted crossings are classified by their midpoints, which lie strictly inside a
// region unless the piece runs along a boundary (then covered_by and layer order decide).
//
// Longitudes: every query (point or chord) is made at its own longitude and shifted by ±360°, so a
// polygon given as 170…190 and a route given at −175 meet. Route segments take the short way round.

#include <swx/core/earth/earth_regions.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>

#include <boost/geometry/algorithms/area.hpp>
#include <boost/geometry/algorithms/correct.hpp>
#include <boost/geometry/algorithms/covered_by.hpp>
#include <boost/geometry/algorithms/envelope.hpp>
#include <boost/geometry/algorithms/intersects.hpp>
#include <boost/geometry/algorithms/is_valid.hpp>
#include <boost/geometry/algorithms/touches.hpp>
#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <unordered_set>
#include <utility>

namespace swx {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {

constexpr const char* stage = "earth_regions";
constexpr std::array<double, 3> lon_shifts{0.0, 360.0, -360.0};
constexpr double earth_radius_km = 6371.0088;  // IUGG mean radius, for densification only
constexpr double t_epsilon = 1e-12;            // crossings closer than this (in segment parameter) merge

using Box = bg::model::box<LonLatPoint>;
using Entry = std::pair<Box, std::size_t>;
using Tree = bgi::rtree<Entry, bgi::rstar<16>>;

struct Vec {
    double x = 0.0;
    double y = 0.0;
};
Vec operator-(Vec a, Vec b) { return {a.x - b.x, a.y - b.y}; }
double cross(Vec a, Vec b) { return a.x * b.y - a.y * b.x; }
double dot(Vec a, Vec b) { return a.x * b.x + a.y * b.y; }

Box shifted(const Box& box, double shift) {
    return {{box.min_corner().x() + shift, box.min_corner().y()}, {box.max_corner().x() + shift, box.max_corner().y()}};
}

/// Points along the great circle a → b (sphere), excluding a and b, so that no piece is longer than
/// `max_step_km`. Longitudes are unwrapped to stay within 180° of a.lon.
std::vector<Vec> great_circle_points(Vec a, Vec b, double max_step_km) {
    if (!(max_step_km > 0.0) || !std::isfinite(max_step_km)) {
        return {};
    }
    constexpr double deg = std::numbers::pi / 180.0;
    auto unit = [](Vec p) {
        return std::array<double, 3>{std::cos(p.y * deg) * std::cos(p.x * deg), std::cos(p.y * deg) * std::sin(p.x * deg),
                                     std::sin(p.y * deg)};
    };
    const auto ua = unit(a);
    const auto ub = unit(b);
    const std::array<double, 3> c{ua[1] * ub[2] - ua[2] * ub[1], ua[2] * ub[0] - ua[0] * ub[2], ua[0] * ub[1] - ua[1] * ub[0]};
    const double sin_theta = std::sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
    const double theta = std::atan2(sin_theta, ua[0] * ub[0] + ua[1] * ub[1] + ua[2] * ub[2]);
    const double pieces = std::ceil(theta * earth_radius_km / max_step_km);
    if (pieces < 2.0 || sin_theta < 1e-12 || pieces > 1e7) {  // short, antipodal (undefined) or absurd
        return {};
    }
    std::vector<Vec> out;
    const auto n = static_cast<std::size_t>(pieces);
    out.reserve(n - 1);
    for (std::size_t k = 1; k < n; ++k) {
        const double f = static_cast<double>(k) / pieces;
        const double wa = std::sin((1.0 - f) * theta) / sin_theta;
        const double wb = std::sin(f * theta) / sin_theta;
        const double x = wa * ua[0] + wb * ub[0];
        const double y = wa * ua[1] + wb * ub[1];
        const double z = wa * ua[2] + wb * ub[2];
        const double lon = std::atan2(y, x) / deg;
        out.push_back({a.x + std::remainder(lon - a.x, 360.0), std::atan2(z, std::hypot(x, y)) / deg});
    }
    return out;
}

}  // namespace

std::string correct_region_area(LonLatMultiPolygon& area) {
    if (area.empty()) {
        return "geometry is empty";
    }
    for (const auto& polygon : area) {
        auto check_ring = [](const auto& ring) -> std::string {
            for (const auto& p : ring) {
                if (!std::isfinite(p.x()) || !std::isfinite(p.y())) {
                    return "coordinates are NaN or infinite";
                }
                if (std::abs(p.y()) > 90.0 || std::abs(p.x()) > 540.0) {
                    return "coordinates out of range (lon " + format_number(p.x()) + ", lat " + format_number(p.y()) +
                           "); are they WGS84 longitude/latitude degrees?";
                }
            }
            return {};
        };
        if (auto why = check_ring(polygon.outer()); !why.empty()) {
            return why;
        }
        for (const auto& inner : polygon.inners()) {
            if (auto why = check_ring(inner); !why.empty()) {
                return why;
            }
        }
    }
    bg::correct(area);
    std::string message;
    if (!bg::is_valid(area, message)) {
        // Parts that are valid alone but share interior: name that (a union is not taken, and an
        // automatic repair would drop the overlap).
        bool parts_valid = area.size() > 1;
        for (const auto& polygon : area) {
            parts_valid = parts_valid && bg::is_valid(polygon);
        }
        for (std::size_t i = 0; parts_valid && i < area.size(); ++i) {
            for (std::size_t j = i + 1; j < area.size(); ++j) {
                if (bg::intersects(area[i], area[j]) && !bg::touches(area[i], area[j])) {
                    return "invalid polygon: parts " + std::to_string(i + 1) + " and " + std::to_string(j + 1) +
                           " of the MultiPolygon overlap";
                }
            }
        }
        // A bow tie has zero signed area, so correct() cannot orient it and is_valid reports a wrong
        // orientation; name the real cause.
        for (const auto& polygon : area) {
            if (bg::intersects(polygon)) {
                return "invalid polygon: a ring intersects itself (self-intersection)";
            }
        }
        return "invalid polygon: " + message;
    }
    if (!(bg::area(area) > 0.0)) {
        return "polygon has no area";
    }
    Box envelope;
    bg::envelope(area, envelope);
    if (envelope.max_corner().x() - envelope.min_corner().x() > 360.0) {
        return "polygon is wider than 360 degrees of longitude";
    }
    return {};
}

struct EarthRegions::Index {
    struct PolygonRef {
        std::size_t region = 0;
        std::size_t polygon = 0;
    };
    std::vector<PolygonRef> polygons;
    Tree polygon_tree;
    std::vector<std::pair<Vec, Vec>> edges;
    std::vector<std::size_t> edge_polygon;  // index into polygons, per edge
    Tree edge_tree;

    /// Lowest region index whose polygon covers (x, y), trying x and x ± 360.
    [[nodiscard]] std::optional<std::size_t> locate(const std::vector<EarthRegion>& regions, double x, double y) const {
        std::optional<std::size_t> best;
        for (const double shift : lon_shifts) {
            const LonLatPoint q(x + shift, y);
            for (auto it = polygon_tree.qbegin(bgi::intersects(Box(q, q))); it != polygon_tree.qend(); ++it) {
                const PolygonRef& ref = polygons[it->second];
                if (best && ref.region >= *best) {
                    continue;
                }
                if (bg::covered_by(q, regions[ref.region].area[ref.polygon])) {
                    best = ref.region;
                }
            }
        }
        return best;
    }

    /// Sorted, distinct parameters t in (0, 1) where the chord p → q crosses or touches a boundary
    /// edge (including the ends of an edge piece the chord runs along).
    [[nodiscard]] std::vector<double> cuts(Vec p, Vec q) const {
        std::vector<double> ts;
        const Vec d = q - p;
        const double dd = dot(d, d);
        const Box box({std::min(p.x, q.x), std::min(p.y, q.y)}, {std::max(p.x, q.x), std::max(p.y, q.y)});
        for (const double shift : lon_shifts) {
            const Vec ps{p.x + shift, p.y};
            for (auto it = edge_tree.qbegin(bgi::intersects(shifted(box, shift))); it != edge_tree.qend(); ++it) {
                const auto& [a, b] = edges[it->second];
                const Vec e = b - a;
                const Vec w = a - ps;
                const double denom = cross(d, e);
                const double scale = std::sqrt(dd * dot(e, e));
                if (std::abs(denom) <= 1e-14 * scale) {
                    // Parallel. If collinear, cut at the ends of the common part.
                    if (std::abs(cross(w, d)) <= 1e-14 * std::sqrt(dd * dot(w, w)) + 1e-300) {
                        ts.push_back(dot(w, d) / dd);
                        ts.push_back(dot(b - ps, d) / dd);
                    }
                    continue;
                }
                const double t = cross(w, e) / denom;
                const double u = cross(w, d) / denom;
                if (u >= -1e-12 && u <= 1.0 + 1e-12) {
                    ts.push_back(t);
                }
            }
        }
        std::erase_if(ts, [](double t) { return !(t > t_epsilon && t < 1.0 - t_epsilon); });
        std::sort(ts.begin(), ts.end());
        ts.erase(std::unique(ts.begin(), ts.end(), [](double x, double y) { return y - x < t_epsilon; }), ts.end());
        return ts;
    }
};

EarthRegions::EarthRegions() : m_index(std::make_unique<Index>()) {}

EarthRegions::EarthRegions(std::vector<EarthRegion> regions) : m_regions(std::move(regions)), m_index(std::make_unique<Index>()) {
    std::vector<Entry> polygon_entries;
    std::vector<Entry> edge_entries;
    for (std::size_t i = 0; i < m_regions.size(); ++i) {
        EarthRegion& r = m_regions[i];
        const std::string label = r.id.empty() ? "#" + std::to_string(i + 1) : r.id;
        if (r.model.empty()) {
            throw InputError({stage, "", "", label, "model"}, "model is empty; every region needs a model name");
        }
        if (const std::string why = correct_region_area(r.area); !why.empty()) {
            throw InputError({stage, "", "", label, "geometry"}, why);
        }
        for (std::size_t k = 0; k < r.area.size(); ++k) {
            const LonLatPolygon& polygon = r.area[k];
            Box envelope;
            bg::envelope(polygon, envelope);
            polygon_entries.emplace_back(envelope, m_index->polygons.size());
            m_index->polygons.push_back({i, k});
            auto add_ring = [&](const auto& ring) {
                for (std::size_t v = 1; v < ring.size(); ++v) {
                    const Vec a{ring[v - 1].x(), ring[v - 1].y()};
                    const Vec b{ring[v].x(), ring[v].y()};
                    if (a.x == b.x && a.y == b.y) {
                        continue;
                    }
                    const Box box({std::min(a.x, b.x), std::min(a.y, b.y)}, {std::max(a.x, b.x), std::max(a.y, b.y)});
                    edge_entries.emplace_back(box, m_index->edges.size());
                    m_index->edges.emplace_back(a, b);
                    m_index->edge_polygon.push_back(m_index->polygons.size() - 1);
                }
            };
            add_ring(polygon.outer());
            for (const auto& inner : polygon.inners()) {
                add_ring(inner);
            }
        }
    }
    m_index->polygon_tree = Tree(polygon_entries);  // packing (STR) construction
    m_index->edge_tree = Tree(edge_entries);
}

EarthRegions::~EarthRegions() = default;
EarthRegions::EarthRegions(EarthRegions&& other) noexcept = default;
EarthRegions& EarthRegions::operator=(EarthRegions&& other) noexcept = default;

std::optional<std::size_t> EarthRegions::region_at(GeoPoint p) const {
    if (!p.valid() || !m_index) {
        return std::nullopt;
    }
    return m_index->locate(m_regions, p.lon_deg, p.lat_deg);
}

void EarthRegions::regions_on_row(const GridSpec& spec, std::size_t row, std::span<std::uint32_t> out) const {
    const std::size_t width = spec.width();
    std::fill(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(width), no_region);
    if (width == 0 || !m_index || m_regions.empty()) {
        return;
    }
    // Cell centres of the row, exactly as region_at() would be given them.
    thread_local std::vector<double> xs;
    xs.resize(width);
    for (std::size_t c = 0; c < width; ++c) {
        xs[c] = spec.cell_center(c, row).lon_deg;
    }
    const double y = spec.cell_center(0, row).lat_deg;
    auto by_reference = [&](std::size_t c) {
        const auto r = region_at(GeoPoint{xs[c], y});
        out[c] = r ? static_cast<std::uint32_t>(*r) : no_region;
    };
    if (!std::is_sorted(xs.begin(), xs.end()) || !std::isfinite(y)) {  // crosses the antimeridian
        for (std::size_t c = 0; c < width; ++c) {
            by_reference(c);
        }
        return;
    }
    constexpr double guard_deg = 1e-9;  // crossing abscissae are exact to ~1e-13 deg (|x| <= 540)
    struct Crossing {
        std::size_t polygon;
        double x;
    };
    thread_local std::vector<Crossing> crossings;
    thread_local std::vector<std::pair<double, double>> unsure;  // x ranges left to region_at()
    crossings.clear();
    unsure.clear();
    // The whole latitude line (a crossing outside the grid still counts for the parity), each crossing
    // also at ±360° so that a query longitude x finds polygons at x ± 360 as region_at() does.
    const Box query({-1e4, y}, {1e4, y});
    for (auto it = m_index->edge_tree.qbegin(bgi::intersects(query)); it != m_index->edge_tree.qend(); ++it) {
        const auto& [a, b] = m_index->edges[it->second];
        const bool near_end = std::abs(a.y - y) <= guard_deg || std::abs(b.y - y) <= guard_deg;
        const bool crosses = (a.y > y) != (b.y > y);  // half-open rule: every crossing counted once, vertices included
        const double xc = crosses ? a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y) : 0.0;
        for (const double shift : lon_shifts) {
            if (near_end) {
                unsure.emplace_back(std::min(a.x, b.x) - shift - guard_deg, std::max(a.x, b.x) - shift + guard_deg);
            }
            if (crosses) {
                crossings.push_back({m_index->edge_polygon[it->second], xc - shift});
                unsure.emplace_back(xc - shift - guard_deg, xc - shift + guard_deg);
            }
        }
    }
    // Per polygon, in region order: the cells between the 1st and 2nd, 3rd and 4th, ... crossing.
    std::sort(crossings.begin(), crossings.end(), [this](const Crossing& p, const Crossing& q) {
        const std::size_t rp = m_index->polygons[p.polygon].region;
        const std::size_t rq = m_index->polygons[q.polygon].region;
        return rp != rq ? rp < rq : p.polygon != q.polygon ? p.polygon < q.polygon : p.x < q.x;
    });
    for (std::size_t i = 0; i + 1 < crossings.size(); i += 2) {
        // Every ring crosses the line an even number of times (the half-open rule is exact), so this cannot
        // happen; if it did, the whole row falls to region_at().
        if (crossings[i].polygon != crossings[i + 1].polygon) {
            unsure.emplace_back(xs.front() - 1.0, xs.back() + 1.0);
            break;
        }
        const auto region = static_cast<std::uint32_t>(m_index->polygons[crossings[i].polygon].region);
        const auto first = std::lower_bound(xs.begin(), xs.end(), crossings[i].x);
        const auto last = std::upper_bound(xs.begin(), xs.end(), crossings[i + 1].x);
        for (auto c = static_cast<std::size_t>(first - xs.begin()); c < static_cast<std::size_t>(last - xs.begin()); ++c) {
            out[c] = std::min(out[c], region);
        }
    }
    for (const auto& [lo, hi] : unsure) {
        const auto first = std::lower_bound(xs.begin(), xs.end(), lo);
        const auto last = std::upper_bound(xs.begin(), xs.end(), hi);
        for (auto c = static_cast<std::size_t>(first - xs.begin()); c < static_cast<std::size_t>(last - xs.begin()); ++c) {
            by_reference(c);
        }
    }
}

std::vector<std::string> EarthRegions::model_names() const {
    std::vector<std::string> names;
    std::unordered_set<std::string> seen;
    for (const auto& r : m_regions) {
        if (seen.insert(r.model).second) {
            names.push_back(r.model);
        }
    }
    return names;
}

std::vector<RouteLeg> EarthRegions::split_route(std::span<const GeoPoint> route, double max_step_km) const {
    for (std::size_t i = 0; i < route.size(); ++i) {
        if (!route[i].valid() || std::abs(route[i].lat_deg) > 90.0) {
            throw InputError({stage, "", "", "", ""}, "route vertex " + std::to_string(i) +
                                                          " is not a valid longitude/latitude (NaN, infinite or |lat| > 90)");
        }
    }
    std::vector<RouteLeg> legs;
    if (route.empty()) {
        return legs;
    }
    auto add = [&legs](std::optional<std::size_t> region, GeoPoint start, GeoPoint end) {
        if (legs.empty()) {
            legs.push_back({region, {start, end}});
        } else if (legs.back().region == region) {
            legs.back().points.push_back(end);
        } else {
            legs.push_back({region, {legs.back().points.back(), end}});
        }
    };
    auto to_geo = [](Vec v) { return GeoPoint{std::remainder(v.x, 360.0), v.y}; };

    for (std::size_t i = 1; i < route.size(); ++i) {
        const GeoPoint& a = route[i - 1];
        const GeoPoint& b = route[i];
        const Vec va{a.lon_deg, a.lat_deg};
        const Vec vb{a.lon_deg + std::remainder(b.lon_deg - a.lon_deg, 360.0), b.lat_deg};
        if (va.x == vb.x && va.y == vb.y) {
            continue;  // zero-length segment
        }
        std::vector<Vec> chain{va};
        const auto inner = great_circle_points(va, vb, max_step_km);
        chain.insert(chain.end(), inner.begin(), inner.end());
        chain.push_back(vb);
        for (std::size_t c = 1; c < chain.size(); ++c) {
            const Vec p = chain[c - 1];
            const Vec q = chain[c];
            const Vec d = q - p;
            std::vector<double> ts = m_index->cuts(p, q);
            ts.push_back(1.0);
            double t0 = 0.0;
            for (const double t1 : ts) {
                const double tm = 0.5 * (t0 + t1);
                const auto region = m_index->locate(m_regions, p.x + tm * d.x, p.y + tm * d.y);
                const bool segment_end = t1 == 1.0 && c + 1 == chain.size();
                const GeoPoint end = segment_end ? b : to_geo(t1 == 1.0 ? q : Vec{p.x + t1 * d.x, p.y + t1 * d.y});
                add(region, a, end);
                t0 = t1;
            }
        }
    }
    if (legs.empty()) {  // a single point, or every segment of zero length
        legs.push_back({region_at(route.front()), {route.front()}});
    }
    return legs;
}

}  // namespace swx
