// Magnetometer readers: real USGS IAGA-2002 files and the March 1989 FRD CSV from the shared reference
// folder (reported by ctest as Skipped when absent), plus synthetic files written to a temporary directory.
// The real-file cases are reader tests, not validations: their expected values are read off the files by hand.

#include <swx/core/base/error.hpp>
#include <swx/core/base/problems.hpp>
#include <swx/io/magnetometer.hpp>

#include <test_paths.hpp>

#include "support/reference.hpp"

#include <catch2/catch.hpp>

#include "support/temp_dir.hpp"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <string>

namespace fs = std::filesystem;
using swx::io::MagnetometerOptions;
using swx::io::format_iso8601_utc;
using swx::io::parse_iso8601_utc;

namespace {

using TempDir = swx::test::TempDir;

fs::path storms_dir() { return swx::test::reference_dir / "storms"; }

/// Real records stay in ../shared/reference (never copied into the project): skipped visibly when absent.
bool have(const fs::path& p) { return swx::test::require_reference(p); }

double unix_of(const std::string& iso) {
    const auto t = parse_iso8601_utc(iso);
    REQUIRE(t.has_value());
    return *t;
}

std::string message_of(const std::string& path, const MagnetometerOptions& options = {}) {
    try {
        (void)swx::io::read_magnetometer(path, options);
    } catch (const swx::InputError& e) {
        return e.what();
    }
    return "(no InputError)";
}

}  // namespace

TEST_CASE("ISO 8601 formatting and parsing", "[io]") {
    CHECK(format_iso8601_utc(0) == "1970-01-01T00:00:00Z");
    CHECK(format_iso8601_utc(946684800) == "2000-01-01T00:00:00Z");
    CHECK(format_iso8601_utc(-1) == "1969-12-31T23:59:59Z");
    CHECK(format_iso8601_utc(951782400) == "2000-02-29T00:00:00Z");
    const double t = unix_of("1989-03-12T00:00:00Z");
    CHECK(format_iso8601_utc(static_cast<std::int64_t>(t)) == "1989-03-12T00:00:00Z");
    CHECK(unix_of("1989-03-12 00:00:00") == t);
    CHECK(unix_of("1989-03-12T00:00:00") == t);
    CHECK(unix_of("1989-03-12") == t);
    CHECK(unix_of(" 1989-03-12T00:00 ") == t);
    CHECK(unix_of("1989-03-12T00:00:00.500Z") == Approx(t + 0.5).margin(1e-9));
    CHECK(unix_of("1989-03-12T01:00:00+01:00") == t);
    CHECK(unix_of("1989-03-11T19:00:00-0500") == t);
    CHECK_FALSE(parse_iso8601_utc("1989-02-30").has_value());
    CHECK_FALSE(parse_iso8601_utc("1989-03-12T24:00:00").has_value());
    CHECK_FALSE(parse_iso8601_utc("1989-03-12T00:00:60").has_value());
    CHECK_FALSE(parse_iso8601_utc("12/03/1989").has_value());
    CHECK_FALSE(parse_iso8601_utc("1989-03-12T00:00:00Q").has_value());
    CHECK_FALSE(parse_iso8601_utc("").has_value());
}

