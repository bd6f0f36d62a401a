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
    CHECK_THROWS_MATCHES((swx::GridSpec{10.0, 0.0, 5.0, 1.0, 0.1}.validate()), swx::ConfigError,
                         Catch::Matchers::Message("raster: bbox is inverted: west 10 >= east 5"));
    CHECK_THROWS_WITH((swx::GridSpec{0.0, 3.0, 1.0, 3.0, 0.1}.validate()), Contains("south 3 >= north 3"));
    CHECK_THROWS_AS((swx::GridSpec{0.0, 0.0, 1.0, 1.0, 0.0}.validate()), swx::ConfigError);
    CHECK_THROWS_WITH((swx::GridSpec{0.0, 0.0, 1.0, 1.0, -0.5}.validate()), Contains("resolution must be > 0 degrees, got -0.5"));
    CHECK_THROWS_WITH((swx::GridSpec{-181.0, 0.0, 1.0, 1.0, 0.1}.validate()), Contains("west -181"));
    CHECK_THROWS_WITH((swx::GridSpec{0.0, 0.0, 1.0, 91.0, 0.1}.validate()), Contains("north 91"));
    CHECK_THROWS_WITH((swx::GridSpec{0.0, 0.0, NAN, 1.0, 0.1}.validate()), Contains("non-finite"));
}
