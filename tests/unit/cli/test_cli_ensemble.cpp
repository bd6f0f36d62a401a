// swxrisk ensemble: end to end on the south-east US demo — every output written and readable with
// GDAL/OGR, identical bytes on one and two threads, the fixed-direction ensemble equal to the study's
// own result, and clear errors for bad [ensemble] tables.
#include <swx/cli/cli.hpp>

#include <catch2/catch.hpp>
#include <gdal.h>
#include <ogr_api.h>

#include "support/cli_run.hpp"
#include "support/temp_dir.hpp"
#include "test_paths.hpp"

#include <cmath>
#include <cstdint>
#include <vector>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using swx::test::read_csv;
using swx::test::swxrisk;
using swx::test::TempDir;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// The demo study's inputs (absolute paths) with the given [ensemble] tables.
std::string scenario(const std::string& ensemble, const std::string& extra = "") {
    const fs::path demo = swx::test::datasets_dir / "demo" / "southeast-us";
    std::ostringstream s;
    s << "[study]\nname = \"ensemble test\"\n[inputs]\nsites = \"" << (demo / "sites.geojson").string() << "\"\ngrid = \""
      << (swx::test::datasets_dir / "horton2012").string() << "\"\nearth_regions = \"" << (demo / "earth_regions.geojson").string()
      << "\"\n[storm]\nscenario = \"nerc-benchmark\"\nepoch = 2025.0\n" << extra << "[index]\ni0_a = 75.0\nsupply_radius_km = 50.0\n"
      << ensemble;
    return s.str();
}

const char* const uncertain = R"([ensemble]
members = 2000
seed = 7
grid_realizations = 40
members_hdf5 = true
[ensemble.storm]
distribution = "lognormal"
sigma_ln = 0.25
[ensemble.earth]
distribution = "lognormal"
sigma_ln = 0.2
[ensemble.earth.alternatives]
CP2 = { models = ["CP2", "CP1"], weights = [0.8, 0.2] }
[ensemble.grounding]
distribution = "lognormal"
sigma_ln = 0.5
[ensemble.winding_resistance]
distribution = "uniform"
percent = 15
[ensemble.outages]
transformer_probability = 0.01
)";

double num(const std::map<std::string, std::string>& row, const std::string& key) {
    REQUIRE(row.count(key) == 1);
    return row.at(key).empty() ? std::nan("") : std::stod(row.at(key));
}

}  // namespace