// Expected values: the file's own header and data lines, read by hand.
TEST_CASE("IAGA-2002 XYZF with a 99999.00 block: gap error or interpolation", "[io]") {
    const auto path = storms_dir() / "iaga2002" / "bou20181024_XYZF_vmin.min";
    if (!have(path)) {
        return;
    }
    // Default max_gap_s = 300: the 10-minute block 00:10–00:19 is too long.
    const std::string msg = message_of(path.string());
    CHECK_THAT(msg, Catch::Contains("bou20181024_XYZF_vmin.min") && Catch::Contains("2018-10-24T00:10:00Z") &&
                        Catch::Contains("2018-10-24T00:19:00Z") && Catch::Contains("max_gap_s"));

    MagnetometerOptions options;
    options.max_gap_s = 1500;  // the longest block is 24 min
    const auto s = swx::io::read_magnetometer(path.string(), options);
    CHECK(s.station == "BOU");
    CHECK(s.latitude_deg == Approx(40.137));
    CHECK(s.longitude_deg == Approx(254.763));
    CHECK(format_iso8601_utc(s.t0_unix_s) == "2018-10-24T00:00:00Z");
    CHECK(s.dt_s == 60.0);
    CHECK(s.size() == 120);
    CHECK(s.n_interpolated == 50);
    CHECK(s.bx_nt[0] == Approx(20576.37).margin(1e-9));
    CHECK(s.by_nt[0] == Approx(3288.50).margin(1e-9));
    // 00:10 lies 1/11 of the way from 00:09 (20576.66, 3288.89) to 00:20 (20577.29, 3289.51).
    CHECK(s.bx_nt[10] == Approx(20576.66 + (20577.29 - 20576.66) / 11.0).margin(1e-9));
    CHECK(s.by_nt[10] == Approx(3288.89 + (3289.51 - 3288.89) / 11.0).margin(1e-9));
    CHECK(s.bx_nt[20] == Approx(20577.29).margin(1e-9));
}

// Expected values: the first data line and DECBAS of the file, converted by hand (below).
TEST_CASE("IAGA-2002 HDZF variation file: D relative to DECBAS", "[io]") {
    const auto path = storms_dir() / "iaga2002" / "bou20141101vmin.min";
    if (!have(path)) {
        return;
    }
    const auto s = swx::io::read_iaga2002(path.string(), {});
    CHECK(s.station == "BOU");
    CHECK(format_iso8601_utc(s.t0_unix_s) == "2014-11-01T00:00:00Z");
    CHECK(s.dt_s == 60.0);
    CHECK(s.size() == 1440);
    CHECK(s.n_interpolated == 0);
    // First record: H = 20873.75 nT, D = −9.99' relative to DECBAS 5527 (tenths of minutes) = 552.7',
    // so D = 542.71' = 9.045167°: X = H cos D = 20614.1790 nT, Y = H sin D = 3281.6252 nT (hand computation).
    CHECK(s.bx_nt[0] == Approx(20614.1790).margin(1e-3));
    CHECK(s.by_nt[0] == Approx(3281.6252).margin(1e-3));
    const double d_rad = (552.7 - 9.99) / 60.0 * std::numbers::pi / 180.0;
    CHECK(s.bx_nt[0] == Approx(20873.75 * std::cos(d_rad)).margin(1e-9));
    CHECK(s.by_nt[0] == Approx(20873.75 * std::sin(d_rad)).margin(1e-9));
}

// Expected values: 477.6 nT/min at 21:44 UT was computed from the same record independently of swxrisk
// (GEOELECTRIC.md §4/§6, [D]); it is not a published figure.
TEST_CASE("March 1989 FRD 1-min CSV: count, cadence, peak dB/dt", "[io]") {
    const auto path = storms_dir() / "mar1989_FRD_1min.csv";
    if (!have(path)) {
        return;
    }
    const auto s = swx::io::read_magnetometer(path.string(), {});
    CHECK(s.size() == 3 * 1440);
    CHECK(s.dt_s == 60.0);
    CHECK(format_iso8601_utc(s.t0_unix_s) == "1989-03-12T00:00:00Z");
    CHECK(s.n_interpolated == 0);
    double max_dbh = 0.0;
    std::size_t at = 0;
    for (std::size_t i = 1; i < s.size(); ++i) {
        const double d = std::hypot(s.bx_nt[i] - s.bx_nt[i - 1], s.by_nt[i] - s.by_nt[i - 1]);
        if (d > max_dbh) {
            max_dbh = d;
            at = i;
        }
    }
    // GEOELECTRIC.md §4/§6 [D]: 477.6 nT/min at 1989-03-13 21:44 UT (the minute ending the step).
    CHECK(max_dbh == Approx(477.6).margin(0.1));
    const auto t_at = s.t0_unix_s + static_cast<std::int64_t>(at) * 60;
    CHECK(format_iso8601_utc(t_at) == "1989-03-13T21:44:00Z");
}

