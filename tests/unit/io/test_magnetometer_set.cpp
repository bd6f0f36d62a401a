// Many magnetometer records (io/magnetometer_set.hpp): the NERC portal CSV layout, stations tables, the
// orientation check, and folders mixing IAGA-2002, generic CSV and NERC CSV written to temporary folders.
// The real NERC record 50112 and its magnetometers.csv are read from ../shared/reference (skipped visibly
// when absent); their expected values are those of the shared README (found there by hand, not by this code).

#include <swx/core/base/error.hpp>
#include <swx/core/base/problems.hpp>
#include <swx/core/base/time.hpp>
#include <swx/core/storm/igrf.hpp>
#include <swx/io/magnetometer_set.hpp>

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
using swx::ProblemSink;
using swx::io::MagnetometerSetOptions;

namespace {

using TempDir = swx::test::TempDir;

fs::path mag_dir() { return swx::test::reference_dir / "may2024" / "mag"; }

bool has_warning(const ProblemSink& p, const std::string& code, const std::string& text = "") {
    for (const auto& w : p.problems()) {
        if (w.code == code && w.message.find(text) != std::string::npos) {
            return true;
        }
    }
    return false;
}

template <class F>
std::string input_error(F&& f) {
    try {
        f();
    } catch (const swx::InputError& e) {
        return e.what();
    }
    return "(no InputError)";
}

std::string read_error(const std::string& source, const MagnetometerSetOptions& o = {}) {
    ProblemSink p;
    return input_error([&] { (void)swx::io::read_magnetometers(source, o, p); });
}

const std::string nerc_header =
    "MagnetometerDeviceID,SampleDateTime,GeoBfieldMeasureNorth,GeoBfieldMeasureEast,GeoBfieldMeasureVertical\n";

/// A NERC portal file for `device`: `n` minutes from 5/10/2024 12:00:00 AM with N = n0 + i, E = e0 − i.
std::string nerc_rows(const std::string& device, int first_minute, int n, double n0, double e0) {
    std::string out = nerc_header;
    for (int k = first_minute; k < first_minute + n; ++k) {
        const int h24 = k / 60;
        const int h12 = h24 % 12 == 0 ? 12 : h24 % 12;
        char line[160];
        std::snprintf(line, sizeof line, "%s,5/10/2024 %d:%02d:00 %s,%.2f,%.2f,50000.00\n", device.c_str(), h12, k % 60,
                      h24 < 12 ? "AM" : "PM", n0 + k, e0 - k);
        out += line;
    }
    return out;
}

}  // namespace