TEST_CASE("swxrisk ensemble: every output, readable, identical on 1 and 2 threads", "[cli][ensemble]") {
    TempDir dir;
    const std::string file = dir.write("study.toml", scenario(uncertain, "[area]\nbbox = [-89.0, 30.0, -79.0, 36.0]\nresolution_deg = 0.1\n"));
    const auto one = swxrisk({"ensemble", file, "--threads", "1", "--out", dir.str() + "/one", "-q"});
    INFO(one.err);
    REQUIRE(one.code == 0);
    const auto two = swxrisk({"ensemble", file, "--threads", "2", "--out", dir.str() + "/two"});
    REQUIRE(two.code == 0);
    CHECK(two.err.find("ETA") != std::string::npos);  // progress with an ETA on stderr
    CHECK(one.out.find("ensemble of 2000 members (seed 7)") != std::string::npos);
    for (const char* name : {"ensemble_sites.csv", "ensemble_transformers.csv"}) {
        CHECK(slurp(dir / ("one/" + std::string(name))) == slurp(dir / ("two/" + std::string(name))));
    }
    const auto sites = read_csv(dir / "one/ensemble_sites.csv");
    REQUIRE(!sites.empty());
    std::size_t supplied = 0;
    for (const auto& s : sites) {
        const double p = num(s, "p_exceed");
        if (std::isnan(p)) {
            CHECK(s.at("flags").find("no_supply") != std::string::npos);
            continue;
        }
        ++supplied;
        CHECK(p >= 0.0);
        CHECK(p <= 1.0);
        CHECK(num(s, "p_exceed_se") >= 0.0);
        CHECK(num(s, "ieff_q05_a") <= num(s, "ieff_q50_a"));
        CHECK(num(s, "ieff_q50_a") <= num(s, "ieff_q95_a"));
        CHECK(num(s, "members") == 2000.0);
    }
    CHECK(supplied > 0);
    const auto transformers = read_csv(dir / "one/ensemble_transformers.csv");
    REQUIRE(transformers.size() == 15);  // the Horton grid's transformers
    bool some_vary = false;
    for (const auto& t : transformers) {
        for (const char* col : {"transformer_id", "p_exceed", "p_exceed_se", "ieff_q05_a", "ieff_q50_a", "ieff_q95_a", "ieff_mean_a"}) {
            CHECK(t.count(col) == 1);
        }
        some_vary = some_vary || num(t, "ieff_q05_a") < num(t, "ieff_q95_a");
    }
    CHECK(some_vary);
    // The GeoPackage and the GeoTIFF, read back with GDAL.
    GDALAllRegister();
    GDALDatasetH gpkg = GDALOpenEx((dir / "one/ensemble_sites.gpkg").c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    REQUIRE(gpkg != nullptr);
    OGRLayerH layer = GDALDatasetGetLayerByName(gpkg, "ensemble_sites");
    REQUIRE(layer != nullptr);
    CHECK(OGR_L_GetFeatureCount(layer, TRUE) == static_cast<GIntBig>(sites.size()));
    CHECK(OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(layer), "p_exceed") >= 0);
    CHECK(GDALDatasetGetLayerByName(gpkg, "ensemble_transformers") != nullptr);
    GDALClose(gpkg);
    GDALDatasetH tif = GDALOpen((dir / "one/ensemble_p_exceed.tif").c_str(), GA_ReadOnly);
    REQUIRE(tif != nullptr);
    CHECK(GDALGetRasterXSize(tif) == 100);
    CHECK(GDALGetRasterYSize(tif) == 60);
    double minmax[2] = {0, 0};
    CHECK(GDALComputeRasterMinMax(GDALGetRasterBand(tif, 1), FALSE, minmax) == CE_None);
    CHECK(minmax[0] >= 0.0);
    CHECK(minmax[1] <= 1.0);
    CHECK(std::string(GDALGetMetadataItem(tif, "SWXRISK_MEMBERS", nullptr)) == "2000");
    GDALClose(tif);
    CHECK(fs::file_size(dir / "one/ensemble_members.h5") > 2000 * 12);
    // The convergence plot: a PNG that GDAL reads, with the first series' colour (31, 119, 180) drawn.
    GDALDatasetH png = GDALOpen((dir / "one/convergence.png").c_str(), GA_ReadOnly);
    REQUIRE(png != nullptr);
    CHECK(GDALGetRasterXSize(png) == 800);
    CHECK(GDALGetRasterCount(png) == 3);
    std::vector<std::uint8_t> rgb(3 * 800 * 480);
    REQUIRE(GDALDatasetRasterIO(png, GF_Read, 0, 0, 800, 480, rgb.data(), 800, 480, GDT_Byte, 3, nullptr, 1, 800, 800 * 480) == CE_None);
    std::size_t blue = 0;
    for (std::size_t i = 0; i < 800 * 480; ++i) {
        blue += (rgb[i] == 31 && rgb[800 * 480 + i] == 119 && rgb[2 * 800 * 480 + i] == 180) ? 1 : 0;
    }
    CHECK(blue > 50);
    GDALClose(png);
    const std::string report = slurp(dir / "one/report.md");
    CHECK(report.find("## Convergence") != std::string::npos);
    CHECK(report.find("![convergence](convergence.png)") != std::string::npos);
    CHECK(report.find("not annual probabilities") != std::string::npos);
    CHECK(report.find("immune") != std::string::npos);  // only as "no site is immune"
    CHECK(report.find("no site is immune") != std::string::npos);
    // An existing folder is refused without --overwrite, before any work.
    const auto again = swxrisk({"ensemble", file, "--out", dir.str() + "/one", "-q"});
    CHECK(again.code == 2);
}