TEST_CASE("CSV: short gaps are interpolated, NaN text is missing, ends are held", "[io]") {
    TempDir dir;
    const auto path = dir.write("short.csv",
                                "Time,Bx,By\n"
                                "2020-01-01T00:01:00Z,5,\n"       // leading Y missing (2 samples) → held
                                "2020-01-01T00:02:00Z,10,NaN\n"
                                "2020-01-01T00:03:00Z,20,100\n"
                                "2020-01-01T00:05:00Z,40,300\n"   // whole row 00:04 missing
                                "2020-01-01T00:06:00Z,,400\n"     // empty cell
                                "2020-01-01T00:07:00Z,60,NA\n");  // trailing missing → held
    const auto s = swx::io::read_magnetometer(path, {});
    REQUIRE(s.size() == 7);
    CHECK(s.dt_s == 60.0);
    CHECK(format_iso8601_utc(s.t0_unix_s) == "2020-01-01T00:01:00Z");
    CHECK(s.by_nt[0] == 100.0);
    CHECK(s.by_nt[1] == 100.0);
    CHECK(s.bx_nt[3] == 30.0);
    CHECK(s.by_nt[3] == 200.0);
    CHECK(s.bx_nt[5] == 50.0);
    CHECK(s.by_nt[6] == 400.0);
    CHECK(s.n_interpolated == 5);  // 00:01 and 00:02 (Y), 00:04 (row), 00:06 (X), 00:07 (Y)
    CHECK(s.station.empty());
    CHECK(std::isnan(s.latitude_deg));
}

TEST_CASE("CSV: a gap longer than max_gap_s names its span", "[io]") {
    TempDir dir;
    const auto path = dir.write("long.csv",
                                "timestamp,x,y\n"
                                "2020-01-01 00:00:00,1,1\n"
                                "2020-01-01 00:01:00,nan,1\n"
                                "2020-01-01 00:02:00,nan,1\n"
                                "2020-01-01 00:03:00,nan,1\n"
                                "2020-01-01 00:04:00,4,1\n");
    MagnetometerOptions options;
    options.max_gap_s = 120;
    CHECK_THROWS_AS(swx::io::read_magnetometer(path, options), swx::InputError);
    const auto msg = message_of(path, options);
    CHECK_THAT(msg, Catch::Contains("long.csv") && Catch::Contains("2020-01-01T00:01:00Z to 2020-01-01T00:03:00Z") &&
                        Catch::Contains("field x"));
    options.max_gap_s = 180;
    CHECK(swx::io::read_magnetometer(path, options).bx_nt[2] == Approx(2.5));
}

// Issue 9, item 24: every long gap is named (count and longest), not only the first.
TEST_CASE("CSV: several gaps longer than max_gap_s are all listed, with the count and the longest", "[io]") {
    TempDir dir;
    std::string text = "time,x,y\n";
    // Values missing (NaN cells) at 60-120 s (2 samples) and 300-480 s (4 samples); rows missing 660-780 s.
    for (int t = 0; t <= 1200; t += 60) {
        if (t >= 660 && t <= 780) {
            continue;
        }
        const bool hole = (t >= 60 && t <= 120) || (t >= 300 && t <= 480);
        text += std::to_string(t) + "," + (hole ? std::string("nan") : std::to_string(t)) + ",1\n";
    }
    const auto path = dir.write("gaps.csv", text);
    MagnetometerOptions options;
    options.max_gap_s = 60;
    // Missing rows are found before the grid is laid: one gap, three samples.
    CHECK_THAT(message_of(path, options), Catch::Contains("gap from 1970-01-01T00:11:00Z to 1970-01-01T00:13:00Z"));
    options.max_gap_s = 180;  // the missing rows (180 s) and the 120 s run pass; the 240 s run does not
    CHECK_THAT(message_of(path, options), Catch::Contains("gap from 1970-01-01T00:05:00Z to 1970-01-01T00:08:00Z"));
    const auto two = dir.write("two.csv", "time,x,y\n0,1,1\n60,nan,1\n120,nan,1\n180,4,1\n240,nan,1\n300,nan,1\n360,nan,1\n420,8,1\n");
    options.max_gap_s = 60;
    const std::string msg = message_of(two, options);
    CHECK_THAT(msg, Catch::Contains("2 gaps are longer than max_gap_s = 60 s") &&
                        Catch::Contains("longest: from 1970-01-01T00:04:00Z to 1970-01-01T00:06:00Z (3 missing samples, 180 s)") &&
                        Catch::Contains("from 1970-01-01T00:01:00Z to 1970-01-01T00:02:00Z (2 missing samples, 120 s)") &&
                        Catch::Contains("field x"));
}

