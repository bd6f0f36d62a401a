// The fast peak-field map (scanline region lookup, per-row factors of the dipole latitude) against the
// per-cell reference evaluation (EarthRegions::region_at, NercHazard::e_peak_v_per_km at every cell
// centre): region indices equal exactly, fields equal to the float (0 V/km: the same operations).
// Edge rule under test (EarthRegions): a point exactly on a boundary is inside; where regions overlap or
// share a boundary, the first in layer order wins.
#include <swx/core/efield/hazard.hpp>

#include <catch2/catch.hpp>

#include "support/earth_fixture.hpp"
#include "support/reference.hpp"
#include <test_paths.hpp>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace swx;

namespace {

EarthRegion polygon(std::string id, std::string model, std::vector<std::pair<double, double>> ring,
                    std::vector<std::vector<std::pair<double, double>>> holes = {}) {
    EarthRegion r;
    r.id = std::move(id);
    r.model = std::move(model);
    LonLatPolygon p;
    for (const auto& [x, y] : ring) {
        p.outer().emplace_back(x, y);
    }
    p.outer().push_back(p.outer().front());
    for (const auto& hole : holes) {
        p.inners().emplace_back();
        for (const auto& [x, y] : hole) {
            p.inners().back().emplace_back(x, y);
        }
        p.inners().back().push_back(p.inners().back().front());
    }
    r.area.push_back(p);
    return r;
}

/// Compares regions_on_row with region_at at every cell; returns the number of cells inside some region.
std::size_t compare_rows(const EarthRegions& regions, const GridSpec& spec) {
    std::vector<std::uint32_t> row_regions(spec.width());
    std::size_t inside = 0;
    std::size_t mismatches = 0;
    for (std::size_t row = 0; row < spec.height(); ++row) {
        regions.regions_on_row(spec, row, row_regions);
        for (std::size_t col = 0; col < spec.width(); ++col) {
            const auto r = regions.region_at(spec.cell_center(col, row));
            const std::uint32_t expected = r ? static_cast<std::uint32_t>(*r) : EarthRegions::no_region;
            if (row_regions[col] != expected) {
                ++mismatches;
                UNSCOPED_INFO("cell " << col << ", " << row << " at " << spec.cell_center(col, row).lon_deg << ", "
                                      << spec.cell_center(col, row).lat_deg << ": scanline " << row_regions[col] << ", region_at "
                                      << expected);
            }
            inside += expected != EarthRegions::no_region ? 1 : 0;
        }
    }
    CHECK(mismatches == 0);
    return inside;
}

/// Synthetic regions whose vertices and edges lie exactly on cell centres of a 0.25° grid on
/// −100…−90 × 30…40 (centres at −99.875 + 0.25·i, 39.875 − 0.25·j): edges along rows and columns,
/// vertices on rows (pass-through and extremal), overlaps, a shared boundary and a hole.
std::vector<EarthRegion> edge_regions() {
    return {
        polygon("A", "PT1", {{-98.875, 31.125}, {-95.125, 31.125}, {-95.125, 34.875}, {-98.875, 34.875}}),      // edges on centres
        polygon("B", "QUE", {{-96.125, 33.125}, {-92.125, 33.125}, {-92.125, 37.125}, {-96.125, 37.125}}),      // overlaps A
        polygon("C", "PT1", {{-92.125, 31.125}, {-90.125, 31.125}, {-90.125, 33.125}, {-92.125, 33.125}}),      // shares B's edge x
        polygon("D", "QUE", {{-99.625, 36.125}, {-97.625, 38.125}, {-95.625, 36.125}, {-97.625, 37.125}}),      // vertices on rows
        polygon("E", "PT1", {{-94.875, 38.125}, {-91.875, 38.125}, {-91.875, 39.625}, {-94.875, 39.625}},
                {{{-94.125, 38.625}, {-92.625, 38.625}, {-92.625, 39.125}, {-94.125, 39.125}}}),                // hole on centres
        polygon("F", "QUE", {{-99.875, 30.125}, {-99.0, 30.6}, {-98.5, 30.125}, {-99.2, 30.875}}),             // concave
    };
}

/// The NERC/USGS region polygons of ../shared/reference (region,vertex,lon_deg,lat_deg), with the one
/// zero-area spike of the digitisation (IP1 along 49° N) removed as scripts/benchlib/regions_from_reference.py does.
std::vector<EarthRegion> reference_regions(const std::filesystem::path& csv) {
    std::ifstream f(csv);
    std::string line;
    std::getline(f, line);
    std::map<std::string, std::vector<std::pair<double, double>>> rings;
    std::vector<std::string> order;
    while (std::getline(f, line)) {
        std::stringstream ss(line);
        std::string region, vertex, lon, lat;
        std::getline(ss, region, ',');
        std::getline(ss, vertex, ',');
        std::getline(ss, lon, ',');
        std::getline(ss, lat, ',');
        if (rings.find(region) == rings.end()) {
            order.push_back(region);
        }
        rings[region].emplace_back(std::stod(lon), std::stod(lat));
    }
    std::vector<EarthRegion> out;
    for (const auto& name : order) {
        auto ring = rings[name];
        if (ring.front() == ring.back()) {
            ring.pop_back();
        }
        for (bool changed = true; changed && ring.size() > 3;) {
            changed = false;
            for (std::size_t i = 0; i < ring.size(); ++i) {
                const auto& a = ring[(i + ring.size() - 1) % ring.size()];
                const auto& b = ring[i];
                const auto& c = ring[(i + 1) % ring.size()];
                const double ux = b.first - a.first, uy = b.second - a.second, vx = c.first - b.first, vy = c.second - b.second;
                if (ux * vy - uy * vx == 0.0 && ux * vx + uy * vy < 0.0) {
                    ring.erase(ring.begin() + static_cast<std::ptrdiff_t>(i));
                    changed = true;
                    break;
                }
            }
        }
        out.push_back(polygon(name, name, ring));
    }
    return out;
}

EarthModelLibrary library() {
    EarthModelLibrary lib;
    lib.add(EarthModel::uniform(100.0, "QUE"));
    lib.add(EarthModel::uniform(1000.0, "PT1"));
    return lib;
}

}  // namespace

