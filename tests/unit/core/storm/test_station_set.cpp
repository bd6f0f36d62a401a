// align_stations (core/storm/station_set.hpp): records on the grid of the first, trimmed to their overlap,
// baselines removed. Synthetic records whose aligned values, trims and baselines are worked out by hand.

#include <swx/core/base/error.hpp>
#include <swx/core/storm/station_set.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

using swx::align_stations;
using swx::BaselineMethod;
using swx::MagnetometerSeries;
using swx::StationRecord;
using swx::StationSetOptions;

namespace {

/// A regular record: bx = fx(i), by = fy(i) for i = 0 … n−1 at t0 + i·dt.
template <class Fx, class Fy>
MagnetometerSeries record(const std::string& path, std::int64_t t0, double dt, std::size_t n, Fx fx, Fy fy) {
    MagnetometerSeries s;
    s.source_path = path;
    s.t0_unix_s = t0;
    s.dt_s = dt;
    for (std::size_t i = 0; i < n; ++i) {
        s.bx_nt.push_back(fx(static_cast<double>(i)));
        s.by_nt.push_back(fy(static_cast<double>(i)));
    }
    return s;
}

MagnetometerSeries ramp(const std::string& path, std::int64_t t0, double dt, std::size_t n) {
    return record(path, t0, dt, n, [](double i) { return i * i; }, [](double i) { return 2 * i + 1; });
}

StationRecord station(const std::string& id, const std::string& path, double lat = 50.0, double lon = 10.0) {
    return StationRecord{id, path, swx::GeoPoint{lon, lat}, "test"};
}

std::string align_error(std::vector<MagnetometerSeries> r, std::vector<StationRecord> s, const StationSetOptions& o = {}) {
    try {
        (void)align_stations(std::move(r), std::move(s), o);
    } catch (const swx::InputError& e) {
        return e.what();
    }
    return "(no InputError)";
}

}  // namespace

TEST_CASE("align_stations: overlap trimming and the three baselines, exact", "[storm][stations]") {
    // A: t0 = 0, 10 samples at 60 s; B starts 2 steps later and ends 2 steps later: common span = A[2..9] = B[0..7].
    const auto make = [] {
        return std::vector<MagnetometerSeries>{ramp("a.csv", 0, 60.0, 10), ramp("b.csv", 120, 60.0, 10)};
    };
    const std::vector<StationRecord> st{station("A", "a.csv"), station("B", "b.csv")};

    StationSetOptions median;  // default
    const auto set = align_stations(make(), st, median);
    REQUIRE(set.size() == 2);
    CHECK(set.t0_unix_s == 120);
    CHECK(set.dt_s == 60.0);
    REQUIRE(set.steps() == 8);
    REQUIRE(set.trimmed.size() == 2);
    CHECK(set.trimmed[0].station == 0);
    CHECK(set.trimmed[0].samples_before == 2);
    CHECK(set.trimmed[0].samples_after == 0);
    CHECK(set.trimmed[1].station == 1);
    CHECK(set.trimmed[1].samples_before == 0);
    CHECK(set.trimmed[1].samples_after == 2);
    // A over the span: bx = 4, 9, 16, 25, 36, 49, 64, 81 → median (25 + 36)/2 = 30.5; by = 5 … 19 → median 12.
    CHECK(set.baseline_x_nt[0] == 30.5);
    CHECK(set.baseline_y_nt[0] == 12.0);
    CHECK(set.bx_nt[0][0] == 4.0 - 30.5);
    CHECK(set.by_nt[0][7] == 19.0 - 12.0);
    // B over the span: bx = 0, 1, 4, 9, 16, 25, 36, 49 → median (9 + 16)/2 = 12.5; by = 1 … 15 → 8.
    CHECK(set.baseline_x_nt[1] == 12.5);
    CHECK(set.baseline_y_nt[1] == 8.0);
    CHECK(set.bx_nt[1][7] == 49.0 - 12.5);
    CHECK(set.baseline == BaselineMethod::median);
    CHECK(set.n_interpolated == 0);

    StationSetOptions mean;
    mean.baseline = BaselineMethod::mean;
    const auto m = align_stations(make(), st, mean);
    CHECK(m.baseline_x_nt[0] == 284.0 / 8.0);  // (4 + 9 + … + 81) / 8
    CHECK(m.baseline_x_nt[1] == 140.0 / 8.0);  // (0 + 1 + … + 49) / 8
    CHECK(m.baseline_y_nt[0] == 12.0);

    StationSetOptions window;
    window.baseline = BaselineMethod::first_window;
    window.baseline_window_s = 180.0;  // [t0, t0 + 180 s): the first 3 samples of the span
    const auto w = align_stations(make(), st, window);
    CHECK(w.baseline_x_nt[0] == 9.0);   // median of 4, 9, 16
    CHECK(w.baseline_x_nt[1] == 1.0);   // median of 0, 1, 4
    CHECK(w.baseline_y_nt[0] == 7.0);   // median of 5, 7, 9
    window.baseline_window_s = 1e9;     // longer than the span: the whole span
    CHECK(align_stations(make(), st, window).baseline_x_nt[0] == 30.5);
    window.baseline_window_s = 0.0;
    CHECK_THROWS_AS(align_stations(make(), st, window), swx::ConfigError);
    window.baseline_window_s = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_AS(align_stations(make(), st, window), swx::ConfigError);

    CHECK(swx::baseline_name(BaselineMethod::median) == "median");
    CHECK(swx::baseline_name(BaselineMethod::mean) == "mean");
    CHECK(swx::baseline_name(BaselineMethod::first_window) == "first_window");
}