// Issue 9, item 24: a filled record is reported with its filled fraction (50 of 120 samples filled
// silently before).
TEST_CASE("CSV: gap filling is reported with the filled fraction, the number of gaps and the longest", "[io]") {
    TempDir dir;
    std::string text = "time,x,y\n";
    for (int i = 0; i < 120; ++i) {
        const bool hole = i >= 30 && i < 80;  // 50 samples, 1500 s at 30 s
        text += std::to_string(i * 30) + "," + (hole ? std::string("") : "1") + ",2\n";
    }
    const auto path = dir.write("filled.csv", text);
    MagnetometerOptions options;
    options.max_gap_s = 1500;
    const auto s = swx::io::read_magnetometer(path, options);
    CHECK(s.n_interpolated == 50);
    CHECK(s.n_gaps == 1);
    CHECK(s.longest_gap_s == 1500.0);
    swx::ProblemSink problems;
    swx::io::warn_gap_filling(s, problems);
    REQUIRE(problems.problems().size() == 1);
    CHECK(problems.problems()[0].code == "gaps_filled");
    CHECK_THAT(problems.problems()[0].message, Catch::Contains("50 of 120 samples (41.7 %)") && Catch::Contains("1 gap,") &&
                                                   Catch::Contains("the longest 1500 s"));
    swx::ProblemSink none;
    swx::io::warn_gap_filling(swx::io::read_magnetometer(dir.write("full.csv", "time,x,y\n0,1,1\n30,1,1\n"), {}), none);
    CHECK(none.problems().empty());
}

// Issue 9, item 14: "inf" was taken as a missing sample without a word.
TEST_CASE("CSV: an infinite value is an error naming the file, line and field", "[io]") {
    TempDir dir;
    const auto csv = dir.write("inf.csv", "time,x,y\n0,1,1\n60,inf,1\n120,1,1\n");
    CHECK_THROWS_AS(swx::io::read_magnetometer(csv, {}), swx::InputError);
    CHECK_THAT(message_of(csv), Catch::Contains("inf.csv") && Catch::Contains("line 3") && Catch::Contains("field x") &&
                                    Catch::Contains("'inf' is infinite"));
    const auto neg = dir.write("neginf.csv", "time,x,y\n0,1,1\n60,1,-Infinity\n120,1,1\n");
    CHECK_THAT(message_of(neg), Catch::Contains("field y") && Catch::Contains("infinite"));
}

TEST_CASE("CSV: leading missing values longer than max_gap_s are an error", "[io]") {
    TempDir dir;
    const auto path = dir.write("lead.csv", "time,x,y\n0,,1\n60,,1\n120,5,1\n");
    MagnetometerOptions options;
    options.max_gap_s = 60;
    CHECK_THAT(message_of(path, options), Catch::Contains("leading gap"));
    options.max_gap_s = 120;
    const auto s = swx::io::read_magnetometer(path, options);
    CHECK(s.bx_nt[0] == 5.0);
    CHECK(s.t0_unix_s == 0);  // numeric seconds since 1970-01-01
}

