#include <swx/core/emf/line_emf.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using namespace swx;
using Catch::Matchers::WithinAbs;

TEST_CASE("field_from_azimuth: clockwise from north", "[core][line_emf]") {
    // (E cos θ, E sin θ) by hand for θ = 30°, 135°, 180°, 270°, −90°.
    const UniformField a = field_from_azimuth(2.0, 30.0);
    CHECK_THAT(a.north_v_per_km, WithinAbs(std::sqrt(3.0), 1e-12));
    CHECK_THAT(a.east_v_per_km, WithinAbs(1.0, 1e-12));
    const UniformField b = field_from_azimuth(std::sqrt(2.0), 135.0);
    CHECK_THAT(b.north_v_per_km, WithinAbs(-1.0, 1e-12));
    CHECK_THAT(b.east_v_per_km, WithinAbs(1.0, 1e-12));
    const UniformField s = field_from_azimuth(8.0, 180.0);
    CHECK_THAT(s.north_v_per_km, WithinAbs(-8.0, 1e-12));
    CHECK_THAT(s.east_v_per_km, WithinAbs(0.0, 1e-12));
    const UniformField w = field_from_azimuth(1.0, 270.0);
    const UniformField w2 = field_from_azimuth(1.0, -90.0);
    CHECK_THAT(w.east_v_per_km, WithinAbs(-1.0, 1e-12));
    CHECK_THAT(w2.east_v_per_km, WithinAbs(-1.0, 1e-12));
    CHECK_THAT(w.north_v_per_km, WithinAbs(w2.north_v_per_km, 1e-12));
    const UniformField zero = field_from_azimuth(0.0, 77.0);
    CHECK(zero.north_v_per_km == 0.0);
    CHECK(zero.east_v_per_km == 0.0);
}

TEST_CASE("nerc_displacement: the Horton et al. 2012 / NERC formula by hand", "[core][line_emf]") {
    // From (84°W, 33°N) to (83°W, 34°N): φ = 33.5°, cos 2φ = cos 67° = 0.3907311285, cos φ = 0.8338858221.
    //   L_N = (111.133 − 0.56·0.3907311285)·1°             = 110.9141905680 km
    //   L_E = (111.5065 − 0.1872·0.3907311285)·0.8338858221·1° = 92.9226949506 km
    const Displacement d = nerc_displacement({-84.0, 33.0}, {-83.0, 34.0});
    CHECK_THAT(d.north_km, WithinAbs(110.9141905680, 1e-9));
    CHECK_THAT(d.east_km, WithinAbs(92.9226949506, 1e-9));
    // Reversed, both components change sign; the mean latitude is the same.
    const Displacement r = nerc_displacement({-83.0, 34.0}, {-84.0, 33.0});
    CHECK_THAT(r.north_km, WithinAbs(-d.north_km, 1e-12));
    CHECK_THAT(r.east_km, WithinAbs(-d.east_km, 1e-12));
    // Twice the step at the same mean latitude: twice the displacement (the formula is linear in Δ).
    const Displacement two = nerc_displacement({-84.5, 32.5}, {-82.5, 34.5});
    CHECK_THAT(two.north_km, WithinAbs(2.0 * d.north_km, 1e-9));
    CHECK_THAT(two.east_km, WithinAbs(2.0 * d.east_km, 1e-9));
    // The same point: nothing.
    const Displacement none = nerc_displacement({10.0, 50.0}, {10.0, 50.0});
    CHECK(none.north_km == 0.0);
    CHECK(none.east_km == 0.0);
}

TEST_CASE("nerc_displacement: across the antimeridian the short way", "[core][line_emf]") {
    // 1° of longitude at the equator: (111.5065 − 0.1872)·1 = 111.3193 km, east whichever way it is written.
    const Displacement e = nerc_displacement({179.5, 0.0}, {-179.5, 0.0});
    CHECK_THAT(e.east_km, WithinAbs(111.3193, 1e-9));
    const Displacement w = nerc_displacement({-179.5, 0.0}, {179.5, 0.0});
    CHECK_THAT(w.east_km, WithinAbs(-111.3193, 1e-9));
    // Longitudes past ±180 (170…190) are the same places.
    const Displacement past = nerc_displacement({179.5, 0.0}, {180.5, 0.0});
    CHECK_THAT(past.east_km, WithinAbs(111.3193, 1e-9));
}

TEST_CASE("emf_v is E_N·L_N + E_E·L_E", "[core][line_emf]") {
    const Displacement d{100.0, -50.0};
    CHECK(emf_v(d, {2.0, 1.0}) == 150.0);   // 200 − 50
    CHECK(emf_v(d, {0.0, -3.0}) == 150.0);  // 150
    CHECK(emf_v(d, {}) == 0.0);
    // A field along the line gives |E|·|L|, a field across it gives 0.
    const Displacement ne{30.0, 40.0};
    CHECK_THAT(emf_v(ne, {0.6, 0.8}), WithinAbs(50.0, 1e-12));
    CHECK_THAT(emf_v(ne, {-0.8, 0.6}), WithinAbs(0.0, 1e-12));
}