TEST_CASE("a fixed-direction ensemble with nothing uncertain equals the study's own result", "[cli][ensemble]") {
    TempDir dir;
    const std::string file = dir.write("study.toml", scenario("[ensemble]\nmembers = 50\ndirection = \"fixed\"\n") +
                                                         "[outputs]\nfolder = \"" + dir.str() + "/study\"\n");
    REQUIRE(swxrisk({"run", file, "-q"}).code == 0);
    const auto ens = swxrisk({"ensemble", file, "-q"});
    INFO(ens.err);
    REQUIRE(ens.code == 0);
    const auto study = read_csv(dir / "study/sites.csv");
    const auto sites = read_csv(dir / "study-ensemble/ensemble_sites.csv");  // default folder: the study's + "-ensemble"
    REQUIRE(study.size() == sites.size());
    std::size_t compared = 0;
    for (std::size_t i = 0; i < sites.size(); ++i) {
        REQUIRE(study[i].at("site_id") == sites[i].at("site_id"));
        const double a = num(study[i], "ieff_max_a");
        const double q = num(sites[i], "ieff_q50_a");
        if (std::isnan(q)) {
            continue;
        }
        ++compared;
        // every member is the study itself: the median within the histogram's ±0.8 %, min = max = the study
        CHECK(std::abs(q - a) <= 0.008 * a + 1e-9);
        CHECK(num(sites[i], "ieff_max_a") == Approx(a).epsilon(1e-9));
        CHECK(num(sites[i], "p_exceed") == (a > 75.0 ? 1.0 : 0.0));
    }
    CHECK(compared > 0);
}