TEST_CASE("CSV: irregular and non-increasing times", "[io]") {
    TempDir dir;
    const auto irregular = dir.write("irregular.csv",
                                     "time,x,y\n"
                                     "2020-01-01T00:00:00Z,1,1\n"
                                     "2020-01-01T00:01:00Z,1,1\n"
                                     "2020-01-01T00:02:00Z,1,1\n"
                                     "2020-01-01T00:02:30Z,1,1\n"
                                     "2020-01-01T00:03:30Z,1,1\n");
    CHECK_THROWS_AS(swx::io::read_magnetometer(irregular, {}), swx::InputError);
    CHECK_THAT(message_of(irregular), Catch::Contains("irregular.csv") && Catch::Contains("line 5") &&
                                          Catch::Contains("irregular cadence") &&
                                          Catch::Contains("2020-01-01T00:02:30Z"));
    const auto duplicate = dir.write("dup.csv",
                                     "time,x,y\n"
                                     "2020-01-01T00:00:00Z,1,1\n"
                                     "2020-01-01T00:01:00Z,1,1\n"
                                     "2020-01-01T00:01:00Z,1,1\n");
    CHECK_THAT(message_of(duplicate), Catch::Contains("line 4") && Catch::Contains("strictly increasing"));
    const auto backwards = dir.write("back.csv", "time,x,y\n120,1,1\n60,1,1\n");
    CHECK_THAT(message_of(backwards), Catch::Contains("line 3") && Catch::Contains("is before"));
}

TEST_CASE("CSV: missing column, empty file, no rows, bad values", "[io]") {
    TempDir dir;
    const auto no_y = dir.write("no_y.csv", "time,x,z\n2020-01-01T00:00:00Z,1,1\n");
    CHECK_THROWS_AS(swx::io::read_magnetometer(no_y, {}), swx::InputError);
    CHECK_THAT(message_of(no_y), Catch::Contains("no_y.csv") && Catch::Contains("Y (east)") &&
                                     Catch::Contains("columns found: time, x, z"));
    const auto no_time = dir.write("no_time.csv", "when,x,y\n1,1,1\n");
    CHECK_THAT(message_of(no_time), Catch::Contains("no time column") && Catch::Contains("columns found: when, x, y"));
    const auto empty = dir.write("empty.csv", "");
    CHECK_THAT(message_of(empty), Catch::Contains("empty.csv") && Catch::Contains("empty file"));
    const auto blank = dir.write("blank.csv", "\n  \n");
    CHECK_THAT(message_of(blank), Catch::Contains("empty file"));
    const auto header_only = dir.write("header.csv", "time,x,y\n");
    CHECK_THAT(message_of(header_only), Catch::Contains("no data rows"));
    const auto one_row = dir.write("one.csv", "time,x,y\n2020-01-01T00:00:00Z,1,1\n");
    CHECK_THAT(message_of(one_row), Catch::Contains("only one data row"));
    const auto text = dir.write("text.csv", "time,x,y\n2020-01-01T00:00:00Z,1,1\n2020-01-01T00:01:00Z,abc,1\n");
    CHECK_THAT(message_of(text), Catch::Contains("line 3") && Catch::Contains("'abc' is not a number"));
    const auto bad_time = dir.write("bad_time.csv", "time,x,y\n2020-01-01T00:00:00Z,1,1\n2020-13-01T00:01:00Z,1,1\n");
    CHECK_THAT(message_of(bad_time), Catch::Contains("line 3") && Catch::Contains("ISO 8601"));
    const auto all_missing = dir.write("all_missing.csv", "time,x,y\n0,nan,1\n60,nan,2\n");
    CHECK_THAT(message_of(all_missing), Catch::Contains("no valid values"));
    CHECK_THAT(message_of((fs::temp_directory_path() / "swx_no_such_file.csv").string()),
               Catch::Contains("cannot open"));
}

TEST_CASE("CSV: explicit column options and name variants", "[io]") {
    TempDir dir;
    const auto path = dir.write("named.csv",
                                "when;north_comp;east_comp;Bx\n"
                                "2020-06-01T12:00:00.000Z;1;2;99\n"
                                "2020-06-01T12:00:10.000Z;3;4;99\n");
    MagnetometerOptions options;
    options.time_column = "WHEN";
    options.x_column = "north_comp";
    options.y_column = "east_comp";
    const auto s = swx::io::read_magnetometer(path, options);
    CHECK(s.dt_s == 10.0);
    CHECK(s.bx_nt == std::vector<double>{1, 3});
    CHECK(s.by_nt == std::vector<double>{2, 4});
    options.y_column = "nope";
    CHECK_THAT(message_of(path, options), Catch::Contains("no column named 'nope'") &&
                                              Catch::Contains("columns found: when, north_comp, east_comp, Bx"));

    const auto variants = dir.write("variants.csv",
                                    "\"Date_Time\",B_x (nT),BY_NT,Z\n"
                                    "2020-06-01 12:00:00,1,2,3\n"
                                    "2020-06-01 12:01:00,99999.00,2,3\n"
                                    "2020-06-01 12:02:00,3,2,3\n");
    const auto v = swx::io::read_magnetometer(variants, {});
    CHECK(v.bx_nt == std::vector<double>{1, 2, 3});
    CHECK(v.n_interpolated == 1);
}

