// swxrisk run with [storm] hazard = "return-period" (docs/hazard-model.md): the ranking by annual
// probability, the return period against an independent reading of the site's own hazard curve, E* and
// its threshold identity on a real grid, the return-period raster, the report's wording, the named storm
// carrington-1859 against the return-period levels, and the scenario file's errors.
#include <swx/cli/cli.hpp>

#include <catch2/catch.hpp>
#include <gdal.h>
#include <ogr_api.h>

#include "support/cli_run.hpp"
#include "support/grid_fixture.hpp"
#include "support/raster_probe.hpp"
#include "test_paths.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using swx::test::Run;
using swx::test::swxrisk;
using Rows = std::vector<std::map<std::string, std::string>>;

namespace {

const fs::path global_dir = swx::test::datasets_dir / "demo" / "global-datacentres";
const fs::path se_dir = swx::test::datasets_dir / "demo" / "southeast-us";

/// A scenario file in `dir` from TOML text; returns its path.
std::string write_scenario(const fs::path& dir, const std::string& body) {
    std::ofstream(dir / "s.toml") << body;
    return (dir / "s.toml").string();
}

std::string global_study(const fs::path& out, const std::string& storm) {
    return "[inputs]\nsites = \"" + (global_dir / "sites.geojson").string() + "\"\nearth_model = \"QUE\"\n[storm]\n" + storm +
           "\n[area]\nbbox = [-180.0, -60.0, 180.0, 75.0]\nresolution_deg = 0.5\n[outputs]\nfolder = \"" + out.string() +
           "\"\nmap_png = false\n";
}

std::map<std::string, std::map<std::string, std::string>> by_id(const Rows& rows) {
    std::map<std::string, std::map<std::string, std::string>> out;
    for (const auto& r : rows) {
        out[r.at("site_id")] = r;
    }
    return out;
}

double num(const std::map<std::string, std::string>& row, const std::string& col) { return std::stod(row.at(col)); }

/// The return period at which the log-log curve through (T_i, E_i) reaches e (inside the table only).
double period_on_curve(const std::vector<double>& t, const std::vector<double>& e, double target) {
    for (std::size_t i = 0; i + 1 < t.size(); ++i) {
        if (target >= e[i] && target <= e[i + 1]) {
            const double f = std::log(target / e[i]) / std::log(e[i + 1] / e[i]);
            return std::exp(std::log(t[i]) + f * std::log(t[i + 1] / t[i]));
        }
    }
    return std::nan("");
}

}  // namespace

