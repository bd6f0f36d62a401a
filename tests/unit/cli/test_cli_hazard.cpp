// swxrisk hazard: the hazard curve at one point (study::run_hazard_point), checked against independent
// values: the NERC benchmark calibration (8 V/km at 60° dipole latitude, 100 years, Quebec earth), the
// published dip latitude of Guiyang, the equatorial-electrojet factor at Huancayo.

#include <swx/cli/cli.hpp>
#include <swx/core/storm/geomag.hpp>

#include <catch2/catch.hpp>

#include "support/cli_run.hpp"

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

using swx::test::Run;
using swx::test::swxrisk;

namespace {

/// The line of `text` starting with `prefix` ("" if none).
std::string line_starting(const std::string& text, const std::string& prefix) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (line.rfind(prefix, 0) == 0) {
            return line;
        }
    }
    return {};
}

std::vector<std::string> words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> w;
    for (std::string s; in >> s;) {
        w.push_back(s);
    }
    return w;
}

/// The number after `key` on the line starting with `key` ("dip latitude: 24.14 deg" → 24.14).
double value_after(const std::string& text, const std::string& key) {
    const std::string line = line_starting(text, key);
    REQUIRE_FALSE(line.empty());
    return std::stod(line.substr(key.size()));
}

std::string fmt(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.8f", v);
    return b;
}

/// Table row at `years` of the text output: {period, "years", E, band, auroral, sc, mp, dominant}.
std::vector<std::string> row(const std::string& text, const std::string& years) {
    const auto w = words(line_starting(text, years + " years"));
    REQUIRE(w.size() == 8);
    return w;
}

}  // namespace

TEST_CASE("swxrisk hazard: the auroral term is the NERC benchmark's 8 V/km at 60 deg dipole latitude, 100 years, QUE",
          "[cli][hazard]") {
    // A point at dipole latitude 60° on the dipole pole's meridian (bisection on the IGRF-14 dipole).
    const swx::DipoleCoefficients c = swx::dipole_coefficients(2025.0);
    const swx::DipolePole pole = swx::dipole_pole(c);
    double lo = 0.0;
    double hi = pole.lat_deg;
    for (int i = 0; i < 100; ++i) {
        const double mid = 0.5 * (lo + hi);
        (swx::dipole_latitude_deg(mid, pole.lon_deg, c) < 60.0 ? lo : hi) = mid;
    }
    const Run r = swxrisk({"hazard", "--lat", fmt(0.5 * (lo + hi)), "--lon", fmt(pole.lon_deg), "--earth-model", "QUE"});
    INFO(r.out << r.err);
    REQUIRE(r.code == swx::cli::exit_ok);
    CHECK(value_after(r.out, "dipole latitude:") == Approx(60.0).margin(0.01));
    const auto w = row(r.out, "100");
    CHECK(std::stod(w[4]) == Approx(8.0).margin(0.005));  // V/km, the benchmark (3 significant digits printed)
    CHECK(w[7] == "auroral");
    CHECK(r.out.find("earth model: QUE (beta 1.00)") != std::string::npos);
    CHECK(r.out.find("assumption:") == std::string::npos);  // QUE was given
    CHECK(r.out.find("immune") == std::string::npos);
    CHECK(r.out.find("safe") == std::string::npos);
}

TEST_CASE("swxrisk hazard: Guiyang's dip latitude is the published 24.14 deg and the sudden commencement dominates",
          "[cli][hazard]") {
    // Default earth model: QUE, stated as an assumption.
    const Run r = swxrisk({"hazard", "--lat", "26.60", "--lon", "106.70", "--epoch", "2025"});
    INFO(r.out << r.err);
    REQUIRE(r.code == swx::cli::exit_ok);
    // 24.14°: IGRF-14 inclination at Guiyang, epoch 2025 (../shared/reference/lowlat/site_latitudes_check.csv).
    CHECK(value_after(r.out, "dip latitude:") == Approx(24.14).margin(0.05));
    CHECK(line_starting(r.out, "dominant term (100 years):") == "dominant term (100 years): sudden_commencement");
    CHECK(row(r.out, "100")[7] == "sudden_commencement");
    CHECK(line_starting(r.out, "assumption:").find("QUE") != std::string::npos);
    // No anchor supports the sudden-commencement term this far from its reference band: flagged, with the band.
    const std::string u = line_starting(r.out, "unvalidated latitude: no published anchor supports the dominant term here");
    CHECK(u.find("deg |dipole latitude|") != std::string::npos);
    CHECK(line_starting(r.out, "carrington-1859:").find("V/km") != std::string::npos);
}

TEST_CASE("swxrisk hazard: Huancayo on the dip equator has an electrojet factor near 2", "[cli][hazard]") {
    const Run r = swxrisk({"hazard", "--lat", "-12.04", "--lon", "-75.32", "--earth-model", "QUE", "--return-periods", "100"});
    INFO(r.out << r.err);
    REQUIRE(r.code == swx::cli::exit_ok);
    // Huancayo is the classic electrojet station: SC amplitudes about twice those off the dip equator.
    CHECK(value_after(r.out, "electrojet factor:") == Approx(2.0).margin(0.15));
    CHECK(std::abs(value_after(r.out, "dip latitude:")) < 2.0);
    CHECK(line_starting(r.out, "10 years").empty());  // --return-periods (short for --return-periods-years): only 100
    CHECK(row(r.out, "100")[7] == "sudden_commencement");
}