TEST_CASE("NERC portal CSV: strict 12-hour UTC times, one device, detected by read_magnetometer", "[io][stations]") {
    TempDir dir;
    // 11:59 PM → 12:00 AM would be a new day; here the noon and midnight hours.
    const auto path = dir.write("2024E04_777.csv", nerc_header +
                                                       "777,5/10/2024 12:00:00 AM,100.00,10.00,1\n"
                                                       "777,5/10/2024 12:01:00 AM,101.00,,1\n"
                                                       "777,5/10/2024 12:02:00 AM,102.00,12.00,1\n");
    const auto s = swx::io::read_magnetometer(path);
    CHECK(s.station == "777");
    CHECK(swx::format_iso8601_utc(s.t0_unix_s) == "2024-05-10T00:00:00Z");
    CHECK(s.dt_s == 60.0);
    REQUIRE(s.size() == 3);
    CHECK(s.by_nt[1] == 11.0);  // an empty cell is missing, filled
    CHECK(s.n_interpolated == 1);
    CHECK_FALSE(std::isfinite(s.latitude_deg));

    const auto noon = dir.write("noon.csv", nerc_header +
                                                "5,5/10/2024 11:59:00 AM,1,1,1\n"
                                                "5,5/10/2024 12:00:00 PM,1,1,1\n"
                                                "5,5/10/2024 1:01:00 PM,1,1,1\n");
    swx::io::MagnetometerOptions hour;
    hour.max_gap_s = 3600;
    const auto n = swx::io::read_nerc_magnetometer_csv(noon, hour);
    CHECK(swx::format_iso8601_utc(n.t0_unix_s) == "2024-05-10T11:59:00Z");
    CHECK(n.size() == 63);  // 11:59 … 13:01

    const auto bad = [&](const std::string& time) {
        const auto p = dir.write("bad.csv", nerc_header + "5,5/10/2024 12:00:00 AM,1,1,1\n5," + time + ",1,1,1\n");
        return input_error([&] { (void)swx::io::read_magnetometer(p); });
    };
    for (const std::string& t : std::vector<std::string>{"5/10/2024 13:01:00 PM", "5/10/2024 0:01:00 AM", "5/10/2024 00:01:00", "2024-05-10 00:01:00",
                                "5/10/2024 12:01:00", "5/10/2024 12:60:00 AM", "2/30/2024 12:01:00 AM", "5/10/24 12:01:00 AM",
                                "5/10/2024 12:01:00 AM UTC", "5/10/2024 12:1:00 AM"}) {
        const auto msg = bad(t);
        INFO(t);
        CHECK_THAT(msg, Catch::Contains("bad.csv") && Catch::Contains("line 3") && Catch::Contains("SampleDateTime") &&
                            Catch::Contains("M/D/YYYY h:mm:ss AM|PM"));
    }
    const auto two = dir.write("two.csv", nerc_header + "5,5/10/2024 12:00:00 AM,1,1,1\n6,5/10/2024 12:01:00 AM,1,1,1\n");
    CHECK_THAT(input_error([&] { (void)swx::io::read_magnetometer(two); }),
               Catch::Contains("two.csv") && Catch::Contains("line 3") && Catch::Contains("device '6'") &&
                   Catch::Contains("one device per file"));
    const auto text = dir.write("text.csv", nerc_header + "5,5/10/2024 12:00:00 AM,1,x,1\n5,5/10/2024 12:01:00 AM,1,1,1\n");
    CHECK_THAT(input_error([&] { (void)swx::io::read_magnetometer(text); }),
               Catch::Contains("text.csv") && Catch::Contains("line 2") && Catch::Contains("GeoBfieldMeasureEast"));
    const auto fields = dir.write("fields.csv", nerc_header + "5,5/10/2024 12:00:00 AM,1,1\n");
    CHECK_THAT(input_error([&] { (void)swx::io::read_magnetometer(fields); }),
               Catch::Contains("line 2") && Catch::Contains("4 fields"));
}

TEST_CASE("Stations tables: id,lat_deg,lon_deg and NERC magnetometers.csv (longitude positive west)", "[io][stations]") {
    TempDir dir;
    const auto plain = dir.write("stations.csv", "# positions\nid,lat_deg,lon_deg,name\nAAA,60.5,350.0,x\nBBB,-10,-20.25,y\n");
    const auto t = swx::io::read_station_table(plain);
    CHECK_FALSE(t.nerc_layout);
    REQUIRE(t.entries.size() == 2);
    CHECK(t.entries[0].lon_deg == -10.0);  // 350° E normalised
    CHECK(t.entries[1].lon_deg == -20.25);
    CHECK(t.entries[1].line == 4);
    REQUIRE(t.find("BBB") != nullptr);
    CHECK(t.find("CCC") == nullptr);

    const auto nerc = dir.write("magnetometers.csv", "Device ID, Latitude, Longitude, Orientation\n"
                                                     "50112,48.3000000000,117.1000000000,2 - Geomagnetic\n"
                                                     "50100,30.4,89.6,1 - Geographic\n");
    const auto n = swx::io::read_station_table(nerc);
    CHECK(n.nerc_layout);
    REQUIRE(n.entries.size() == 2);
    CHECK(n.entries[0].lon_deg == -117.1);
    CHECK(n.entries[0].orientation == "2 - Geomagnetic");

    const auto err = [&](const std::string& content) {
        const auto p = dir.write("t.csv", content);
        return input_error([&] { (void)swx::io::read_station_table(p); });
    };
    CHECK_THAT(err("code,lat,lon\nA,1,2\n"), Catch::Contains("t.csv") && Catch::Contains("not a stations table"));
    CHECK_THAT(err("id,lat_deg,lon_deg\nA,1,2\nA,3,4\n"),
               Catch::Contains("line 3") && Catch::Contains("'A'") && Catch::Contains("first on line 2"));
    CHECK_THAT(err("id,lat_deg,lon_deg\nA,north,2\n"),
               Catch::Contains("line 2") && Catch::Contains("lat_deg") && Catch::Contains("'north'"));
    CHECK_THAT(err("id,lat_deg,lon_deg\nA,91,2\n"), Catch::Contains("line 2") && Catch::Contains("outside [-90, 90]"));
    CHECK_THAT(err("id,lat_deg,lon_deg\nA,1,400\n"), Catch::Contains("lon_deg") && Catch::Contains("400"));
    CHECK_THAT(err("id,lat_deg,lon_deg\nA,1\n"), Catch::Contains("line 2") && Catch::Contains("2 fields"));
    // NERC layout: longitudes are positive degrees west; a negative one is refused, not flipped to the east.
    CHECK_THAT(err("Device ID, Latitude, Longitude, Orientation\n50112,48.3,-117.1,1 - Geographic\n"),
               Catch::Contains("line 2") && Catch::Contains("Longitude") && Catch::Contains("positive degrees west"));
}

