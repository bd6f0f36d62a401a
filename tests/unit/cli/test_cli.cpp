#include <swx/cli/cli.hpp>

#include <catch2/catch.hpp>

#include "support/cli_run.hpp"
#include "support/grid_fixture.hpp"
#include "test_paths.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using swx::test::Run;
using swx::test::swxrisk;
using swx::test::read_csv;
using swx::test::GridFixture;

namespace {


std::string horton() { return (swx::test::datasets_dir / "horton2012").string(); }

std::vector<std::string> csv_lines(const fs::path& p) {
    std::ifstream in(p);
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) {
        lines.push_back(l);
    }
    return lines;
}

}  // namespace

TEST_CASE("swxrisk --version prints the version", "[cli]") {
    const Run r = swxrisk({"--version"});
    CHECK(r.code == swx::cli::exit_ok);
    CHECK(r.out.find('.') != std::string::npos);
}

TEST_CASE("an unknown command is a usage error", "[cli]") {
    const Run r = swxrisk({"frobnicate"});
    CHECK(r.code == swx::cli::exit_usage);
    CHECK(r.err.find("ERROR") != std::string::npos);
}

TEST_CASE("--help on every command", "[cli]") {
    for (const char* cmd : {"gic", "info"}) {
        const Run r = swxrisk({cmd, "--help"});
        INFO(cmd);
        CHECK(r.code == swx::cli::exit_ok);
        CHECK(r.out.find("--grid") != std::string::npos);
    }
    const Run top = swxrisk({"--help"});
    CHECK(top.code == swx::cli::exit_ok);
    CHECK(top.out.find("gic") != std::string::npos);
}

TEST_CASE("swxrisk gic writes the five result files for the Horton case", "[cli][gdal]") {
    const fs::path out = swx::test::temp_dir("cli-gic") / "result";
    const Run r = swxrisk({"gic", "--grid", horton(), "--e-v-per-km", "1", "--azimuth-deg", "90", "--distance", "nerc",
                           "--sweep", "--out", out.string()});
    INFO(r.err);
    REQUIRE(r.code == swx::cli::exit_ok);
    for (const char* f : {"substations.csv", "buses.csv", "transformers.csv", "lines.csv", "gic.gpkg"}) {
        CHECK(fs::exists(out / f));
    }
    const auto subs = csv_lines(out / "substations.csv");
    REQUIRE(subs.size() == 9);
    CHECK(subs[0].rfind("substation_id,name,ground_gic_a,neutral_voltage_v", 0) == 0);
    const auto buses = csv_lines(out / "buses.csv");
    CHECK(buses[0] == "bus_id,substation_id,dc_voltage_v");
    CHECK(buses.size() == 19);
    CHECK(subs[6].rfind("6,Substation 6,354.52", 0) == 0);  // Table VII east: 354.52 A
    const auto trans = csv_lines(out / "transformers.csv");
    CHECK(trans[0] == "transformer_id,substation_id,type,i_hv_a,i_lv_a,ieff_a,qloss_mvar,ieff_max_a,worst_azimuth_deg,qloss_max_mvar,"
                      "neutral_blocked,k_factor,k_assumed");
    CHECK(r.out.find("default K 1.80 assumed for 15 of 15 transformers") != std::string::npos);
    const auto lines = csv_lines(out / "lines.csv");
    CHECK(lines[0].rfind("line_id,from_bus,to_bus,emf_v,gic_a", 0) == 0);
    CHECK(lines.size() == 16);
    CHECK(r.out.find("354.52") != std::string::npos);
    // no staging folder left behind
    for (const auto& entry : fs::directory_iterator(out.parent_path())) {
        CHECK(entry.path().filename().string().find("partial") == std::string::npos);
    }
    fs::remove_all(out.parent_path());
}

TEST_CASE("swxrisk gic: bad input exits 2 and leaves no output folder", "[cli][errors]") {
    GridFixture fx;
    fx.lines = swx::test::replace(fx.lines, R"("to_bus":"B500")", R"("to_bus":"nowhere")");
    const fs::path dir = swx::test::temp_dir("cli-bad");
    fx.write(dir / "grid");
    const fs::path out = dir / "result";
    const Run r = swxrisk({"gic", "--grid", (dir / "grid").string(), "--out", out.string()});
    CHECK(r.code == swx::cli::exit_usage);
    CHECK(r.err.find("[layer lines, feature L1, field to_bus]: unknown buses id 'nowhere'") != std::string::npos);
    CHECK_FALSE(fs::exists(out));
    for (const auto& entry : fs::directory_iterator(dir)) {
        CHECK(entry.path().filename().string().find("partial") == std::string::npos);
    }
    fs::remove_all(dir);
}

