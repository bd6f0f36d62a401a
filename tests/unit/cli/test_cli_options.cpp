// Options that do not apply to a mode, non-finite values and mismatched waveforms are usage errors
// (issue 9 item 8): nothing is silently ignored or mislabelled.
#include <swx/cli/cli.hpp>
#include <swx/study/option_rules.hpp>

#include <catch2/catch.hpp>

#include "support/cli_run.hpp"
#include "support/grid_fixture.hpp"
#include "test_paths.hpp"

#include <cmath>
#include <fstream>

namespace fs = std::filesystem;
using swx::test::Run;
using swx::test::swxrisk;

namespace {
std::string horton() { return (swx::test::datasets_dir / "horton2012").string(); }

/// A NERC-style waveform (Time, E_EW, E_NS at 10 s) whose peak |E| is `peak_v_per_km`: a Gaussian pulse
/// pointing north-east, 2 hours long.
fs::path write_waveform(const fs::path& path, double peak_v_per_km) {
    std::ofstream out(path);
    out << "Time,E_EW (V/km),E_NS (V/km)\n";
    for (int i = 0; i < 720; ++i) {
        const double t = i * 10.0;
        const double m = peak_v_per_km * std::exp(-std::pow((t - 3600.0) / 600.0, 2));
        out << t << ',' << m * std::sqrt(0.5) << ',' << m * std::sqrt(0.5) << '\n';
    }
    return path;
}
}  // namespace

TEST_CASE("gic: an option of another mode is a usage error naming the option and the mode", "[cli][gic][errors]") {
    const fs::path dir = swx::test::temp_dir("gic-modes");
    const std::string out = (dir / "o").string();
    SECTION("uniform-field options with --scenario") {
        const Run r = swxrisk({"gic", "--grid", horton(), "--scenario", "nerc-benchmark", "--earth-model", "PT1", "--e-v-per-km",
                               "5", "--sweep", "--distance", "nerc", "--out", out, "-q"});
        CHECK(r.code == swx::cli::exit_usage);
        CHECK(r.err.find("--e-v-per-km does not apply to the NERC scenario") != std::string::npos);
        for (const char* flag : {"--sweep", "--distance"}) {
            const Run one = swxrisk({"gic", "--grid", horton(), "--scenario", "nerc-benchmark", "--earth-model", "PT1", flag,
                                     std::string(flag) == "--sweep" ? "-q" : "nerc", "--out", out});
            INFO(flag);
            CHECK(one.code == swx::cli::exit_usage);
            CHECK(one.err.find(std::string(flag) + " does not apply to the NERC scenario") != std::string::npos);
        }
    }
    SECTION("--earth-model in the uniform mode") {
        const Run r = swxrisk({"gic", "--grid", horton(), "--e-v-per-km", "1", "--earth-model", "PT1", "--out", out, "-q"});
        CHECK(r.code == swx::cli::exit_usage);
        CHECK(r.err.find("--earth-model does not apply to the uniform field mode") != std::string::npos);
    }
    SECTION("record options with a scenario, scenario options with a record") {
        const Run r = swxrisk({"gic", "--grid", horton(), "--scenario", "nerc-benchmark", "--earth-model", "PT1", "--max-gap-s", "60",
                               "--out", out, "-q"});
        CHECK(r.code == swx::cli::exit_usage);
        CHECK(r.err.find("--max-gap-s does not apply") != std::string::npos);
        const Run w = swxrisk({"gic", "--grid", horton(), "--waveform", "w.csv", "--out", out, "-q"});
        CHECK(w.code == swx::cli::exit_usage);
        CHECK(w.err.find("--waveform does not apply to the uniform field mode") != std::string::npos);
    }
    SECTION("non-finite numbers") {
        for (const char* flag : {"--e-v-per-km", "--azimuth-deg"}) {
            INFO(flag);
            const Run r = swxrisk({"gic", "--grid", horton(), flag, "nan", "--out", out, "-q"});
            CHECK(r.code == swx::cli::exit_usage);
            CHECK(r.err.find(std::string(flag)) != std::string::npos);
            CHECK(r.err.find("finite") != std::string::npos);
        }
    }
    SECTION("the options of the mode still run") {
        const Run r = swxrisk({"gic", "--grid", horton(), "--e-v-per-km", "2", "--azimuth-deg", "45", "--distance", "nerc", "--sweep",
                               "--out", out, "-q"});
        CHECK(r.code == swx::cli::exit_ok);
        fs::remove_all(out);
    }
    CHECK_FALSE(fs::exists(out));
    fs::remove_all(dir);
}

TEST_CASE("gic --scenario --waveform: the waveform must be the scenario's event", "[cli][gic][errors]") {
    const fs::path dir = swx::test::temp_dir("gic-waveform-event");
    const std::string bench = write_waveform(dir / "bench.csv", 8.0).string();  // peak 8 V/km: the benchmark event's
    const Run wrong = swxrisk({"gic", "--grid", horton(), "--scenario", "nerc-supplemental", "--waveform", bench, "--earth-model",
                               "PT1", "--out", (dir / "o").string(), "-q"});
    CHECK(wrong.code == swx::cli::exit_usage);
    CHECK(wrong.err.find("--waveform") != std::string::npos);
    CHECK(wrong.err.find("peaks at 8 V/km") != std::string::npos);
    CHECK(wrong.err.find("nerc-supplemental") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "o"));
    const Run right = swxrisk({"gic", "--grid", horton(), "--scenario", "nerc-benchmark", "--waveform", bench, "--earth-model", "PT1",
                               "--out", (dir / "o").string(), "-q"});
    CHECK(right.code == swx::cli::exit_ok);
    fs::remove_all(dir);
}

TEST_CASE("option_rules: every mode-specific gic flag is in the table once", "[study]") {
    using swx::study::GicVariant;
    CHECK_NOTHROW(swx::study::check_gic_options(GicVariant::uniform, {"--sweep", "--grid", "--out"}));
    CHECK_THROWS_AS(swx::study::check_gic_options(GicVariant::record, {"--sweep"}), swx::ConfigError);
    CHECK_THROWS_AS(swx::study::check_gic_options(GicVariant::record, {"--epoch"}), swx::ConfigError);
    CHECK_NOTHROW(swx::study::check_gic_options(GicVariant::waveform, {"--epoch", "--threshold-a"}));
    for (std::size_t i = 0; i < swx::study::gic_option_rules.size(); ++i) {
        for (std::size_t j = i + 1; j < swx::study::gic_option_rules.size(); ++j) {
            CHECK(swx::study::gic_option_rules[i].flag != swx::study::gic_option_rules[j].flag);
        }
    }
}