TEST_CASE("swxrisk hazard: --field-v-per-km gives back the return period of a printed return level", "[cli][hazard]") {
    for (const char* lat : {"53.35", "26.60"}) {
        const Run a = swxrisk({"hazard", "--lat", lat, "--lon", "-6.26", "--earth-model", "QUE"});
        REQUIRE(a.code == swx::cli::exit_ok);
        const std::string e100 = row(a.out, "100")[2];
        const Run b = swxrisk({"hazard", "--lat", lat, "--lon", "-6.26", "--earth-model", "QUE", "--field-v-per-km", e100});
        INFO(b.out << b.err);
        REQUIRE(b.code == swx::cli::exit_ok);
        const std::string f = line_starting(b.out, "field " + e100 + " V/km: once in ");
        REQUIRE_FALSE(f.empty());
        const double years = std::stod(f.substr(std::string("field " + e100 + " V/km: once in ").size()));
        CHECK(years == Approx(100.0).margin(1.0));  // 3 significant digits of E: within 1 year
        CHECK(f.find("(range ") != std::string::npos);
    }
    // A field beyond the tabulated 1000-year level is flagged as extrapolated.
    const Run c = swxrisk({"hazard", "--lat", "53.35", "--lon", "-6.26", "--field-v-per-km", "12"});
    REQUIRE(c.code == swx::cli::exit_ok);
    CHECK(line_starting(c.out, "field 12 V/km:").find("extrapolated beyond the tabulated 10-1000 years") != std::string::npos);
}

TEST_CASE("swxrisk hazard: json and csv carry the same numbers as the text", "[cli][hazard]") {
    const std::vector<std::string> base{"hazard", "--lat", "64.13", "--lon", "-21.9", "--return-periods-years", "10,100,1000",
                                        "--field-v-per-km", "5"};
    auto with = [&](const std::string& format) {
        auto a = base;
        a.insert(a.end(), {"--format", format});
        return swxrisk(a);
    };
    const Run t = with("text");
    const Run j = with("json");
    const Run c = with("csv");
    INFO(t.err << j.err << c.err);
    REQUIRE(t.code == swx::cli::exit_ok);
    REQUIRE(j.code == swx::cli::exit_ok);
    REQUIRE(c.code == swx::cli::exit_ok);
    const double e100 = std::stod(row(t.out, "100")[2]);
    // json: the 100-year level.
    const auto at = j.out.find("{\"return_period_years\": 100, \"e_v_per_km\": {\"value\": ");
    REQUIRE(at != std::string::npos);
    const double j100 = std::stod(j.out.substr(at + std::string("{\"return_period_years\": 100, \"e_v_per_km\": {\"value\": ").size()));
    CHECK(j100 == Approx(e100).epsilon(0.005));
    CHECK(j.out.find("\"dominant_term\": \"auroral\"") != std::string::npos);
    CHECK(j.out.find("\"named_storm\": {\"name\": \"carrington-1859\"") != std::string::npos);
    // csv: a header, one row per return period and the named-storm row.
    std::istringstream in(c.out);
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) {
        lines.push_back(l);
    }
    REQUIRE(lines.size() == 5);
    CHECK(lines[0].rfind("lat_deg,lon_deg,epoch,dipole_lat_deg,dip_lat_deg,earth_model,", 0) == 0);
    CHECK(lines[2].find(",return_period,100,") != std::string::npos);
    const auto p = lines[2].find(",return_period,100,") + std::string(",return_period,100,").size();
    CHECK(std::stod(lines[2].substr(p)) == Approx(e100).epsilon(0.005));
    CHECK(lines[4].find(",carrington-1859,") != std::string::npos);
    CHECK(lines[0].find(",unvalidated_band,assumptions") != std::string::npos);
    CHECK(lines[1].find("60-90 deg |dipole latitude|,\"earth model QUE") != std::string::npos);  // Reykjavik: no anchor above 60 deg
}

TEST_CASE("swxrisk hazard: usage errors exit 2 and name what is wrong", "[cli][hazard]") {
    const Run lat = swxrisk({"hazard", "--lat", "95", "--lon", "0"});
    CHECK(lat.code == swx::cli::exit_usage);
    CHECK(lat.err.find("latitude from -90 to 90") != std::string::npos);
    const Run model = swxrisk({"hazard", "--lat", "10", "--lon", "0", "--earth-model", "NO-SUCH"});
    CHECK(model.code == swx::cli::exit_usage);
    CHECK(model.err.find("NO-SUCH") != std::string::npos);
    const Run table = swxrisk({"hazard", "--lat", "10", "--lon", "0", "--hazard-profile", "/nonexistent/profile.csv"});
    CHECK(table.code == swx::cli::exit_usage);
    CHECK(table.err.find("/nonexistent/profile.csv") != std::string::npos);
    const Run period = swxrisk({"hazard", "--lat", "10", "--lon", "0", "--return-periods-years", "0.5"});
    CHECK(period.code == swx::cli::exit_usage);
    CHECK(period.err.find("[field return_periods_years]") != std::string::npos);  // this command's option, not a scenario key
    const Run twice = swxrisk({"hazard", "--lat", "10", "--lon", "0", "--return-periods-years", "100,100"});
    CHECK(twice.code == swx::cli::exit_usage);
    CHECK(twice.err.find("listed twice") != std::string::npos);
    const Run not_a_field = swxrisk({"hazard", "--lat", "10", "--lon", "0", "--field-v-per-km", "nan"});
    CHECK(not_a_field.code == swx::cli::exit_usage);  // a NaN given is refused, not taken as "no field"
    const Run field = swxrisk({"hazard", "--lat", "10", "--lon", "0", "--field-v-per-km", "-1"});
    CHECK(field.code == swx::cli::exit_usage);
    CHECK(field.err.find("field_v_per_km") != std::string::npos);
    const Run missing = swxrisk({"hazard", "--lat", "10"});
    CHECK(missing.code == swx::cli::exit_usage);
}
