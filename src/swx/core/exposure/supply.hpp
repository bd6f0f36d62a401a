#pragma once
/// @file supply.hpp
/// Which substations supply a site: the ones listed for it, or else the nearest substation within a
/// radius. Distances are great-circle distances on a sphere of radius 6371.0088 km (IUGG mean radius);
/// the R-tree works on unit vectors, whose chord distance is monotone in great-circle distance, so a
/// query is O(log n) and correct across the antimeridian and at the poles.

#include <swx/core/network/network.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace swx {

/// Mean Earth radius (IUGG), km.
inline constexpr double mean_earth_radius_km = 6371.0088;

/// Great-circle distance between two points, km (sphere of mean_earth_radius_km).
[[nodiscard]] double great_circle_km(GeoPoint a, GeoPoint b);

/// Which substations can supply a site: those hosting at least one transformer with a grounded
/// neutral winding (has_neutral_winding: GSU, GY-GY, GY-GY-D, autotransformer, GY-D, D-GY; a blocked
/// neutral still counts, its unit is grounded through the blocker). A switching station (no
/// transformer) or a substation with only delta-delta units feeds no load from the grid it is studied
/// in; its effective GIC of 0 A would read as "safe", so it is never a supply.
/// @return one flag per substation of `network`.
[[nodiscard]] std::vector<bool> supply_capable_substations(const Network& network);

/// Nearest-substation queries over a network's substations that have a location and can supply a
/// site (supply_capable_substations). Keeps a pointer to `network`: the network must outlive the index.
class SubstationIndex {
public:
    /// @param[in] network the grid, or nullptr for a study without a grid (every query then finds nothing).
    explicit SubstationIndex(const Network* network);
    ~SubstationIndex();
    SubstationIndex(const SubstationIndex&) = delete;
    SubstationIndex& operator=(const SubstationIndex&) = delete;
    SubstationIndex(SubstationIndex&&) noexcept;
    SubstationIndex& operator=(SubstationIndex&&) noexcept;

    /// (substation index, distance in km) of the nearest supply-capable substation within `radius_km`
    /// of `p`, or nullopt (no grid, no located supply-capable substation, invalid `p`, or none within
    /// the radius). Switching stations are skipped, however near.
    [[nodiscard]] std::optional<std::pair<std::size_t, double>> nearest(GeoPoint p, double radius_km) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace swx