TEST_CASE("magnetometer_files: folder, single file, comma list", "[io][stations]") {
    TempDir dir;
    const auto b = dir.write("b.min", "x");
    const auto a = dir.write("a.csv", "time,x,y\n");
    dir.write("c.sec", "x");
    dir.write("stations.csv", "id,lat_deg,lon_deg\n");
    dir.write("positions.csv", "id,lat_deg,lon_deg\n");  // a table by its header
    dir.write("MAGNETOMETERS.CSV", "Device ID, Latitude, Longitude, Orientation\n");
    dir.write("notes.txt", "x");
    const auto files = swx::io::magnetometer_files(dir.str());
    REQUIRE(files.size() == 3);
    CHECK(fs::path(files[0]).filename() == "a.csv");
    CHECK(fs::path(files[1]).filename() == "b.min");
    CHECK(fs::path(files[2]).filename() == "c.sec");
    CHECK(swx::io::magnetometer_files(b) == std::vector<std::string>{b});
    CHECK(swx::io::magnetometer_files(b + ", " + a) == std::vector<std::string>{b, a});
    CHECK_THAT(input_error([&] { (void)swx::io::magnetometer_files(b + "," + dir.str() + "/nope.min"); }),
               Catch::Contains("nope.min") && Catch::Contains("not found"));
    TempDir empty;
    empty.write("stations.csv", "id,lat_deg,lon_deg\n");
    CHECK_THAT(input_error([&] { (void)swx::io::magnetometer_files(empty.str()); }),
               Catch::Contains("no magnetometer record"));
}