TEST_CASE("swxrisk gic refuses a non-empty output folder without --overwrite", "[cli][errors]") {
    const fs::path out = swx::test::temp_dir("cli-exists");
    std::ofstream(out / "keep.txt") << "user data";
    const Run r = swxrisk({"gic", "--grid", horton(), "--out", out.string()});
    CHECK(r.code == swx::cli::exit_usage);
    CHECK(r.err.find("already exists") != std::string::npos);
    CHECK(r.err.find("--overwrite") != std::string::npos);
    CHECK(fs::exists(out / "keep.txt"));
    const Run again = swxrisk({"gic", "--grid", horton(), "--out", out.string(), "--overwrite", "-q"});
    CHECK(again.code == swx::cli::exit_ok);
    CHECK(fs::exists(out / "substations.csv"));
    CHECK(fs::exists(out / "keep.txt"));
    fs::remove_all(out);
}

TEST_CASE("swxrisk gic: usage errors", "[cli][errors]") {
    CHECK(swxrisk({"gic", "--out", "x"}).code == swx::cli::exit_usage);  // --grid missing
    const Run bad = swxrisk({"gic", "--grid", horton(), "--out", "x", "--distance", "flat"});
    CHECK(bad.code == swx::cli::exit_usage);
    CHECK(bad.err.find("--distance") != std::string::npos);
    CHECK(swxrisk({"gic", "--grid", horton(), "--out", "x", "--e-v-per-km", "-3"}).code == swx::cli::exit_usage);
    const Run missing = swxrisk({"gic", "--grid", "/nonexistent/grid.gpkg", "--out", "/tmp/never-written"});
    CHECK(missing.code == swx::cli::exit_usage);
    CHECK(missing.err.find("no such file") != std::string::npos);
    CHECK_FALSE(fs::exists("/tmp/never-written"));
}