TEST_CASE("return-period study: global sites ranked by annual probability, periods read off each site's curve", "[cli][study][hazard]") {
    const fs::path dir = swx::test::temp_dir("rp-global");
    const fs::path out = dir / "out";
    const Run r = swxrisk({"run", write_scenario(dir, global_study(out, "hazard = \"return-period\"\nreturn_periods_years = [10, 30, 100, "
                                                                           "300, 1000]\ne_star_v_per_km = 0.7")),
                           "-q"});
    INFO(r.err);
    REQUIRE(r.code == swx::cli::exit_ok);
    const Rows rows = swx::test::read_csv(out / "sites.csv");
    REQUIRE(rows.size() == 12);
    for (const char* col : {"return_period_years", "return_period_years_lo", "return_period_years_hi", "annual_probability",
                            "e_star_v_per_km", "e_10yr_v_per_km", "e_100yr_v_per_km_lo", "e_1000yr_v_per_km_hi", "ieff_100yr_a",
                            "dominant_term", "dip_lat_deg", "electrojet_factor", "e_100yr_sudden_commencement_v_per_km"}) {
        CHECK(rows[0].count(col) == 1);
    }
    // Rank 1 has the highest annual probability; no site has a zero probability.
    std::vector<std::pair<int, double>> ranked;
    for (const auto& s : rows) {
        ranked.emplace_back(std::stoi(s.at("rank")), num(s, "annual_probability"));
        CHECK(num(s, "annual_probability") > 0.0);
        CHECK(num(s, "e_star_v_per_km") == 0.7);  // no grid: the stated field
        // P = 1 − exp(−1/T)
        CHECK(num(s, "annual_probability") == Approx(-std::expm1(-1.0 / num(s, "return_period_years"))).epsilon(1e-5));
        CHECK(num(s, "return_period_years_lo") <= num(s, "return_period_years"));
        CHECK(num(s, "return_period_years") <= num(s, "return_period_years_hi"));
    }
    std::sort(ranked.begin(), ranked.end());
    for (std::size_t i = 1; i < ranked.size(); ++i) {
        CHECK(ranked[i - 1].second >= ranked[i].second);
    }
    const auto site = by_id(rows);
    // The return period of 0.7 V/km, read here off the site's own E_T columns (log-log), equals the study's.
    const std::vector<double> t{10, 30, 100, 300, 1000};
    int inside = 0;
    for (const auto& [id, s] : site) {
        std::vector<double> e;
        for (const double p : t) {
            e.push_back(num(s, "e_" + std::to_string(static_cast<int>(p)) + "yr_v_per_km"));
        }
        const double expected = period_on_curve(t, e, 0.7);
        if (!std::isnan(expected)) {
            INFO(id);
            CHECK(num(s, "return_period_years") == Approx(expected).epsilon(1e-4));
            CHECK(s.at("flags").find("return_period_extrapolated") == std::string::npos);
            ++inside;
        }
    }
    CHECK(inside >= 3);
    // The NERC benchmark calibration: above 60° dipole latitude on QUE (β = 1) the 100-year field is 8 V/km.
    CHECK(num(site.at("REYKJAVIK"), "e_100yr_v_per_km") == Approx(8.0).epsilon(1e-5));
    CHECK(site.at("REYKJAVIK").at("dominant_term") == "auroral");
    // Guiyang and Singapore are ruled by the sudden commencement, outside any anchor's band: flagged.
    for (const char* id : {"GUIYANG", "SINGAPORE"}) {
        CHECK(site.at(id).at("dominant_term") == "sudden_commencement");
        CHECK(site.at(id).at("flags").find("unvalidated_latitude") != std::string::npos);
        CHECK(std::stoi(site.at(id).at("rank")) > std::stoi(site.at("DUBLIN").at("rank")));
    }
    // return_period.tif: years, documented in its metadata; short at high latitude, long at low.
    const fs::path tif = out / "return_period.tif";
    REQUIRE(fs::exists(tif));
    GDALAllRegister();
    GDALDatasetH ds = GDALOpen(tif.c_str(), GA_ReadOnly);
    REQUIRE(ds != nullptr);
    const char* method = GDALGetMetadataItem(ds, "SWXRISK_METHOD", nullptr);
    REQUIRE(method != nullptr);
    CHECK(std::string(method).find("return period") != std::string::npos);
    CHECK(std::string(GDALGetRasterUnitType(GDALGetRasterBand(ds, 1))) == "years");
    GDALClose(ds);
    const double near_pole = swx::test::value_at(tif, -21.9, 64.1).value;  // Reykjavík
    const double tropics = swx::test::value_at(tif, 103.8, 1.35).value;     // Singapore
    CHECK(near_pole < tropics);
    // The map cell and the site agree where the field changes slowly (Singapore, 0.5° cells): within 10 %.
    CHECK(tropics == Approx(num(site.at("SINGAPORE"), "return_period_years")).epsilon(0.1));
    // The report speaks in return periods and never in the word the project avoids.
    std::ifstream in(out / "report.md");
    const std::string report((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(report.find("Ranking by annual probability") != std::string::npos);
    CHECK(report.find("once in ") != std::string::npos);
    CHECK(report.find("immune") == std::string::npos);
    CHECK(r.out.find("immune") == std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("return-period study on the Horton grid: E* = threshold x E_100 / Ieff_100, and a threshold of Ieff_100 is once in 100 years",
          "[cli][study][hazard]") {
    const fs::path dir = swx::test::temp_dir("rp-grid");
    auto study = [&](const std::string& storm) {
        return "[inputs]\nsites = \"" + (se_dir / "sites.geojson").string() + "\"\ngrid = \"" +
               (swx::test::datasets_dir / "horton2012").string() + "\"\nearth_regions = \"" + (se_dir / "earth_regions.geojson").string() +
               "\"\n[storm]\nhazard = \"return-period\"\n" + storm +
               "\n[area]\nbbox = [-88.0, 32.5, -81.0, 34.5]\nresolution_deg = 0.05\n[outputs]\nfolder = \"" + (dir / "out").string() +
               "\"\nmap_png = false\n";
    };
    const Run r = swxrisk({"run", write_scenario(dir, study("threshold_a = 75")), "-q", "--overwrite"});
    INFO(r.err);
    REQUIRE(r.code == swx::cli::exit_ok);
    const auto sites = by_id(swx::test::read_csv(dir / "out" / "sites.csv"));
    const auto& atl = sites.at("AGS");  // a point site supplied by substation 6 (listed)
    const double ieff = num(atl, "ieff_100yr_a");
    REQUIRE(ieff > 1.0);
    CHECK(num(atl, "e_star_v_per_km") == Approx(75.0 * num(atl, "e_100yr_v_per_km") / ieff).epsilon(1e-6));
    // The grid's Ieff under the 100-year field is the study's own max over ATL's supplies: the same number as ieff_max_a.
    CHECK(num(atl, "ieff_max_a") == Approx(ieff).epsilon(1e-9));
    // With the threshold set to that current, E* is the site's 100-year field: once in 100 years exactly.
    char threshold[64];
    std::snprintf(threshold, sizeof threshold, "threshold_a = %.17g", ieff);
    const Run again = swxrisk({"run", write_scenario(dir, study(threshold)), "-q", "--overwrite"});
    REQUIRE(again.code == swx::cli::exit_ok);
    const auto sites2 = by_id(swx::test::read_csv(dir / "out" / "sites.csv"));
    CHECK(num(sites2.at("AGS"), "e_star_v_per_km") == Approx(num(atl, "e_100yr_v_per_km")).epsilon(1e-6));
    CHECK(num(sites2.at("AGS"), "return_period_years") == Approx(100.0).epsilon(1e-5));
    // return_period.tif at Macon (no substation within 50 km, so its cell, like the site, gets the return period
    // of e_star_v_per_km): the site's period within 5 % (the cell centre is up to 0.025 deg away); at Tuscaloosa,
    // whose nearest substation carries no GIC, nodata — not the longest period.
    const fs::path tif = dir / "out" / "return_period.tif";
    CHECK(swx::test::value_at(tif, -83.63, 32.84).value == Approx(num(sites.at("MCN"), "return_period_years")).epsilon(0.05));
    CHECK(std::isnan(swx::test::value_at(tif, -87.57, 33.21).value));
    CHECK(sites.at("TCL").at("return_period_basis") == "threshold_not_reached");
    CHECK(atl.at("return_period_basis") == "threshold_a");
    CHECK(sites.at("MCN").at("return_period_basis") == "e_star_v_per_km");
    // A transformer with no current never reaches the threshold: capped, flagged, not zero probability.
    for (const auto& [id, s] : sites) {
        if (s.at("ieff_100yr_a") == "0") {
            CHECK(s.at("flags").find("threshold_not_reached") != std::string::npos);
            CHECK(num(s, "return_period_years") == 1e6);
            CHECK(num(s, "annual_probability") > 0.0);
        }
    }
    fs::remove_all(dir);
}

TEST_CASE("named storm carrington-1859: its auroral field is the 1000-year level, and the report names it", "[cli][study][hazard]") {
    const fs::path dir = swx::test::temp_dir("rp-carrington");
    const Run c = swxrisk({"run", write_scenario(dir, global_study(dir / "c", "scenario = \"carrington-1859\"")), "-q"});
    INFO(c.err);
    REQUIRE(c.code == swx::cli::exit_ok);
    const Run p = swxrisk({"run", write_scenario(dir, global_study(dir / "p", "hazard = \"return-period\"")), "-q"});
    REQUIRE(p.code == swx::cli::exit_ok);
    const auto carrington = by_id(swx::test::read_csv(dir / "c" / "sites.csv"));
    const auto levels = by_id(swx::test::read_csv(dir / "p" / "sites.csv"));
    for (const char* id : {"REYKJAVIK", "DUBLIN", "LULEA"}) {  // auroral-dominated
        CHECK(num(carrington.at(id), "e_peak_v_per_km") == Approx(num(levels.at(id), "e_1000yr_v_per_km")).epsilon(1e-5));
    }
    // Each term is reported, the largest is the peak field, and latitudes no anchor supports are flagged.
    for (const auto& [id, s] : carrington) {
        const double largest = std::max({num(s, "e_auroral_v_per_km"), num(s, "e_sudden_commencement_v_per_km"), num(s, "e_main_phase_v_per_km")});
        CHECK(num(s, "e_peak_v_per_km") == Approx(largest).epsilon(1e-9));
        CHECK(s.at("alpha").empty());  // NERC's alpha plays no part in the hazard model
    }
    CHECK(carrington.at("REYKJAVIK").at("dominant_term") == "auroral");
    CHECK(carrington.at("SINGAPORE").at("flags").find("unvalidated_latitude") != std::string::npos);
    // At the equatorial sites the event's main phase (Colaba's 1600 nT) and SC (450 nT) dominate the auroral term.
    CHECK(num(carrington.at("SINGAPORE"), "e_peak_v_per_km") >= num(levels.at("SINGAPORE"), "e_1000yr_v_per_km") * 0.999);
    std::ifstream in(dir / "c" / "report.md");
    const std::string report((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(report.find("named storm carrington-1859") != std::string::npos);
    CHECK(report.find("immune") == std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("return-period scenario files: errors name the [storm] key", "[cli][study][hazard][errors]") {
    const fs::path dir = swx::test::temp_dir("rp-bad");
    auto run = [&](const std::string& storm) { return swxrisk({"run", write_scenario(dir, global_study(dir / "out", storm))}); };
    struct Case {
        const char* storm;
        const char* message;
    };
    for (const Case& k : {Case{"hazard = \"gumbel\"", "[field storm.hazard]: unknown hazard model 'gumbel'"},
                          Case{"hazard = \"return-period\"\nreturn_periods_years = [10.5]", "[field storm.return_periods_years]"},
                          Case{"hazard = \"return-period\"\nreturn_periods_years = [100, 100]", "listed twice"},
                          Case{"hazard = \"return-period\"\nreturn_periods_years = []", "[field storm.return_periods_years]"},
                          Case{"hazard = \"return-period\"\nthreshold_a = 0", "[field storm.threshold_a]"},
                          Case{"hazard = \"return-period\"\ne_star_v_per_km = -1", "[field storm.e_star_v_per_km]"},
                          Case{"hazard = \"return-period\"\nscenario = \"nerc-benchmark\"", "give exactly one of"},
                          Case{"scenario = \"nerc-benchmark\"\nthreshold_a = 75", "belong to hazard = \"return-period\""},
                          Case{"scenario = \"carrington\"", "carrington-1859"},
                          Case{"hazard = \"return-period\"\nhazard_profile = \"nowhere.csv\"", "[field storm.hazard_profile]: input not found"}}) {
        INFO(k.storm);
        const Run r = run(k.storm);
        CHECK(r.code == swx::cli::exit_usage);
        CHECK(r.err.find(k.message) != std::string::npos);
        CHECK_FALSE(fs::exists(dir / "out"));
    }
    // A replacement profile that breaks a rule is an input error naming its file and line.
    std::ofstream(dir / "bad_profile.csv") << "abs_dipole_lat_deg,return_period_years,dbdt_nt_per_min,dbdt_lo_nt_per_min,"
                                              "dbdt_hi_nt_per_min,supported,source\n0,10,1,1,1,0,x\n";
    const Run r = run("hazard = \"return-period\"\nhazard_profile = \"" + (dir / "bad_profile.csv").string() + "\"");
    CHECK(r.code != swx::cli::exit_ok);
    CHECK(r.err.find("bad_profile.csv") != std::string::npos);
    CHECK(r.err.find("0 to 90") != std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("the NERC benchmark study gives exactly the transformer currents it gave before the hazard model (regression)",
          "[cli][study][regression]") {
    // tests/data/regression/southeast_nerc_benchmark_ieff_max_a.csv: ieff_max_a of every transformer of the
    // south-east US demo under nerc-benchmark, written by swxrisk before the return-period hazard was added
    // (the code's own past output: a regression value, not a validation — docs/testing.md). Issue 10 requires
    // the NERC scenarios to be unchanged.
    const fs::path dir = swx::test::temp_dir("nerc-regression");
    const Run r = swxrisk({"run", (se_dir / "scenario.toml").string(), "--out", (dir / "out").string(), "-q"});
    REQUIRE(r.code == swx::cli::exit_ok);
    // The transformers layer of sites.gpkg, through GDAL.
    GDALAllRegister();
    GDALDatasetH ds = GDALOpenEx((dir / "out" / "sites.gpkg").c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    REQUIRE(ds != nullptr);
    OGRLayerH layer = GDALDatasetGetLayerByName(ds, "transformers");
    REQUIRE(layer != nullptr);
    std::map<std::string, double> now;
    OGR_L_ResetReading(layer);
    while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
        now[OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "transformer_id"))] = OGR_F_GetFieldAsDouble(f, OGR_F_GetFieldIndex(f, "ieff_max_a"));
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    const Rows before = swx::test::read_csv(swx::test::data_dir / "regression" / "southeast_nerc_benchmark_ieff_max_a.csv");
    REQUIRE(before.size() == now.size());
    for (const auto& row : before) {
        INFO(row.at("transformer_id"));
        REQUIRE(now.count(row.at("transformer_id")) == 1);
        CHECK(now.at(row.at("transformer_id")) == Approx(num(row, "ieff_max_a")).epsilon(1e-12).margin(1e-9));
    }
    fs::remove_all(dir);
}