TEST_CASE("read_magnetometers: a folder mixing IAGA-2002, CSV + stations.csv and NERC CSV", "[io][stations]") {
    TempDir dir;
    // IAGA-2002, 00:00–00:05 at 60 s, position in its header (longitude 0–360 E).
    dir.write("tst20240510.min", " Format                 IAGA-2002                                    |\n"
                                 " IAGA CODE              TST                                          |\n"
                                 " Geodetic Latitude      45.000                                       |\n"
                                 " Geodetic Longitude     250.000                                      |\n"
                                 " Reported               XYZF                                         |\n"
                                 "DATE       TIME         DOY     TSTX      TSTY      TSTZ      TSTF   |\n"
                                 "2024-05-10 00:00:00.000 131  20000.00    100.00  40000.00  45000.00\n"
                                 "2024-05-10 00:01:00.000 131  20010.00    110.00  40000.00  45000.00\n"
                                 "2024-05-10 00:02:00.000 131  99999.00  99999.00  40000.00  45000.00\n"
                                 "2024-05-10 00:03:00.000 131  20030.00    130.00  40000.00  45000.00\n"
                                 "2024-05-10 00:04:00.000 131  20040.00    140.00  40000.00  45000.00\n"
                                 "2024-05-10 00:05:00.000 131  20050.00    150.00  40000.00  45000.00\n");
    // Generic CSV 00:01–00:06; its position from stations.csv by file stem.
    dir.write("gen.csv", "time,x,y\n2024-05-10T00:01:00Z,1,5\n2024-05-10T00:02:00Z,2,6\n2024-05-10T00:03:00Z,3,7\n"
                         "2024-05-10T00:04:00Z,4,8\n2024-05-10T00:05:00Z,5,9\n2024-05-10T00:06:00Z,6,10\n");
    // NERC 00:00–00:04 (device 777); position from stations.csv by device id; TST's row disagrees with its header.
    dir.write("2024E04_777.csv", nerc_rows("777", 0, 5, 17000.0, 4000.0));
    dir.write("stations.csv", "id,lat_deg,lon_deg\ngen,40.0,-100.0\n777,48.3,-117.1\nTST,45.5,-110.0\n");

    ProblemSink problems;
    const auto set = swx::io::read_magnetometers(dir.str(), {}, problems);
    REQUIRE(set.size() == 3);
    CHECK(set.stations[0].id == "777");  // files sorted by name: 2024E04_777.csv, gen.csv, tst20240510.min
    CHECK(set.stations[1].id == "gen");
    CHECK(set.stations[2].id == "TST");
    CHECK(set.stations[0].location.lat_deg == 48.3);
    CHECK(set.stations[0].location.lon_deg == -117.1);
    CHECK(set.stations[1].location.lon_deg == -100.0);
    CHECK_THAT(set.stations[1].position_source, Catch::Contains("stations table"));
    CHECK(set.stations[2].location.lat_deg == 45.0);   // the header wins over the table
    CHECK(set.stations[2].location.lon_deg == -110.0);  // 250° E
    CHECK(set.stations[2].position_source == "IAGA-2002 header");
    CHECK(has_warning(problems, "station_position_disagrees", "45.500"));
    // Common span 00:01–00:04: 4 samples.
    CHECK(swx::format_iso8601_utc(set.t0_unix_s) == "2024-05-10T00:01:00Z");
    REQUIRE(set.steps() == 4);
    // NERC: N = 17001 … 17004 → median 17002.5; E = 3999 … 3996 → 3997.5.
    CHECK(set.baseline_x_nt[0] == 17002.5);
    CHECK(set.baseline_y_nt[0] == 3997.5);
    CHECK(set.bx_nt[0][0] == -1.5);
    // gen: x 1 … 4 → 2.5; TST: X 20010, 20020 (filled), 20030, 20040 → 20025.
    CHECK(set.baseline_x_nt[1] == 2.5);
    CHECK(set.baseline_x_nt[2] == 20025.0);
    CHECK(set.by_nt[2][1] == 120.0 - 125.0);
    CHECK(set.n_interpolated == 1);
    CHECK(has_warning(problems, "gaps_filled"));
    CHECK(has_warning(problems, "record_trimmed", "1 samples before and 1 after"));  // TST
    CHECK(set.trimmed.size() == 3);
}

