#pragma once
/// @file earth_regions.hpp
/// Earth regions: polygons that assign a 1-D layered earth model (by name) to the ground beneath
/// them, point lookup and the splitting of line routes at region boundaries.
///
/// Geometry model. Region polygons are stored in WGS84 longitude/latitude degrees and treated as
/// **planar** (x = lon, y = lat) for containment and for boundary crossings: a polygon edge is the
/// straight line between its two vertices in the lon/lat plane, not a geodesic. That is how region
/// maps are digitised and it is adequate for regions much smaller than a hemisphere. Not modelled:
/// regions containing a pole, and polygons wider than 360° of longitude.
///
/// Longitudes. Polygons keep the longitudes they were given (normally −180…180; a polygon may run
/// past ±180, e.g. 170…190, to avoid cutting it at the antimeridian). A query point or route is
/// tested at its own longitude and at ±360°, so −170 and 190 find the same region.

#include <swx/core/base/raster.hpp>
#include <swx/core/network/network.hpp>

#include <boost/geometry/geometries/multi_polygon.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace swx {

/// A vertex of a region polygon: x = longitude, y = latitude, degrees (planar, see the file comment).
using LonLatPoint = boost::geometry::model::d2::point_xy<double>;
/// A region polygon: clockwise exterior ring, counter-clockwise holes, closed (Boost.Geometry default;
/// EarthRegions corrects the orientation and closure of what it is given).
using LonLatPolygon = boost::geometry::model::polygon<LonLatPoint>;
using LonLatMultiPolygon = boost::geometry::model::multi_polygon<LonLatPolygon>;

/// One earth region. `model` names a 1-D earth model (e.g. "PT1", "CP1", "QUE").
struct EarthRegion {
    std::string id;     ///< the user's id (may be empty)
    std::string name;   ///< a description (may be empty)
    std::string model;  ///< the 1-D earth model of the ground beneath; required, non-empty
    LonLatMultiPolygon area;
};

/// A piece of a route that lies in one region.
struct RouteLeg {
    std::optional<std::size_t> region;  ///< index into EarthRegions; nullopt = outside every region
    std::vector<GeoPoint> points;       ///< ≥ 2 points; the last point of a leg is the first of the next
};

/// Corrects a region's geometry in place (ring orientation and closure) and checks it.
/// @return an empty string when the geometry is usable, otherwise why not (empty, fewer than 3
///         distinct vertices, non-finite or out-of-range coordinates, self-intersection, spikes...).
[[nodiscard]] std::string correct_region_area(LonLatMultiPolygon& area);

/// A set of earth regions with an R-tree over polygon envelopes and over boundary edges, so that a
/// lookup or a route split costs O(log n) in the number of polygons and edges, not O(n).
///
/// Overlaps: where regions overlap, the region **first in layer order** (lowest index) wins. A point
/// exactly on a boundary is inside (Boost.Geometry covered_by), so a point on the boundary shared by
/// two regions belongs to the first of them.
class EarthRegions {
public:
    EarthRegions();
    /// Takes the regions in layer order; corrects their geometry (see correct_region_area).
    /// @throws InputError naming the region id if a model is empty or a geometry is unusable.
    explicit EarthRegions(std::vector<EarthRegion> regions);
    ~EarthRegions();
    EarthRegions(EarthRegions&& other) noexcept;
    EarthRegions& operator=(EarthRegions&& other) noexcept;
    EarthRegions(const EarthRegions&) = delete;
    EarthRegions& operator=(const EarthRegions&) = delete;

    [[nodiscard]] std::size_t size() const noexcept { return m_regions.size(); }
    [[nodiscard]] bool empty() const noexcept { return m_regions.empty(); }
    /// @throws std::out_of_range for a bad index.
    [[nodiscard]] const EarthRegion& region(std::size_t index) const { return m_regions.at(index); }
    [[nodiscard]] const std::vector<EarthRegion>& regions() const noexcept { return m_regions; }

    /// The region containing `p` (boundary included; first in layer order where regions overlap),
    /// or nullopt when `p` is outside every region or not finite.
    [[nodiscard]] std::optional<std::size_t> region_at(GeoPoint p) const;

    /// Marks a cell outside every region in regions_on_row().
    static constexpr std::uint32_t no_region = UINT32_MAX;

    /// region_at() of every cell centre of one row of a grid, by scanline rasterisation: the boundary
    /// edges crossing the row's latitude come from the edge R-tree, their crossings are sorted per
    /// polygon and the cells between pairs of crossings filled (first region in layer order wins).
    /// Cells within 1e-9° of a crossing, or of an edge with an end within 1e-9° of the row's latitude
    /// (vertices and edges along the row), are decided by region_at() itself, so the result equals
    /// region_at() cell by cell, boundary rule included (tests/unit/core/efield/test_peak_map.cpp).
    /// A grid crossing the antimeridian is done cell by cell.
    /// @param[out] out spec.width() values: region index, or no_region.
    void regions_on_row(const GridSpec& spec, std::size_t row, std::span<std::uint32_t> out) const;

    /// The distinct model names, in order of first appearance.
    [[nodiscard]] std::vector<std::string> model_names() const;

    /// Cuts a route at every region-boundary crossing and groups the pieces into legs.
    ///
    /// Each route segment (a → b, longitude difference taken the short way round) is first cut into
    /// equal pieces of at most `max_step_km` along the great circle (sphere of radius 6371.0088 km),
    /// so that the lon/lat chords follow the route's geodesic to within s²·tan φ /(8R) (≈ 1.3 m for
    /// 10 km at 33°); `max_step_km` = infinity (or ≤ 0) keeps straight lon/lat segments. Each chord
    /// is intersected with the boundary edges found through the R-tree; the crossing parameters are
    /// sorted and every piece between two cuts is assigned to the region containing its midpoint.
    /// Consecutive pieces in the same region are merged. Crossing points lie on the boundary edge to
    /// rounding (~1e-12 deg). Zero-length segments are skipped.
    /// @param[in] route WGS84 vertices; input vertices are kept as given, inserted points have
    ///            longitudes in −180…180.
    /// @return legs in route order (empty for an empty route; one single-point leg for one point).
    /// @throws InputError if a route vertex is not finite or its latitude is beyond ±90°.
    [[nodiscard]] std::vector<RouteLeg> split_route(std::span<const GeoPoint> route,
                                                    double max_step_km = std::numeric_limits<double>::infinity()) const;

private:
    struct Index;
    std::vector<EarthRegion> m_regions;
    std::unique_ptr<Index> m_index;
};

}  // namespace swx
