// A find_package(swx) consumer: builds a two-substation network with swx::core, solves it for a
// uniform 1 V/km northward field, writes the ground GIC as CSV with swx::io and loads the bundled
// earth models. Usage: swx_consumer <out.csv>. Exits non-zero if any result is wrong.
#include <swx/core/network/gic_solver.hpp>
#include <swx/core/emf/line_emf.hpp>
#include <swx/core/network/network.hpp>
#include <swx/core/base/problems.hpp>
#include <swx/core/base/table.hpp>
#include <swx/core/version.hpp>
#include <swx/io/earth_models.hpp>
#include <swx/io/table_writer.hpp>

#include <cmath>
#include <exception>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace {

swx::Network two_substations() {
    using swx::TransformerType;
    swx::Network n;
    n.substations = {{"A", "A", {-85.0, 33.0}, 0.5}, {"B", "B", {-85.0, 34.0}, 0.5}};
    n.buses = {{"A500", 0, 500.0}, {"A22", 0, 22.0}, {"B500", 1, 500.0}, {"B22", 1, 22.0}};
    n.transformers = {{"TA", TransformerType::gsu, 0, 1, 0.1, swx::not_a_number, false},
                      {"TB", TransformerType::gsu, 2, 3, 0.1, swx::not_a_number, false}};
    swx::Line line;
    line.id = "L";
    line.from_bus = 0;
    line.to_bus = 2;
    line.r_ohm = 2.0;
    line.kv = 500.0;
    n.lines = {line};
    return n;
}

bool check(bool ok, const std::string& what) {
    std::cout << (ok ? "ok: " : "FAILED: ") << what << '\n';
    return ok;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: swx_consumer <out.csv>\n";
        return 2;
    }
    try {
        const swx::Network network = two_substations();
        swx::validate_network(network, {});
        swx::ProblemSink problems;
        const swx::GicSolver solver(network, problems);
        const swx::UniformField field = swx::field_from_azimuth(1.0, 0.0);
        const double emf = swx::emf_v(
            swx::nerc_displacement(network.substations[0].location, network.substations[1].location), field);
        const swx::GicResult result = solver.solve(std::vector<double>{emf});

        swx::FeatureTable table;
        table.name = "substations";
        table.add("substation", std::vector<std::string>{"A", "B"});
        table.add("ground_gic_a", result.ground_gic_a, "ground GIC, A (3-phase total)");
        swx::io::write_csv(table, argv[1]);

        // 3·Rg + r_gsu + r_line + r_gsu + 3·Rg = 5.2 ohm per phase; the three phases enter the earth at B.
        const double expected = 3.0 * emf / 5.2;
        bool ok = check(std::string(swx::version_string).rfind("0.", 0) == 0,
                        std::string("swx version ") + swx::version_string);
        ok &= check(std::abs(result.ground_gic_a[1] - expected) < 1e-9, "ground GIC at B = 3 EMF / 5.2 ohm");
        std::ifstream csv(argv[1]);
        std::string header;
        std::getline(csv, header);
        ok &= check(header == "substation,ground_gic_a", "CSV header written by swx::io: " + header);
        const auto library = swx::io::load_default_earth_models();
        ok &= check(library.contains("QUE"), "bundled earth models from " + swx::io::default_earth_dir().string());
        return ok ? 0 : 1;
    } catch (const std::exception& err) {
        std::cerr << "swx_consumer: " << err.what() << '\n';
        return 1;
    }
}