TEST_CASE("read_magnetometers: errors name the file, line and field", "[io][stations]") {
    SECTION("missing position") {
        TempDir dir;
        dir.write("gen.csv", "time,x,y\n2024-05-10T00:01:00Z,1,5\n2024-05-10T00:02:00Z,2,6\n");
        dir.write("stations.csv", "id,lat_deg,lon_deg\nother,40.0,-100.0\n");
        CHECK_THAT(read_error(dir.str()), Catch::Contains("gen.csv") && Catch::Contains("no position") &&
                                              Catch::Contains("no row 'gen'") && Catch::Contains("stations.csv"));
        TempDir bare;
        bare.write("gen.csv", "time,x,y\n2024-05-10T00:01:00Z,1,5\n2024-05-10T00:02:00Z,2,6\n");
        CHECK_THAT(read_error(bare.str()), Catch::Contains("gen.csv") && Catch::Contains("no stations table"));
    }
    SECTION("cadence mismatch, grid offset, no overlap") {
        TempDir dir;
        dir.write("a.csv", "time,x,y\n2024-05-10T00:00:00Z,1,5\n2024-05-10T00:01:00Z,2,6\n2024-05-10T00:02:00Z,2,6\n");
        dir.write("b.csv", "time,x,y\n2024-05-10T00:00:00Z,1,5\n2024-05-10T00:00:30Z,2,6\n2024-05-10T00:01:00Z,2,6\n");
        dir.write("stations.csv", "id,lat_deg,lon_deg\na,40,-100\nb,41,-101\n");
        CHECK_THAT(read_error(dir.str()), Catch::Contains("b.csv") && Catch::Contains("cadence 30 s") && Catch::Contains("a.csv"));
        dir.write("b.csv", "time,x,y\n2024-05-10T00:00:10Z,1,5\n2024-05-10T00:01:10Z,2,6\n");
        CHECK_THAT(read_error(dir.str()), Catch::Contains("b.csv") && Catch::Contains("by 10 s"));
        dir.write("b.csv", "time,x,y\n2024-05-10T01:00:00Z,1,5\n2024-05-10T01:01:00Z,2,6\n");
        CHECK_THAT(read_error(dir.str()), Catch::Contains("no common span") && Catch::Contains("2024-05-10T01:01:00Z"));
    }
    SECTION("duplicate ids") {
        TempDir dir;
        dir.write("x1.csv", nerc_rows("9", 0, 3, 1.0, 1.0));
        dir.write("x2.csv", nerc_rows("9", 0, 3, 1.0, 1.0));
        dir.write("magnetometers.csv", "Device ID, Latitude, Longitude, Orientation\n9,40,100,1 - Geographic\n");
        CHECK_THAT(read_error(dir.str()), Catch::Contains("'9'") && Catch::Contains("x1.csv") && Catch::Contains("x2.csv"));
    }
    SECTION("bad NERC time in a folder") {
        TempDir dir;
        dir.write("n.csv", nerc_header + "9,5/10/2024 12:00:00 AM,1,1,1\n9,5/10/2024 24:01:00,1,1,1\n");
        dir.write("magnetometers.csv", "Device ID, Latitude, Longitude, Orientation\n9,40,100,1 - Geographic\n");
        CHECK_THAT(read_error(dir.str()), Catch::Contains("n.csv") && Catch::Contains("line 3") &&
                                              Catch::Contains("SampleDateTime") && Catch::Contains("24:01:00"));
    }
}

TEST_CASE("Orientation check of records a NERC table marks geomagnetic: synthetic rotated records", "[io][stations]") {
    // 48.3° N 117.1° W in May 2024 (50112's position): IGRF-14 declination ≈ 14°.
    const double t_mid = *swx::parse_iso8601_utc("2024-05-10T00:01:00Z");
    const double epoch = 2024.0 + (t_mid - *swx::parse_iso8601_utc("2024-01-01T00:00:00Z")) / (366.0 * 86400.0);
    const double d_deg = swx::igrf_field(48.3, -117.1, 0.0, epoch).declination_deg;
    REQUIRE(d_deg > 10.0);
    REQUIRE(d_deg < 20.0);
    const double d = d_deg * std::numbers::pi / 180.0;
    const auto folder = [&](double angle_deg, TempDir& dir) {
        // H = 20000 nT pointing angle_deg east of the record's x axis, plus a 10 nT step on x at the second sample.
        const double a = angle_deg * std::numbers::pi / 180.0;
        std::string rows = nerc_header;
        for (int k = 0; k < 3; ++k) {
            char line[160];
            std::snprintf(line, sizeof line, "50112,5/10/2024 12:0%d:00 AM,%.6f,%.6f,50000\n", k,
                          20000.0 * std::cos(a) + (k == 1 ? 10.0 : 0.0), 20000.0 * std::sin(a));
            rows += line;
        }
        dir.write("rec.csv", rows);
        dir.write("magnetometers.csv", "Device ID, Latitude, Longitude, Orientation\n50112,48.3,117.1,2 - Geomagnetic\n");
        return dir.str();
    };
    SECTION("baseline along the local declination: geographic, unchanged, with a warning") {
        TempDir dir;
        ProblemSink p;
        const auto set = swx::io::read_magnetometers(folder(d_deg, dir), {}, p);
        CHECK(set.baseline_x_nt[0] == Approx(20000.0 * std::cos(d)).margin(1e-6));
        CHECK(set.baseline_y_nt[0] == Approx(20000.0 * std::sin(d)).margin(1e-6));
        CHECK(set.bx_nt[0][1] == Approx(10.0).margin(1e-6));
        CHECK(has_warning(p, "orientation_geographic", "2 - Geomagnetic"));
    }
    SECTION("baseline along magnetic north: rotated by the IGRF declination, with a warning") {
        TempDir dir;
        ProblemSink p;
        const auto set = swx::io::read_magnetometers(folder(0.5, dir), {}, p);
        const double a = 0.5 * std::numbers::pi / 180.0;
        CHECK(set.baseline_x_nt[0] == Approx(20000.0 * std::cos(a + d)).margin(1e-6));
        CHECK(set.baseline_y_nt[0] == Approx(20000.0 * std::sin(a + d)).margin(1e-6));
        // The 10 nT step on magnetic x becomes (10 cos D, 10 sin D) geographic.
        CHECK(set.bx_nt[0][1] == Approx(10.0 * std::cos(d)).margin(1e-6));
        CHECK(set.by_nt[0][1] == Approx(10.0 * std::sin(d)).margin(1e-6));
        CHECK(has_warning(p, "orientation_rotated", "rotated by the IGRF declination"));
    }
    SECTION("neither: an error explaining the ambiguity") {
        TempDir dir;
        const auto msg = read_error(folder(45.0, dir));
        CHECK_THAT(msg, Catch::Contains("rec.csv") && Catch::Contains("50112") && Catch::Contains("Orientation") &&
                            Catch::Contains("45.0° east of north") && Catch::Contains("ambiguous"));
    }
}

