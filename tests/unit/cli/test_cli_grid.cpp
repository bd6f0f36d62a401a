// swxrisk grid build: a public line map -> an ordinary grid that gic and info read, assumed values marked.
#include <swx/cli/cli.hpp>

#include <catch2/catch.hpp>

#include "support/cli_run.hpp"
#include "support/temp_dir.hpp"
#include "test_paths.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using swx::test::swxrisk;

namespace {

// A tiny GridKit-style map written here (not OpenStreetMap data): a 345/138 kV substation, a tap, a plant.
void write_map(const swx::test::TempDir& dir) {
    (void)dir.write("v.csv",
                    "v_id#lon#lat#typ#voltage#frequency#name#operator#ref#source#n_gen#capacity#net_capacity#wkt_srid_4326\n"
                    "1#-75.0#40.0#substation#345000;138000##Alpha#######SRID=4326;POINT(-75.0 40.0)\n"
                    "2#-74.5#40.2#joint##########SRID=4326;POINT(-74.5 40.2)\n"
                    "3#-74.0#40.0#plant#345000##Beta####2#500##SRID=4326;POINT(-74.0 40.0)\n");
    (void)dir.write("l.csv",
                    "l_id#v_id_1#v_id_2#voltage#cables#wires#frequency#name#operator#ref#length_m#r_ohmkm#x_ohmkm#c_nfkm#i_th_max_"
                    "a#from_relation#wkt_srid_4326#type\n"
                    "10#1#2#345000;345000#3;3##60####45000#####''#SRID=4326;LINESTRING(-75.0 40.0,-74.7 40.1,-74.5 40.2)#line\n"
                    "11#2#3#345000#3##60####48000#####''#SRID=4326;LINESTRING(-74.5 40.2,-74.0 40.0)#line\n"
                    "12#1#3#138000#3##60####85000#####''#SRID=4326;LINESTRING(-75.0 40.0,-74.0 40.0)#line\n");
}

}  // namespace

TEST_CASE("grid build writes a grid that gic and info read, with the assumed values counted", "[cli][grid_build]") {
    const swx::test::TempDir dir("cli-grid-build");
    write_map(dir);
    const std::string out = (dir / "built.gpkg").string();
    const auto built = swxrisk({"grid", "build", "--lines", (dir / "l.csv").string(), "--substations", (dir / "v.csv").string(), "--out", out});
    INFO(built.out << built.err);
    REQUIRE(built.code == 0);
    CHECK(built.out.find("3 lines -> 4 circuits") != std::string::npos);
    CHECK(built.out.find("lines.r_ohm 4") != std::string::npos);
    REQUIRE(fs::exists(out));

    const auto info = swxrisk({"info", "--grid", out});
    INFO(info.out << info.err);
    CHECK(info.code == 0);
    CHECK(info.out.find("assumed") != std::string::npos);
    CHECK(info.out.find("lines.r_ohm 4") != std::string::npos);
    CHECK(info.out.find("transformers.type 3") != std::string::npos);  // 345/138 kV autos at 1 and 3, the plant GSU
    const auto json = swxrisk({"info", "--grid", out, "--format", "json"});
    CHECK(json.out.find("\"assumed\": {") != std::string::npos);
    CHECK(json.out.find("\"substations.grounding_ohm\": 2") != std::string::npos);

    const auto gic = swxrisk({"gic", "--grid", out, "--e-v-per-km", "1", "--azimuth-deg", "90", "--out", (dir / "gic").string()});
    INFO(gic.out << gic.err);
    CHECK(gic.code == 0);
    const auto rows = swx::test::read_csv(dir / "gic" / "transformers.csv");
    CHECK(rows.size() == 3);

    // Whole or nothing: an existing output is refused (exit 2) and left as it was.
    const auto size = fs::file_size(out);
    const auto again = swxrisk({"grid", "build", "--lines", (dir / "l.csv").string(), "--substations", (dir / "v.csv").string(), "--out", out});
    CHECK(again.code == 2);
    CHECK(fs::file_size(out) == size);
}

TEST_CASE("grid build: bad input exits 2 naming file, line and field, and writes nothing", "[cli][grid_build]") {
    const swx::test::TempDir dir("cli-grid-build-bad");
    write_map(dir);
    std::ofstream(dir / "l.csv", std::ios::app)
        << "13#1#3#138000#3##60####85000#####''#SRID=4326;LINESTRING(-75.0 40.0,-74.0)#line\n";
    const std::string out = (dir / "built.gpkg").string();
    const auto r = swxrisk({"grid", "build", "--lines", (dir / "l.csv").string(), "--substations", (dir / "v.csv").string(), "--out", out});
    CHECK(r.code == 2);
    CHECK(r.err.find("l.csv") != std::string::npos);
    CHECK(r.err.find("line 5 (id 13)") != std::string::npos);
    CHECK(r.err.find("wkt_srid_4326") != std::string::npos);
    CHECK_FALSE(fs::exists(out));
    const auto usage = swxrisk({"grid", "build", "--lines", (dir / "l.csv").string(), "--out", out});
    CHECK(usage.code == 2);
}