TEST_CASE("swxrisk info summarises the grid and flags suspicious data", "[cli]") {
    const Run r = swxrisk({"info", "--grid", horton()});
    CHECK(r.code == swx::cli::exit_ok);
    CHECK(r.out.find("substations  8") != std::string::npos);
    CHECK(r.out.find("transformers 15") != std::string::npos);
    GridFixture fx;
    fx.substations = swx::test::replace(fx.substations, R"("grounding_ohm":0.5)", R"("grounding_ohm":75)");
    fx.lines = swx::test::replace(fx.lines, R"("r_ohm":2.0)", R"("r_ohm":60.0)");
    const fs::path dir = fx.write(swx::test::temp_dir("cli-info"));
    const Run w = swxrisk({"info", "--grid", dir.string()});
    CHECK(w.code == swx::cli::exit_ok);
    CHECK(w.err.find("[grounding_range]") != std::string::npos);
    CHECK(w.err.find("feature B") != std::string::npos);
    CHECK(w.err.find("[line_resistance]") != std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("swxrisk info on the bundled Horton grid: no long_line warnings for its 345/500 kV lines", "[cli][info]") {
    // Its longest lines are 160.5 km at 345 kV and 321.8 km at 500 kV, under the voltage-dependent screening
    // length (1 km per kV); a flat 160 km limit flagged 10 of its 15 lines.
    const Run r = swxrisk({"info", "--grid", horton()});
    CHECK(r.code == swx::cli::exit_ok);
    CHECK(r.err.find("[long_line]") == std::string::npos);
    CHECK(r.out.find("0 warning(s)") != std::string::npos);
}

namespace {

/// A grid with two warnings, one on a substation whose id holds a quote, a backslash and a comma.
fs::path info_fixture(const std::string& tag) {
    GridFixture fx;
    fx.substations = swx::test::replace(fx.substations, R"("id":"B","name":"Bravo","grounding_ohm":0.5)",
                                        R"("id":"B\"q\\,x","name":"Bravo","grounding_ohm":75)");
    fx.buses = swx::test::replace(fx.buses, R"("id":"B500","substation_id":"B")", R"("id":"B500","substation_id":"B\"q\\,x")");
    fx.buses = swx::test::replace(fx.buses, R"("id":"B230","substation_id":"B")", R"("id":"B230","substation_id":"B\"q\\,x")");
    fx.lines = swx::test::replace(fx.lines, R"("r_ohm":2.0)", R"("r_ohm":60.0)");
    return fx.write(swx::test::temp_dir(tag));
}

/// Runs python3 on `script` with `file` as its argument; its exit status.
int python_check(const std::string& script, const fs::path& file) {
    const fs::path py = file.parent_path() / "check.py";
    std::ofstream(py) << script;
    return std::system(("/usr/bin/python3 '" + py.string() + "' '" + file.string() + "'").c_str());
}

}  // namespace

TEST_CASE("swxrisk info --format json: the summary and the warnings as one JSON object", "[cli][info]") {
    const fs::path dir = info_fixture("cli-info-json");
    const Run r = swxrisk({"info", "--grid", dir.string(), "--format", "json"});
    REQUIRE(r.code == swx::cli::exit_ok);
    CHECK(r.err.empty());  // everything is on stdout
    const fs::path out = dir / "info.json";
    std::ofstream(out) << r.out;
    // Python's json module is the independent parser.
    CHECK(python_check(R"(import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["substations"] == 3 and d["buses"] == 6 and d["dc_nodes"] > 0, d
assert d["transformers"]["count"] == 3 and d["transformers"]["by_type"]["auto"] == 1, d
assert d["lines"]["count"] == 3 and d["lines"]["dc_blocked"] == 0, d
codes = sorted(w["code"] for w in d["warnings"])
assert codes == ["grounding_range", "line_resistance"], codes
g = [w for w in d["warnings"] if w["code"] == "grounding_range"][0]
assert g["feature_id"] == 'B"q\,x' and g["severity"] == "warning" and "75" in g["message"], g
)", out) == 0);
    fs::remove_all(dir);
}

TEST_CASE("swxrisk info --format csv: one row per warning", "[cli][info]") {
    const fs::path dir = info_fixture("cli-info-csv");
    const Run r = swxrisk({"info", "--grid", dir.string(), "--format", "csv"});
    REQUIRE(r.code == swx::cli::exit_ok);
    CHECK(r.err.empty());
    CHECK(r.out.rfind("severity,code,feature_id,location,message\n", 0) == 0);
    const fs::path out = dir / "info.csv";
    std::ofstream(out) << r.out;
    CHECK(python_check(R"(import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
assert [r["code"] for r in rows] == ["grounding_range", "line_resistance"], rows
assert rows[0]["feature_id"] == 'B"q\,x' and rows[1]["feature_id"] == "L1", rows
assert "higher than typical" in rows[1]["message"], rows
)", out) == 0);
    CHECK(swxrisk({"info", "--grid", dir.string(), "--format", "xml"}).code == swx::cli::exit_usage);
    fs::remove_all(dir);
}

TEST_CASE("the swxrisk executable runs as a process with the same exit codes", "[cli][process]") {
    const std::string exe = swx::test::swxrisk_exe();
    if (exe.empty() || !fs::exists(exe)) {
        WARN("skipped: SWXRISK_EXE not set (run through ctest)");
        return;
    }
    const fs::path dir = swx::test::temp_dir("cli-process");
    const std::string ok = exe + " gic --grid " + horton() + " --distance nerc --out " + (dir / "r").string() + " > " +
                           (dir / "stdout.txt").string() + " 2>&1";
    CHECK(std::system(ok.c_str()) == 0);
    CHECK(fs::exists(dir / "r" / "gic.gpkg"));
    const std::string bad = exe + " gic --grid " + (dir / "nope").string() + " --out " + (dir / "r2").string() + " 2> " +
                            (dir / "stderr.txt").string();
    const int status = std::system(bad.c_str());
    CHECK(WEXITSTATUS(status) == 2);
    std::ifstream err(dir / "stderr.txt");
    std::string text((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
    CHECK(text.find("ERROR: readers.grid") != std::string::npos);
    fs::remove_all(dir);
}