TEST_CASE("Real NERC record 50112 (May 2024) and NERC's magnetometers.csv", "[io][stations][reference]") {
    const auto file = mag_dir() / "2024E04_50112.csv";
    const auto table = mag_dir() / "magnetometers.csv";
    if (!swx::test::require_reference(file) || !swx::test::require_reference(table)) {
        return;
    }
    // The record alone, through the single-record reader every command uses.
    const auto s = swx::io::read_magnetometer(file.string());
    CHECK(s.station == "50112");
    CHECK(s.size() == 4320);
    CHECK(s.dt_s == 60.0);
    CHECK(s.n_interpolated == 0);
    CHECK(swx::format_iso8601_utc(s.t0_unix_s) == "2024-05-10T00:00:00Z");
    // README: largest 1-min step of the horizontal field 360 nT/min at 2024-05-11 06:59 (|ΔB_h| from 06:58
    // to 06:59; the README's "H"; the step of the magnitude H is smaller).
    double best = 0.0;
    std::size_t at = 0;
    for (std::size_t i = 1; i < s.size(); ++i) {
        const double step = std::hypot(s.bx_nt[i] - s.bx_nt[i - 1], s.by_nt[i] - s.by_nt[i - 1]);
        if (step > best) {
            best = step;
            at = i;
        }
    }
    CHECK(best == Approx(360.0).margin(1.0));  // nT/min, README rounds to 360
    CHECK(swx::format_iso8601_utc(s.t0_unix_s + static_cast<std::int64_t>(at) * 60) == "2024-05-11T06:59:00Z");

    // The folder as shipped: magnetometers.csv is its table; TVAmagmetadata.dat is not a record.
    ProblemSink p;
    MagnetometerSetOptions o;
    o.set.baseline = swx::BaselineMethod::first_window;  // the quiet first hour
    const auto set = swx::io::read_magnetometers(mag_dir().string(), o, p);
    REQUIRE(set.size() == 1);
    CHECK(set.stations[0].id == "50112");
    CHECK(set.stations[0].location.lat_deg == Approx(48.3).margin(1e-9));
    CHECK(set.stations[0].location.lon_deg == Approx(-117.1).margin(1e-9));
    CHECK(set.steps() == 4320);
    // README's quiet baseline N 17,547 / E 4,500 nT: the first hour's medians are N 17,546 / E 4,479; we
    // allow 25 nT (the README does not say over which interval it took its values).
    CHECK(set.baseline_x_nt[0] == Approx(17547.0).margin(25.0));
    CHECK(set.baseline_y_nt[0] == Approx(4500.0).margin(25.0));
    // Table says "2 - Geomagnetic", the baseline points ~14.4° east (README): read as geographic, warned.
    CHECK(has_warning(p, "orientation_geographic", "2 - Geomagnetic"));
    CHECK(std::atan2(set.baseline_y_nt[0], set.baseline_x_nt[0]) * 180.0 / std::numbers::pi == Approx(14.4).margin(0.3));
    CHECK(set.bx_nt[0][0] == Approx(17547.0 - set.baseline_x_nt[0]).margin(1e-9));  // first row, unrotated
}