TEST_CASE("swxrisk ensemble: the storm within the hazard model's band", "[cli][ensemble]") {
    TempDir dir;
    const fs::path demo = swx::test::datasets_dir / "demo" / "southeast-us";
    auto study = [&](const std::string& storm, const std::string& ensemble) {
        std::ostringstream s;
        s << "[study]\nname = \"band test\"\n[inputs]\nsites = \"" << (demo / "sites.geojson").string() << "\"\ngrid = \""
          << (swx::test::datasets_dir / "horton2012").string() << "\"\nearth_regions = \"" << (demo / "earth_regions.geojson").string()
          << "\"\n[storm]\n" << storm << "epoch = 2025.0\n[index]\ni0_a = 75.0\nsupply_radius_km = 50.0\n" << ensemble;
        return s.str();
    };
    const std::string hazard = "hazard = \"return-period\"\nreturn_periods_years = [10, 100, 1000]\n";
    const std::string band = "[ensemble]\nmembers = 2000\nseed = 11\ndirection = \"fixed\"\n[ensemble.storm]\ndistribution = \"band\"\nband_z = 1.645\n";
    const auto r = swxrisk({"ensemble", dir.write("band.toml", study(hazard, band)), "--out", dir.str() + "/band", "-q"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    const std::string report = slurp(dir.path() / "band" / "report.md");
    CHECK(report.find("within the hazard model's band") != std::string::npos);
    CHECK(report.find("`band_z`") != std::string::npos);
    CHECK(report.find("90 % of the members inside the band") != std::string::npos);
    // The median member is at the central field (z = 0) and each transformer at its worst direction, as
    // the study: the median is the study's own current within the histogram's 0.8 % and the draw's
    // ≈ 1 %; the band spreads the members on both sides of it.
    const auto rows = read_csv(dir.path() / "band" / "ensemble_transformers.csv");
    REQUIRE(rows.size() == 15);
    std::size_t carrying = 0;
    for (const auto& row : rows) {
        const double nominal = num(row, "ieff_nominal_a");
        if (!(nominal > 0.1)) {
            continue;
        }
        ++carrying;
        INFO(row.at("transformer_id") << ": nominal " << nominal << " A, q05/q50/q95 " << row.at("ieff_q05_a") << " "
                                      << row.at("ieff_q50_a") << " " << row.at("ieff_q95_a"));
        CHECK(std::abs(num(row, "ieff_q50_a") / nominal - 1.0) < 0.03);
        CHECK(num(row, "ieff_q05_a") < 0.9 * nominal);
        CHECK(num(row, "ieff_q95_a") > 1.1 * nominal);
    }
    CHECK(carrying > 5);
    // A NERC scenario has no band; band_z only with the band; band_z in range.
    struct Bad {
        std::string storm, table, says;
    };
    for (const Bad& b : {Bad{"scenario = \"nerc-benchmark\"\n", band, "ensemble.storm.distribution"},
                         Bad{hazard, "[ensemble]\nmembers = 10\n[ensemble.storm]\ndistribution = \"lognormal\"\nsigma_ln = 0.2\nband_z = 2\n",
                             "ensemble.storm.band_z"},
                         Bad{hazard, "[ensemble]\nmembers = 10\n[ensemble.storm]\ndistribution = \"band\"\nband_z = 9\n", "ensemble.storm.band_z"},
                         Bad{hazard, "[ensemble]\nmembers = 10\n[ensemble.storm]\ndistribution = \"band\"\nsigma_ln = 0.2\n", "sigma_ln"}}) {
        const auto e = swxrisk({"ensemble", dir.write("bad.toml", study(b.storm, b.table)), "--out", dir.str() + "/bad", "-q"});
        INFO(b.table << "\n" << e.err);
        CHECK(e.code == 2);
        CHECK(e.err.find(b.says) != std::string::npos);
    }
}

TEST_CASE("swxrisk ensemble: the ground drawn per region or per model", "[cli][ensemble][validation]") {
    TempDir dir;
    const fs::path demo = swx::test::datasets_dir / "demo" / "southeast-us";
    // The Horton grid's lines cross two of the demo's regions, the Piedmont (PT1) and the Appalachian
    // Plateaus (AP1). Give the plateaus the Piedmont's model: two regions of PT1, drawn together per
    // model and apart per region.
    std::string regions = slurp(demo / "earth_regions.geojson");
    const std::string ap1 = "\"model\": \"AP1\"";
    REQUIRE(regions.find(ap1) != std::string::npos);
    const std::string shared_file = dir.write("shared_regions.geojson", regions.replace(regions.find(ap1), ap1.size(), "\"model\": \"PT1\""));
    const double threshold = 20.0;
    const double sigma = 0.5;
    auto study = [&](const std::string& earth) {
        std::ostringstream s;
        s << "[study]\nname = \"per region test\"\n[inputs]\nsites = \"" << (demo / "sites.geojson").string() << "\"\ngrid = \""
          << (swx::test::datasets_dir / "horton2012").string() << "\"\nearth_regions = \"" << shared_file
          << "\"\n[storm]\nscenario = \"nerc-benchmark\"\nepoch = 2025.0\n[index]\ni0_a = 75.0\nsupply_radius_km = 50.0\n"
          << "[ensemble]\nmembers = 4000\nseed = 5\nthreshold_a = " << threshold
          << "\ndirection = \"fixed\"\n[ensemble.earth]\ndistribution = \"lognormal\"\nsigma_ln = " << sigma << "\n" << earth;
        return s.str();
    };
    auto run = [&](const std::string& name, const std::string& text) {
        const auto r = swxrisk({"ensemble", dir.write(name + ".toml", text), "--out", dir.str() + "/" + name, "-q"});
        INFO(r.err);
        REQUIRE(r.code == 0);
        return read_csv(dir.path() / name / "ensemble_transformers.csv");
    };
    const auto by_model = run("model", study(""));
    const auto by_region = run("region", study("per = \"region\"\n"));
    CHECK(slurp(dir.path() / "region" / "report.md").find("independent per region: 2 regions crossed by lines") != std::string::npos);
    CHECK(slurp(dir.path() / "model" / "report.md").find("the regions of one model draw together") != std::string::npos);
    REQUIRE(by_model.size() == 15);
    REQUIRE(by_region.size() == 15);
    // Per model the whole field is PT1's, one lognormal factor F in a member: Ieff = F·I_nominal at every
    // transformer (each at its worst direction), so P(Ieff > T) = 1 − Φ(ln(T/I_nominal)/σ) — within 3
    // standard errors. Per region the two regions' factors are independent: transformers fed from both
    // spread less, and their probabilities move away from the one-factor value.
    std::size_t checked = 0;
    double largest_shift_se = 0.0;
    for (std::size_t i = 0; i < by_model.size(); ++i) {
        const double nominal = num(by_model[i], "ieff_nominal_a");
        CHECK(by_model[i].at("ieff_nominal_a") == by_region[i].at("ieff_nominal_a"));
        if (!(nominal > 1.0)) {
            continue;
        }
        ++checked;
        const double p = 0.5 * std::erfc(std::log(threshold / nominal) / sigma / std::sqrt(2.0));
        const double se = std::sqrt(p * (1.0 - p) / 4000.0);
        INFO(by_model[i].at("transformer_id") << ": nominal " << nominal << " A, p analytic " << p << ", per model " << by_model[i].at("p_exceed")
                                              << ", per region " << by_region[i].at("p_exceed"));
        CHECK(std::abs(num(by_model[i], "p_exceed") - p) < 3.0 * se + 1e-12);
        largest_shift_se = std::max(largest_shift_se, std::abs(num(by_region[i], "p_exceed") - p) / std::max(se, 1e-3));
    }
    CHECK(checked > 5);
    CHECK(largest_shift_se > 5.0);
    // An alternative keyed by a region's id applies to that region only, and the report names it.
    run("keyed", study("per = \"region\"\n[ensemble.earth.alternatives]\npt1 = { models = [\"CP2\"] }\n"));
    CHECK(slurp(dir.path() / "keyed" / "report.md").find("ground under region pt1 (PT1) | one of CP2") != std::string::npos);
    const auto bad = swxrisk({"ensemble", dir.write("bad.toml", study("per = \"county\"\n")), "--out", dir.str() + "/bad", "-q"});
    CHECK(bad.code == 2);
    CHECK(bad.err.find("ensemble.earth.per") != std::string::npos);
}

TEST_CASE("swxrisk ensemble: type priors that no transformer is eligible for are reported and not drawn", "[cli][ensemble]") {
    TempDir dir;
    // The Horton grid gives every transformer's type: none lists it in `assumed`.
    const auto r = swxrisk({"ensemble",
                            dir.write("types.toml", scenario("[ensemble]\nmembers = 200\n[ensemble.transformer_types]\n"
                                                             "[[ensemble.transformer_types.class]]\nkv_min = 0\ntypes = [\"gsu\", \"d_d\"]\n")),
                            "--out", dir.str() + "/types"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(r.err.find("ensemble_types_unused") != std::string::npos);
    const std::string report = slurp(dir.path() / "types" / "report.md");
    CHECK(report.find("grid realizations 1.") != std::string::npos);  // one grid for all members, not one each
    CHECK(report.find("per transformer and grid realization | as in the grid |") != std::string::npos);
}

TEST_CASE("swxrisk ensemble: clear errors for a missing or bad [ensemble] table", "[cli][ensemble]") {
    TempDir dir;
    const auto none = swxrisk({"ensemble", dir.write("none.toml", scenario(""))});
    CHECK(none.code == 2);
    CHECK(none.err.find("no [ensemble] table") != std::string::npos);
    struct Bad {
        const char* table;
        const char* says;
    };
    for (const Bad& b : {Bad{"[ensemble]\nmembers = 0\n", "ensemble.members"}, Bad{"[ensemble]\nseed = 3\n", "ensemble.members"},
                         Bad{"[ensemble]\nmembers = 10\ndirection = \"north\"\n", "ensemble.direction"},
                         Bad{"[ensemble]\nmembers = 10\n[ensemble.grounding]\ndistribution = \"lognormal\"\n", "ensemble.grounding.sigma_ln"},
                         Bad{"[ensemble]\nmembers = 10\n[ensemble.grounding]\ndistribution = \"gamma\"\n", "ensemble.grounding.distribution"},
                         Bad{"[ensemble]\nmembers = 10\n[ensemble.line_resistance]\ndistribution = \"uniform\"\npercent = 100\n",
                             "ensemble.line_resistance.percent"},
                         Bad{"[ensemble]\nmembers = 10\n[ensemble.outages]\nline_probability = 1.5\n", "ensemble.outages.line_probability"},
                         Bad{"[ensemble]\nmembers = 10\ngrid_realizations = 5\n", "ensemble.grid_realizations"},
                         Bad{"[ensemble]\nmembers = 10\nmembrs = 5\n", "membrs"},
                         Bad{"[ensemble]\nmembers = 10\n[ensemble.earth.alternatives]\nCP2 = { models = [\"CP2\", \"NOPE\"] }\n", "NOPE"}}) {
        const auto r = swxrisk({"ensemble", dir.write("bad.toml", scenario(b.table)), "--out", dir.str() + "/bad", "-q"});
        INFO(b.table << "\n" << r.err);
        CHECK(r.code == 2);
        CHECK(r.err.find(b.says) != std::string::npos);
    }
}

TEST_CASE("swxrisk ensemble: clear errors for a bad [ensemble.transformer_types] table", "[cli][ensemble]") {
    TempDir dir;
    struct Bad {
        const char* table;
        const char* says;
    };
    const std::string head = "[ensemble]\nmembers = 10\n[ensemble.transformer_types]\n";
    for (const Bad& b : {Bad{"[[ensemble.transformer_types.class]]\nkv_min = 0\ntypes = [\"gsu\", \"wye\"]\n", "wye"},
                         Bad{"[[ensemble.transformer_types.class]]\nkv_min = 0\ntypes = [\"gsu\", \"d_d\"]\nweights = [1.0]\n",
                             "ensemble.transformer_types.class.weights"},
                         Bad{"[[ensemble.transformer_types.class]]\nkv_min = 0\ntypes = [\"gsu\"]\nweights = [-1.0]\n",
                             "ensemble.transformer_types.class.weights"},
                         Bad{"[[ensemble.transformer_types.class]]\nkv_min = 0\ntypes = [\"gsu\", \"d_d\"]\nweights = [0, 0]\n",
                             "must not all be 0"},
                         Bad{"[[ensemble.transformer_types.class]]\nkv_min = 100\ntypes = [\"gsu\"]\n", "kv_min = 0"},
                         Bad{"[[ensemble.transformer_types.class]]\nkv_min = 0\ntypes = [\"gsu\"]\n"
                             "[[ensemble.transformer_types.class]]\nkv_min = 0\ntypes = [\"auto\"]\n",
                             "ensemble.transformer_types.class"},
                         Bad{"apply_to = \"some\"\n[[ensemble.transformer_types.class]]\nkv_min = 0\ntypes = [\"gsu\"]\n",
                             "ensemble.transformer_types.apply_to"},
                         Bad{"aply_to = \"all\"\n[[ensemble.transformer_types.class]]\nkv_min = 0\ntypes = [\"gsu\"]\n", "aply_to"},
                         Bad{"[[ensemble.transformer_types.class]]\nkv_min = 0\ntype = [\"gsu\"]\n", "ensemble.transformer_types.class.type"},
                         Bad{"[[ensemble.transformer_types.class]]\nkv_min = 0\ntypes = []\n", "ensemble.transformer_types.class.types"},
                         Bad{"apply_to = \"all\"\n", "ensemble.transformer_types.class"}}) {
        const auto r = swxrisk({"ensemble", dir.write("bad.toml", scenario(head + b.table)), "--out", dir.str() + "/bad", "-q"});
        INFO(b.table << "\n" << r.err);
        CHECK(r.code == 2);
        CHECK(r.err.find(b.says) != std::string::npos);
    }
    // A valid table: every transformer's type drawn, and the report says how and that it is a convention.
    const std::string good = "[ensemble]\nmembers = 20\n[ensemble.transformer_types]\napply_to = \"all\"\n"
                             "[[ensemble.transformer_types.class]]\nkv_min = 300\ntypes = [\"autotransformer\", \"gy_gy\"]\n"
                             "[[ensemble.transformer_types.class]]\nkv_min = 0\ntypes = [\"gsu\", \"gy_gy\", \"auto\"]\nweights = [0.3, 0.3, 0.4]\n";
    const auto ok = swxrisk({"ensemble", dir.write("good.toml", scenario(good)), "--out", dir.str() + "/good", "-q"});
    INFO(ok.err);
    REQUIRE(ok.code == 0);
    const std::string report = slurp(dir / "good/report.md");
    CHECK(report.find("| transformer type (winding configuration), per transformer and grid realization | drawn for 15 of 15 transformers") !=
          std::string::npos);
    CHECK(report.find("HV ≥ 0 kV (or unknown): gsu 30 %, gy_gy 30 %, auto 40 %; HV ≥ 300 kV: auto 50 %, gy_gy 50 %") != std::string::npos);
    CHECK(report.find("convention") != std::string::npos);
    CHECK(report.find("grid realizations 20") != std::string::npos);
}