TEST_CASE("regions_on_row equals region_at cell by cell, cells exactly on edges and vertices included", "[core][hazard][map]") {
    const EarthRegions regions(edge_regions());
    const GridSpec spec{-100.0, 30.0, -90.0, 40.0, 0.25};
    // The fixture does put cell centres on boundaries: on A's west edge (inside, boundary rule), on the
    // edge B shares with C (B first), and in E's hole edge (E, boundary inside).
    REQUIRE(regions.region_at({-98.875, 32.875}) == std::optional<std::size_t>(0));
    REQUIRE(regions.region_at({-92.125, 33.125}) == std::optional<std::size_t>(1));
    REQUIRE(regions.region_at({-94.125, 38.875}) == std::optional<std::size_t>(4));
    REQUIRE(regions.region_at({-93.375, 38.875}) == std::nullopt);  // inside the hole
    CHECK(compare_rows(regions, spec) > 300);
    // Finer and offset grids: centres off the vertices, and a grid wider than the regions.
    compare_rows(regions, GridSpec{-101.0, 29.0, -89.0, 41.0, 0.05});
    compare_rows(regions, GridSpec{-100.013, 30.007, -90.0, 40.0, 0.0625});
}

TEST_CASE("regions_on_row: regions given past 180 degrees and grids crossing the antimeridian", "[core][hazard][map]") {
    const EarthRegions regions({test::rect("W", "PT1", 170.0, -10.0, 190.0, 10.0), test::rect("X", "QUE", -179.0, -5.0, -170.0, 5.0)});
    compare_rows(regions, GridSpec{160.0, -12.0, -160.0, 12.0, 0.5});  // crosses: cell by cell
    compare_rows(regions, GridSpec{-180.0, -12.0, -150.0, 12.0, 0.5});
    compare_rows(regions, GridSpec{150.0, -12.0, 180.0, 12.0, 0.25});
}

TEST_CASE("regions_on_row equals region_at over the NERC/USGS region polygons (CONUS, 0.1 deg)", "[core][hazard][map]") {
    const auto csv = test::reference_dir / "regions" / "nerc_usgs_region_polygons.csv";
    if (!test::require_reference(csv)) {
        return;
    }
    const EarthRegions regions(reference_regions(csv));
    REQUIRE(regions.size() == 27);
    CHECK(compare_rows(regions, GridSpec{-125.0, 24.0, -66.0, 50.0, 0.1}) > 50000);
    compare_rows(regions, GridSpec{-90.0, 35.0, -80.0, 45.0, 0.01});
}

TEST_CASE("peak_field_map (rows) equals e_peak_v_per_km at every cell centre", "[core][hazard][map]") {
    const BetaTable table{{"PT1", {0.62, 0.64, "Piedmont"}}, {"QUE", {1.0, 1.0, "Quebec"}}};
    for (const std::string fallback : {"", "QUE"}) {
        const Ground ground(library(), EarthRegions(edge_regions()), fallback, table);
        const BetaResolver betas(NercEvent::benchmark, ground.library(), table);
        const NercHazard hazard(NercEvent::benchmark, ground, betas, dipole_coefficients(2025.0));
        for (const GridSpec& spec : {GridSpec{-100.0, 30.0, -90.0, 40.0, 0.25}, GridSpec{-101.0, 29.0, -89.0, 41.0, 0.05}}) {
            const Raster map = peak_field_map(hazard, spec);
            std::size_t mismatches = 0;
            std::size_t valid = 0;
            for (std::size_t row = 0; row < spec.height(); ++row) {
                for (std::size_t col = 0; col < spec.width(); ++col) {
                    const auto expected = static_cast<float>(hazard.e_peak_v_per_km(spec.cell_center(col, row)));
                    const float got = map.at(col, row);
                    const bool same = std::isnan(expected) ? std::isnan(got) : got == expected;
                    mismatches += same ? 0 : 1;
                    valid += std::isnan(expected) ? 0 : 1;
                }
            }
            INFO("fallback '" << fallback << "', resolution " << spec.resolution_deg);
            CHECK(mismatches == 0);
            CHECK(valid > 100);
        }
    }
}
