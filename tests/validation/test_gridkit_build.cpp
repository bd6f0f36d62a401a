// A network built from the 2017 GridKit extract of USA_Northeast (../shared/reference/public-grids,
// OpenStreetMap contributors, ODbL): structural invariants checked against the input files themselves
// (counted here with a separate reading of the text), linear time, and every assumed value marked.
#include <swx/core/network/gic_solver.hpp>
#include <swx/core/network/grid_build.hpp>
#include <swx/io/public_grid_reader.hpp>

#include <catch2/catch.hpp>

#include "support/reference.hpp"
#include "test_paths.hpp"

#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

using namespace swx;

namespace {

std::vector<std::vector<std::string>> hash_rows(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::string line;
    std::getline(in, line);
    std::vector<std::vector<std::string>> rows;
    while (std::getline(in, line)) {
        std::vector<std::string> f;
        std::stringstream s(line);
        for (std::string c; std::getline(s, c, '#');) {
            f.push_back(c);
        }
        rows.push_back(f);
    }
    return rows;
}

std::string base_id(const std::string& id) { return id.substr(0, id.find(':')); }

}  // namespace

TEST_CASE("GridKit USA_Northeast builds into a valid grid with its circuits and every assumed value marked",
          "[validation][grid_build]") {
    const auto dir = swx::test::reference_dir / "public-grids" / "gridkit-2017" / "USA_Northeast";
    if (!swx::test::require_reference(dir / "highvoltage_links.csv")) {
        return;
    }
    const auto t0 = std::chrono::steady_clock::now();
    ProblemSink problems;
    const PublicMapInput map = io::read_gridkit((dir / "highvoltage_vertices.csv").string(), (dir / "highvoltage_links.csv").string(), problems);
    GridBuildReport report;
    const Network net = build_grid(map, {}, problems, &report);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    REQUIRE_NOTHROW(validate_network(net, {}));

    // The input, read independently: 771 vertices, 1,088 links (README of the extract).
    const auto vrows = hash_rows(dir / "highvoltage_vertices.csv");
    const auto lrows = hash_rows(dir / "highvoltage_links.csv");
    CHECK(vrows.size() == 771);
    CHECK(lrows.size() == 1088);
    CHECK(report.vertices_read == 771);
    CHECK(report.lines_read == 1088);
    // Every link is written (one Line per circuit) or counted as left out.
    std::map<std::string, std::size_t> circuits_of;
    for (const auto& l : net.lines) {
        ++circuits_of[base_id(l.id)];
    }
    CHECK(circuits_of.size() + report.dropped_loops + report.dropped_no_voltage == lrows.size());
    // A link has at least as many circuits as positive voltages in its ';' list; GridKit gives both ends
    // of every link, so no end is snapped or left without a vertex.
    std::size_t checked = 0;
    for (const auto& f : lrows) {
        const auto it = circuits_of.find(f[0]);
        if (it == circuits_of.end()) {
            continue;
        }
        std::size_t voltages = 0;
        std::stringstream s(f[3]);
        for (std::string v; std::getline(s, v, ';');) {
            voltages += (!v.empty() && std::stod(v) > 0.0) ? 1 : 0;
        }
        CHECK(it->second >= voltages);
        ++checked;
    }
    CHECK(checked == circuits_of.size());
    CHECK(report.ends_by_id == 2 * lrows.size());
    CHECK(report.unsnapped_ends == 0);

    // Junctions (joint, merge) get no transformer and no grounding; plants a GSU; every transformer,
    // grounding and line resistance is marked assumed.
    std::map<std::string, std::string> typ;
    for (const auto& f : vrows) {
        typ[f[0]] = f[3];
    }
    std::set<std::string> with_gsu;
    for (const auto& t : net.transformers) {
        const auto& sub = net.substations[net.substation_of(t)];
        CHECK(typ[sub.id] != "joint");
        CHECK(typ[sub.id] != "merge");
        CHECK(is_assumed(t.assumed, "type"));
        CHECK(is_assumed(t.assumed, "r_hv_ohm"));
        if (t.type == TransformerType::gsu) {
            with_gsu.insert(sub.id);
        }
    }
    for (const auto& s : net.substations) {
        if (typ[s.id] == "joint" || typ[s.id] == "merge") {
            CHECK_FALSE(s.grounding_ohm.has_value());
        }
        if (typ[s.id] == "plant") {
            CHECK(with_gsu.count(s.id) == 1);
        }
        CHECK(s.grounding_ohm.has_value() == is_assumed(s.assumed, "grounding_ohm"));
    }
    for (const auto& l : net.lines) {
        CHECK(is_assumed(l.assumed, "r_ohm"));
    }
    // No quadratic step: 771 vertices and 1,088 links read and built well within a second.
    CHECK(seconds < 1.0);
    const GicSolver solver(net, problems);  // the islands are reported as warnings, not errors
    CHECK(problems.count(Severity::error) == 0);
}