TEST_CASE("align_stations: one record, identical grids, n_interpolated counts only the span", "[storm][stations]") {
    const auto one = align_stations({ramp("a.csv", 0, 1.0, 5)}, {station("A", "a.csv")});
    CHECK(one.steps() == 5);
    CHECK(one.trimmed.empty());
    CHECK(one.baseline_x_nt[0] == 4.0);  // median of 0, 1, 4, 9, 16

    // Filled samples of B: index 0 (trimmed away) and index 5 (inside the span).
    std::vector<swx::RawMagneticSample> raw;
    for (int i = 0; i < 10; ++i) {
        const bool missing = i == 0 || i == 5;
        const double nan = std::numeric_limits<double>::quiet_NaN();
        raw.push_back({60.0 + 60.0 * i, missing ? nan : 1.0 * i, missing ? nan : 2.0 * i, static_cast<std::size_t>(i + 1)});
    }
    auto b = swx::build_series(raw, swx::ErrorContext{"test", "b.csv", "", "", ""}, 300.0, "x", "y");
    REQUIRE(b.n_interpolated == 2);
    const auto set = align_stations({ramp("a.csv", 120, 60.0, 20), std::move(b)},
                                    {station("A", "a.csv"), station("B", "b.csv")});
    CHECK(set.t0_unix_s == 120);
    CHECK(set.steps() == 9);
    CHECK(set.n_interpolated == 1);
    REQUIRE(set.trimmed.size() == 2);
    CHECK(set.trimmed[0].samples_after == 11);
    CHECK(set.trimmed[1].samples_before == 1);
}

TEST_CASE("align_stations: errors name the records and the values", "[storm][stations]") {
    SECTION("different cadences") {
        const auto msg = align_error({ramp("a.csv", 0, 60.0, 10), ramp("b.sec", 0, 1.0, 600)},
                                     {station("A", "a.csv"), station("B", "b.sec")});
        CHECK_THAT(msg, Catch::Contains("b.sec") && Catch::Contains("a.csv") && Catch::Contains("cadence 1 s") &&
                            Catch::Contains("has 60 s"));
    }
    SECTION("grid offset over 1 ms") {
        const auto msg = align_error({ramp("a.csv", 0, 60.0, 10), ramp("b.csv", 30, 60.0, 10)},
                                     {station("A", "a.csv"), station("B", "b.csv")});
        CHECK_THAT(msg, Catch::Contains("b.csv") && Catch::Contains("by 30 s") && Catch::Contains("1970-01-01T00:00:30Z"));
    }
    SECTION("no overlap") {
        const auto msg = align_error({ramp("a.csv", 0, 60.0, 10), ramp("b.csv", 600, 60.0, 10)},
                                     {station("A", "a.csv"), station("B", "b.csv")});
        CHECK_THAT(msg, Catch::Contains("no common span") && Catch::Contains("a.csv") && Catch::Contains("b.csv") &&
                            Catch::Contains("1970-01-01T00:09:00Z") && Catch::Contains("1970-01-01T00:10:00Z"));
        // One common sample is not a span.
        CHECK_THAT(align_error({ramp("a.csv", 0, 60.0, 10), ramp("b.csv", 540, 60.0, 10)},
                               {station("A", "a.csv"), station("B", "b.csv")}),
                   Catch::Contains("no common span"));
    }
    SECTION("duplicate ids") {
        const auto msg = align_error({ramp("a.csv", 0, 60.0, 10), ramp("b.csv", 0, 60.0, 10)},
                                     {station("X1", "a.csv"), station("X1", "b.csv")});
        CHECK_THAT(msg, Catch::Contains("'X1'") && Catch::Contains("a.csv") && Catch::Contains("b.csv") &&
                            Catch::Contains("twice"));
    }
    SECTION("missing or invalid position") {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        CHECK_THAT(align_error({ramp("a.csv", 0, 60.0, 10)}, {station("A", "a.csv", nan, 10.0)}),
                   Catch::Contains("a.csv") && Catch::Contains("no valid position") && Catch::Contains("position"));
        CHECK_THAT(align_error({ramp("a.csv", 0, 60.0, 10)}, {station("A", "a.csv", 95.0, 10.0)}),
                   Catch::Contains("lat 95"));
    }
    SECTION("no records, or records and stations of different counts") {
        CHECK_THAT(align_error({}, {}), Catch::Contains("no magnetometer records"));
        CHECK_THAT(align_error({ramp("a.csv", 0, 60.0, 10)}, {}), Catch::Contains("1 records but 0"));
    }
}
