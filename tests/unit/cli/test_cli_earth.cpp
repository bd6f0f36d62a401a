#include <swx/cli/cli.hpp>

#include <catch2/catch.hpp>

#include "support/cli_run.hpp"
#include "support/grid_fixture.hpp"
#include "support/reference.hpp"
#include "test_paths.hpp"

#include <fstream>
#include <regex>
#include <sstream>

namespace fs = std::filesystem;
using swx::test::Run;
using swx::test::swxrisk;
using swx::test::read_csv;

namespace {
}  // namespace

TEST_CASE("swxrisk earth list shows every bundled model with its NERC beta", "[cli][earth]") {
    const Run r = swxrisk({"earth", "list"});
    REQUIRE(r.code == swx::cli::exit_ok);
    CHECK(r.out.find("38 models") != std::string::npos);
    CHECK(r.out.find("PT1") != std::string::npos);
    CHECK(r.out.find("1.17") != std::string::npos);
    CHECK(r.out.find("QUE") != std::string::npos);
}

TEST_CASE("swxrisk earth show prints layers, impedance and beta, --out writes a CSV", "[cli][earth]") {
    const fs::path dir = swx::test::temp_dir("earth-show");
    const Run r = swxrisk({"earth", "show", "cp2", "--out", (dir / "cp2.csv").string()});
    INFO(r.err);
    REQUIRE(r.code == swx::cli::exit_ok);
    CHECK(r.out.find("model CP2") != std::string::npos);
    CHECK(r.out.find("benchmark 0.95, supplemental 0.86") != std::string::npos);
    std::ifstream in(dir / "cp2.csv");
    std::string header;
    std::getline(in, header);
    CHECK(header == "period_s,rho_a_ohm_m,phase_deg,k_abs_mv_per_km_per_nt,z_re_ohm,z_im_ohm");
    int rows = 0;
    for (std::string l; std::getline(in, l);) {
        ++rows;
    }
    CHECK(rows == 26);  // 1 s .. 1e5 s, 5 per decade
    // existing file without --overwrite
    const Run again = swxrisk({"earth", "show", "cp2", "--out", (dir / "cp2.csv").string()});
    CHECK(again.code == swx::cli::exit_usage);
    CHECK(again.err.find("already exists") != std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("swxrisk earth show: unknown model lists the available ones", "[cli][earth][errors]") {
    const Run r = swxrisk({"earth", "show", "ATLANTIS"});
    CHECK(r.code == swx::cli::exit_usage);
    CHECK(r.err.find("unknown earth model 'ATLANTIS'") != std::string::npos);
    CHECK(r.err.find("PT1") != std::string::npos);
}

// Validation source: NERC TPL-007-2 β for region PT1 = 1.17 (datasets/earth/nerc_beta.csv, the published table
// to 2 decimals); tolerance 0.02, as in tests/validation/test_nerc_beta.cpp. The printed 1.172 itself is
// swxrisk's own output and is not pinned here.
TEST_CASE("swxrisk earth show --waveform computes beta from the NERC waveform", "[cli][earth][validation]") {
    const fs::path wave = swx::test::reference_dir / "storms" / "NERC_GMDBenchmarkEventTimeSeries.csv";
    if (!swx::test::require_reference(wave)) {
        return;
    }
    const Run r = swxrisk({"earth", "show", "PT1", "--waveform", wave.string()});
    REQUIRE(r.code == swx::cli::exit_ok);
    INFO(r.out);
    std::smatch m;
    REQUIRE(std::regex_search(r.out, m, std::regex(R"(beta computed from .*: ([0-9.]+) \(peak \|E\|)")));
    CHECK_THAT(std::stod(m[1].str()), Catch::Matchers::WithinAbs(1.17, 0.02));
    const fs::path dir = swx::test::temp_dir("earth-bad-wave");
    std::ofstream(dir / "w.csv") << "Time,E_EW (V/km),E_NS (V/km)\n0,1,2\n10,1,x\n";
    const Run bad = swxrisk({"earth", "show", "PT1", "--waveform", (dir / "w.csv").string()});
    CHECK(bad.code == swx::cli::exit_usage);
    CHECK(bad.err.find("line 3, field E_NS") != std::string::npos);
    fs::remove_all(dir);
}
