// GridSpec validation, size and cell centres.

#include <swx/core/base/error.hpp>
#include <swx/core/base/raster.hpp>

#include <catch2/catch.hpp>

#include <cmath>

TEST_CASE("GridSpec size and cell centres (north-up, rows from north)", "[core][raster]") {
    const swx::GridSpec spec{-10.0, 40.0, 5.0, 50.0, 0.5};
    REQUIRE_NOTHROW(spec.validate());
    CHECK(spec.width() == 30);
    CHECK(spec.height() == 20);
    const auto nw = spec.cell_center(0, 0);
    CHECK(nw.lon_deg == Approx(-9.75));
    CHECK(nw.lat_deg == Approx(49.75));
    const auto se = spec.cell_center(29, 19);
    CHECK(se.lon_deg == Approx(4.75));
    CHECK(se.lat_deg == Approx(40.25));
    // 0.3 / 0.1 is 2.9999999999999996 in binary: still 3 cells; a partial cell rounds up.
    CHECK(swx::GridSpec{0.0, 0.0, 0.3, 0.3, 0.1}.width() == 3);
    CHECK(swx::GridSpec{0.0, 0.0, 1.05, 1.0, 0.5}.width() == 3);
}

TEST_CASE("Raster::nodata is all NaN and row-major", "[core][raster]") {
    auto r = swx::Raster::nodata({0.0, 0.0, 3.0, 2.0, 1.0}, "field", "V/km");
    REQUIRE(r.values.size() == 6);
    CHECK(std::isnan(r.values[5]));
    r.at(2, 1) = 7.0F;
    CHECK(r.values[1 * 3 + 2] == 7.0F);
}

TEST_CASE("GridSpec validation names the bad value", "[core][raster]") {
    using Catch::Matchers::Contains;
    CHECK_THROWS_MATCHES((swx::GridSpec{5.0, 0.0, 5.0, 1.0, 0.1}.validate()), swx::ConfigError,
                         Catch::Matchers::Message("raster: bbox is empty: west 5 == east 5"));
    CHECK_THROWS_WITH((swx::GridSpec{170.0, 0.0, 190.0, 1.0, 0.1}.validate()),
                      Contains("east 190") && Contains("crossing the antimeridian is given with west > east"));
    CHECK_THROWS_WITH((swx::GridSpec{0.0, 3.0, 1.0, 3.0, 0.1}.validate()), Contains("south 3 >= north 3"));
    CHECK_THROWS_AS((swx::GridSpec{0.0, 0.0, 1.0, 1.0, 0.0}.validate()), swx::ConfigError);
    CHECK_THROWS_WITH((swx::GridSpec{0.0, 0.0, 1.0, 1.0, -0.5}.validate()), Contains("resolution must be > 0 degrees, got -0.5"));
    CHECK_THROWS_WITH((swx::GridSpec{-181.0, 0.0, 1.0, 1.0, 0.1}.validate()), Contains("west -181"));
    CHECK_THROWS_WITH((swx::GridSpec{0.0, 0.0, 1.0, 91.0, 0.1}.validate()), Contains("north 91"));
    CHECK_THROWS_WITH((swx::GridSpec{0.0, 0.0, NAN, 1.0, 0.1}.validate()), Contains("non-finite"));
}

// Issue 9 item 12: an area crossing the antimeridian could not be given (west > east was "inverted").
TEST_CASE("GridSpec across the antimeridian: west > east", "[core][raster]") {
    const swx::GridSpec spec{170.0, -20.0, -170.0, -10.0, 0.5};
    REQUIRE_NOTHROW(spec.validate());
    CHECK(spec.crosses_antimeridian());
    CHECK(spec.lon_extent_deg() == 20.0);
    CHECK(spec.width() == 40);
    CHECK(spec.height() == 20);
    CHECK(spec.cell_center(0, 0).lon_deg == Approx(170.25));
    CHECK(spec.cell_center(19, 0).lon_deg == Approx(179.75));
    CHECK(spec.cell_center(20, 0).lon_deg == Approx(-179.75));  // reported in [-180, 180)
    CHECK(spec.cell_center(39, 19).lon_deg == Approx(-170.25));
    CHECK(spec.cell_center(39, 19).lat_deg == Approx(-19.75));
    // 10 degrees west of 180 to 5 east of -180 at 0.3: 50 whole cells cover 15 degrees exactly.
    CHECK(swx::GridSpec{170.0, 0.0, -175.0, 1.0, 0.3}.width() == 50);
}

// Issue 9 item 12: a resolution that does not divide the extent ran the grid past -90 and 180.
TEST_CASE("GridSpec never leaves [-180, 180] x [-90, 90]", "[core][raster]") {
    const swx::GridSpec global{-180.0, -90.0, 180.0, 90.0, 0.7};
    REQUIRE_NOTHROW(global.validate());
    CHECK(global.width() == 514);   // 514 x 0.7 = 359.8; ceil (515) ran to 180.5
    CHECK(global.height() == 257);  // 257 x 0.7 = 179.9; ceil (258) ran to -90.6
    CHECK(-180.0 + static_cast<double>(global.width()) * 0.7 <= 180.0);
    CHECK(90.0 - static_cast<double>(global.height()) * 0.7 >= -90.0);
    // A box ending at 180 (not crossing) stops short; one ending elsewhere still covers its east edge.
    CHECK(swx::GridSpec{170.0, 0.0, 180.0, 1.0, 0.3}.width() == 33);
    CHECK(swx::GridSpec{160.0, 0.0, 170.0, 1.0, 0.3}.width() == 34);
    CHECK(swx::GridSpec{0.0, -90.0, 1.0, -89.0, 0.3}.height() == 3);
    // A crossing box never goes round more than once.
    CHECK(swx::GridSpec{0.0, 0.0, -0.1, 1.0, 0.7}.width() == 514);
    // No whole cell fits: an error, not a cell beyond the pole.
    CHECK_THROWS_WITH((swx::GridSpec{170.0, 0.0, 180.0, 1.0, 20.0}.validate()),
                      Catch::Matchers::Contains("larger than the area"));
}