TEST_CASE("IAGA-2002: synthetic DHZF and XYZF with missing markers, detected by content", "[io]") {
    TempDir dir;
    const std::string header = " Format                 IAGA-2002                                    |\n"
                               " IAGA CODE              TST                                          |\n"
                               " Geodetic Latitude      -12.500                                      |\n"
                               " Geodetic Longitude     300.000                                      |\n"
                               " Reported               DHZF                                         |\n"
                               " # a comment without a baseline                                      |\n";
    const auto dhzf = dir.write("tst.min", header +
                                               "DATE       TIME         DOY     TSTD      TSTH      TSTZ      TSTF   |\n"
                                               "2021-01-01 00:00:00.000 001      60.00  20000.00  88888.80  88888.00\n"
                                               "2021-01-01 00:01:00.000 001   99999.00  20000.00  1.00  2.00\n"
                                               "2021-01-01 00:02:00.000 001     -60.00  20000.00  1.00  2.00\n");
    const auto s = swx::io::read_magnetometer(dhzf, {});
    CHECK(s.station == "TST");
    CHECK(s.latitude_deg == -12.5);
    CHECK(s.size() == 3);
    CHECK(s.bx_nt[0] == Approx(20000.0 * std::cos(std::numbers::pi / 180.0)));
    CHECK(s.by_nt[0] == Approx(20000.0 * std::sin(std::numbers::pi / 180.0)));
    CHECK(s.by_nt[1] == Approx(0.0).margin(1e-9));  // interpolated between +1° and −1°
    CHECK(s.by_nt[2] == Approx(-s.by_nt[0]));
    CHECK(s.n_interpolated == 1);

    const auto irregular = dir.write("irr.min", header +
                                                    "DATE       TIME         DOY     TSTX      TSTY      TSTZ      TSTF   |\n"
                                                    "2021-01-01 00:00:00.000 001 1 2 3 4\n"
                                                    "2021-01-01 00:01:00.000 001 1 2 3 4\n"
                                                    "2021-01-01 00:02:00.000 001 1 2 3 4\n"
                                                    "2021-01-01 00:02:30.000 001 1 2 3 4\n");
    CHECK_THAT(message_of(irregular), Catch::Contains("irr.min") && Catch::Contains("line 11") &&
                                          Catch::Contains("2021-01-01T00:02:30Z"));
    // Issue 9, item 14: a non-finite value is an error naming line and element (was a silent gap for nan).
    const auto inf = dir.write("inf.min", header +
                                              "DATE       TIME         DOY     TSTX      TSTY      TSTZ      TSTF   |\n"
                                              "2021-01-01 00:00:00.000 001 1 2 3 4\n"
                                              "2021-01-01 00:01:00.000 001 1 inf 3 4\n"
                                              "2021-01-01 00:02:00.000 001 1 2 3 4\n");
    CHECK_THAT(message_of(inf), Catch::Contains("inf.min") && Catch::Contains("line 9") && Catch::Contains("field TSTY") &&
                                    Catch::Contains("not finite"));
    const auto no_header = dir.write("nohdr.min", header + "2021-01-01 00:00:00.000 001 1 2 3 4\n");
    CHECK_THROWS_WITH(swx::io::read_iaga2002(no_header, {}), Catch::Contains("no IAGA-2002 data header"));
    const auto zf = dir.write("zf.min", header +
                                            "DATE       TIME         DOY     TSTZ      TSTF      TSTI      TSTG   |\n"
                                            "2021-01-01 00:00:00.000 001 1 2 3 4\n");
    CHECK_THROWS_WITH(swx::io::read_iaga2002(zf, {}), Catch::Contains("neither X and Y nor H and D"));
    const auto short_row = dir.write("short.min", header +
                                                      "DATE       TIME         DOY     TSTX      TSTY      TSTZ      TSTF   |\n"
                                                      "2021-01-01 00:00:00.000 001 1 2 3\n");
    CHECK_THROWS_WITH(swx::io::read_iaga2002(short_row, {}), Catch::Contains("line 8"));
}