TEST_CASE("a site supplied by a built grid is flagged network_assumed with the Ieff range", "[cli][grid_build][study]") {
    const swx::test::TempDir dir("cli-grid-build-site");
    write_map(dir);
    const std::string grid = (dir / "built.gpkg").string();
    REQUIRE(swxrisk({"grid", "build", "--lines", (dir / "l.csv").string(), "--substations", (dir / "v.csv").string(), "--out", grid}).code == 0);
    (void)dir.write("sites.geojson",
                    R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"S1","supply_substations":"1"},)"
                    R"("geometry":{"type":"Point","coordinates":[-75.01,40.01]}}]})");
    (void)dir.write("s.toml", "[inputs]\nsites = \"" + (dir / "sites.geojson").string() + "\"\ngrid = \"" + grid +
                                  "\"\nearth_model = \"QUE\"\n[storm]\nscenario = \"nerc-benchmark\"\n[outputs]\nfolder = \"" +
                                  (dir / "out").string() + "\"\n");
    const auto r = swxrisk({"run", (dir / "s.toml").string()});
    INFO(r.out << r.err);
    REQUIRE(r.code == 0);
    const auto rows = swx::test::read_csv(dir / "out" / "sites.csv");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].at("flags").find("network_assumed") != std::string::npos);
    const double ieff = std::stod(rows[0].at("ieff_max_a"));
    const double low = std::stod(rows[0].at("ieff_low_a"));
    const double high = std::stod(rows[0].at("ieff_high_a"));
    CHECK(ieff > 0.0);
    CHECK(low < ieff);
    CHECK(high > ieff);
    std::ifstream report(dir / "out" / "report.md");
    const std::string text((std::istreambuf_iterator<char>(report)), std::istreambuf_iterator<char>());
    CHECK(text.find("assumed values") != std::string::npos);
    CHECK(r.err.find("network_assumed") != std::string::npos);
}

TEST_CASE("grid export writes PSS/E and MATPOWER-GMD cases that solve like the grid they came from", "[cli][grid_build]") {
    const swx::test::TempDir dir("cli-grid-export");
    const std::string horton = (swx::test::datasets_dir / "horton2012").string();
    const auto solve = [&](std::vector<std::string> grid_args, const std::string& name) {
        std::vector<std::string> args{"gic"};
        args.insert(args.end(), grid_args.begin(), grid_args.end());
        for (const char* a : {"--e-v-per-km", "1", "--azimuth-deg", "90", "--distance", "nerc", "--out"}) {
            args.emplace_back(a);
        }
        args.push_back((dir / name).string());
        const auto r = swxrisk(args);
        INFO(r.out << r.err);
        REQUIRE(r.code == 0);
        std::map<std::string, double> ground;
        for (const auto& row : swx::test::read_csv(dir / name / "substations.csv")) {
            ground[row.at("substation_id")] = std::stod(row.at("ground_gic_a"));
        }
        return ground;
    };
    const auto original = solve({"--grid", horton}, "original");
    REQUIRE(original.size() == 8);

    const std::string raw = (dir / "horton.raw").string();
    const auto exported = swxrisk({"grid", "export", "--grid", horton, "--format", "psse", "--out", raw});
    INFO(exported.out << exported.err);
    REQUIRE(exported.code == 0);
    REQUIRE(fs::exists(dir / "horton.gic"));
    const auto from_psse = solve({"--grid", raw, "--gic", (dir / "horton.gic").string()}, "psse");

    const std::string m = (dir / "horton.m").string();
    REQUIRE(swxrisk({"grid", "export", "--grid", horton, "--format", "matpower", "--out", m}).code == 0);
    const auto from_m = solve({"--grid", m}, "matpower");
    for (const auto& [id, a] : original) {
        INFO("substation " << id);
        CHECK_THAT(from_psse.at(id), Catch::Matchers::WithinAbs(a, 1e-4));  // CSV keeps 10 digits
        CHECK_THAT(from_m.at(id), Catch::Matchers::WithinAbs(a, 1e-4));
    }
    // an existing target is refused without --overwrite, and a wrong extension is a usage error
    CHECK(swxrisk({"grid", "export", "--grid", horton, "--format", "psse", "--out", raw}).code == 2);
    CHECK(swxrisk({"grid", "export", "--grid", horton, "--format", "psse", "--out", (dir / "x.m").string()}).code == 2);
}