// Found by fuzz_iaga2002 (docs/fuzzing.md): an element name that is only "|" was indexed at -1.
TEST_CASE("IAGA-2002 fuzz regression: a stray '|' in place of an element name is an InputError", "[io][fuzz]") {
    TempDir dir;
    const auto path = dir.write("bar.min", " Format                 IAGA-2002                                    |\n"
                                           "DATE       TIME         DOY   | TSTH      TSTD      TSTZ      TSTF   |\n"
                                           "2021-01-01 00:00:00.000 001  20000.00     60.00  40000.00  45000.00\n");
    CHECK_THROWS_AS(swx::io::read_iaga2002(path, {}), swx::InputError);
    CHECK_THAT(message_of(path), Catch::Contains("bar.min") && Catch::Contains("line 2") &&
                                     Catch::Contains("element 1 has no name"));
}

// Found by fuzz_iaga2002: two rows years apart at a 1 s cadence filled a grid of ~10^8 samples (1.6 GB)
// before the gap check rejected it. The row gap is now checked before the grid is allocated.
TEST_CASE("magnetometer fuzz regression: a gap of years between rows fails before allocating the grid", "[io][fuzz]") {
    TempDir dir;
    const auto csv = dir.write("years.csv", "time,x,y\n"
                                            "1970-01-01T00:00:00Z,1,1\n"
                                            "1970-01-01T00:00:01Z,1,1\n"
                                            "1972-12-31T00:00:00Z,1,1\n"
                                            "1972-12-31T00:00:01Z,1,1\n");
    CHECK_THAT(message_of(csv), Catch::Contains("years.csv") && Catch::Contains("field x") &&
                                    Catch::Contains("gap from 1970-01-01T00:00:02Z to 1972-12-30T23:59:59Z") &&
                                    Catch::Contains("max_gap_s"));
    // A row gap within max_gap_s is still interpolated.
    const auto short_gap = dir.write("short_gap.csv", "time,x,y\n0,1,1\n1,1,1\n4,4,4\n");
    const auto s = swx::io::read_magnetometer(short_gap, {});
    CHECK(s.size() == 5);
    CHECK(s.bx_nt[2] == Approx(2.0));
}

// Found by fuzz_magnetometer_csv: a numeric time of 1.2e97 s passed the parser and overflowed the
// int64 conversion when a later message formatted it (UBSan: float-cast-overflow).
TEST_CASE("CSV fuzz regression: numeric times beyond the years 0001-9999 are an InputError", "[io][fuzz]") {
    TempDir dir;
    const auto huge = dir.write("huge.csv", "time,x,y\n0,1,2\n1" + std::string(96, '2') + ",999x,1\n");
    CHECK_THROWS_AS(swx::io::read_magnetometer(huge, {}), swx::InputError);
    CHECK_THAT(message_of(huge), Catch::Contains("huge.csv") && Catch::Contains("line 3") &&
                                     Catch::Contains("field time") && Catch::Contains("outside the years 0001 to 9999"));
    const auto negative = dir.write("negative.csv", "time,x,y\n-1e12,1,2\n-999999999999,1,2\n");
    CHECK_THAT(message_of(negative), Catch::Contains("line 2") && Catch::Contains("outside the years"));
    const auto edge = dir.write("edge.csv", "time,x,y\n253402300798,1,2\n253402300799,3,4\n");
    CHECK(swx::io::read_magnetometer(edge, {}).bx_nt == std::vector<double>{1, 3});
}
