#include <swx/core/base/error.hpp>
#include <swx/io/earth_models.hpp>

#include <catch2/catch.hpp>

#include "test_paths.hpp"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace fs = std::filesystem;

namespace {

/// A fresh temporary folder for one test case, removed afterwards.
class TempDir {
public:
    explicit TempDir(const std::string& tag)
        : m_path(fs::temp_directory_path() / ("swx_test_earth_" + tag + "_" + std::to_string(::getpid()))) {
        fs::remove_all(m_path);
        fs::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    TempDir(TempDir&&) = delete;
    TempDir& operator=(TempDir&&) = delete;
    [[nodiscard]] const fs::path& path() const { return m_path; }
    fs::path write(const std::string& name, const std::string& text) const {
        std::ofstream(m_path / name) << text;
        return m_path / name;
    }

private:
    fs::path m_path;
};

const std::string good_model = R"(name = "T1"
description = "test"
source = "unit test"
layers = [ { thickness_m = 1200.0, resistivity_ohm_m = 250.0 }, { thickness_m = 5000, resistivity_ohm_m = 50.0 } ]
half_space_resistivity_ohm_m = 10.0
)";

}  // namespace

TEST_CASE("a model file loads with integer and float values", "[io]") {
    const TempDir dir("good");
    const auto model = swx::io::load_earth_model_file(dir.write("T1.toml", good_model));
    CHECK(model.name() == "T1");
    CHECK(model.description() == "test");
    CHECK(model.source() == "unit test");
    REQUIRE(model.layers().size() == 2);
    CHECK(model.layers()[1].thickness_m == 5000.0);
    CHECK(model.half_space_resistivity_ohm_m() == 10.0);
}

TEST_CASE("malformed model files throw InputError naming file and field", "[io]") {
    using Catch::Matchers::Contains;
    const TempDir dir("bad");
    auto replace = [](std::string text, const std::string& from, const std::string& to) {
        text.replace(text.find(from), from.size(), to);
        return text;
    };
    SECTION("missing field") {
        const auto p = dir.write("T1.toml", replace(good_model, "half_space_resistivity_ohm_m = 10.0\n", ""));
        CHECK_THROWS_AS(swx::io::load_earth_model_file(p), swx::InputError);
        CHECK_THROWS_WITH(swx::io::load_earth_model_file(p),
                          Contains("T1.toml") && Contains("half_space_resistivity_ohm_m") && Contains("missing"));
    }
    SECTION("negative thickness") {
        const auto p = dir.write("T1.toml", replace(good_model, "thickness_m = 5000", "thickness_m = -5000"));
        CHECK_THROWS_WITH(swx::io::load_earth_model_file(p),
                          Contains("T1.toml") && Contains("layer 2") && Contains("thickness_m") && Contains("> 0"));
    }
    SECTION("NaN resistivity") {
        const auto p = dir.write("T1.toml", replace(good_model, "resistivity_ohm_m = 250.0", "resistivity_ohm_m = nan"));
        CHECK_THROWS_WITH(swx::io::load_earth_model_file(p), Contains("layer 1") && Contains("resistivity_ohm_m"));
    }
    SECTION("wrong type") {
        const auto p = dir.write("T1.toml", replace(good_model, "half_space_resistivity_ohm_m = 10.0", "half_space_resistivity_ohm_m = \"10\""));
        CHECK_THROWS_WITH(swx::io::load_earth_model_file(p), Contains("must be a number"));
    }
    SECTION("misspelt key") {
        const auto p = dir.write("T1.toml", replace(good_model, "thickness_m = 5000", "thickness = 5000"));
        CHECK_THROWS_WITH(swx::io::load_earth_model_file(p), Contains("thickness") && Contains("unknown key"));
    }
    SECTION("TOML syntax error") {
        const auto p = dir.write("T1.toml", "name = \"T1\nlayers = [");
        CHECK_THROWS_WITH(swx::io::load_earth_model_file(p), Contains("T1.toml") && Contains("TOML syntax error"));
    }
    SECTION("name does not match the file name") {
        dir.write("T2.toml", good_model);
        CHECK_THROWS_WITH(swx::io::load_earth_models(dir.path()), Contains("T2.toml") && Contains("does not match"));
    }
    SECTION("missing folder") {
        CHECK_THROWS_AS(swx::io::load_earth_models(dir.path() / "nope"), swx::InputError);
    }
}

TEST_CASE("library lookup is case-insensitive and unknown names list the available ones", "[io]") {
    using Catch::Matchers::Contains;
    const TempDir dir("lib");
    dir.write("T1.toml", good_model);
    dir.write("README.md", "not a model");
    const auto library = swx::io::load_earth_models(dir.path());
    CHECK(library.size() == 1);
    CHECK(library.find("t1").name() == "T1");
    CHECK(library.contains("T1"));
    CHECK_THROWS_AS(library.find("XX9"), swx::InputError);
    CHECK_THROWS_WITH(library.find("XX9"), Contains("unknown earth model 'XX9'") && Contains("available: T1"));
}

TEST_CASE("the bundled library has all 38 published models", "[io]") {
    const auto library = swx::io::load_earth_models(swx::test::datasets_dir / "earth" / "models");
    CHECK(library.size() == 38);
    for (const char* name : {"AK1A", "AK1B", "AP1", "AP2", "BR1", "CL1", "CO1", "CP1", "CP2", "CS1", "FL1",
                             "IP1", "IP2", "IP3", "IP4", "NE1", "PB1", "PB2", "PT1", "SL1", "SU1", "QUE",
                             "ALE", "BLC", "BRD", "CBB", "FCC", "GLN", "IQA", "MEA", "OTT", "PBQ", "RES",
                             "SNK", "STJ", "VIC", "YKC", "BOU"}) {
        INFO(name);
        CHECK(library.contains(name));
    }
    const auto& que = library.find("que");
    REQUIRE(que.layers().size() == 4);
    CHECK(que.layers()[0].thickness_m == 15000.0);
    CHECK(que.layers()[0].resistivity_ohm_m == 20000.0);
    CHECK(que.half_space_resistivity_ohm_m() == Approx(1.0 / 0.3333));
    CHECK(library.find("CO1").layers()[8].thickness_m == 60000.0);  // the numeric data, not the header's 6 km
    // Every model evaluates without overflow over the whole band used for E(t).
    for (const auto& name : library.names()) {
        const auto& model = library.find(name);
        for (double f = 1e-6; f <= 10.0; f *= 10.0) {
            const auto z = model.impedance_ohm(f);
            INFO(name << " at " << f << " Hz");
            CHECK(std::isfinite(z.real()));
            CHECK(std::isfinite(z.imag()));
            CHECK(model.phase_deg(f) > 0.0);
            CHECK(model.phase_deg(f) < 90.0);
        }
    }
}

TEST_CASE("default_earth_dir honours SWXRISK_DATA_DIR", "[io]") {
    const char* old = std::getenv("SWXRISK_DATA_DIR");
    const std::string saved = old != nullptr ? old : "";
    ::setenv("SWXRISK_DATA_DIR", "/some/data", 1);
    CHECK(swx::io::default_earth_dir() == fs::path("/some/data/earth"));
    ::unsetenv("SWXRISK_DATA_DIR");
    CHECK(swx::io::default_earth_dir() == swx::test::datasets_dir / "earth");
    CHECK(swx::io::load_default_earth_models().size() == 38);
    if (old != nullptr) {
        ::setenv("SWXRISK_DATA_DIR", saved.c_str(), 1);
    }
}

TEST_CASE("the bundled beta table loads, malformed tables throw", "[io]") {
    using Catch::Matchers::Contains;
    const auto table = swx::io::load_beta_table(swx::test::datasets_dir / "earth" / "nerc_beta.csv");
    CHECK(table.size() == 27);
    CHECK(table.at("PT1").benchmark == 1.17);
    CHECK(table.at("PT1").supplemental == 1.19);
    CHECK(table.at("AK1").description == "Adirondack Mountains");
    const TempDir dir("beta");
    const auto bad_value = dir.write("b.csv", "# c\nregion,beta_benchmark,beta_supplemental,description\nX1,0.5,abc,\"x, y\"\n");
    CHECK_THROWS_WITH(swx::io::load_beta_table(bad_value), Contains("b.csv") && Contains("line 3") && Contains("beta_supplemental"));
    const auto bad_header = dir.write("h.csv", "region,beta\nX1,0.5\n");
    CHECK_THROWS_WITH(swx::io::load_beta_table(bad_header), Contains("header"));
    const auto dup = dir.write("d.csv", "region,beta_benchmark,beta_supplemental,description\nX1,0.5,0.4,a\nx1,0.5,0.4,b\n");
    CHECK_THROWS_WITH(swx::io::load_beta_table(dup), Contains("duplicate"));
    const auto quoted = dir.write("q.csv", "region,beta_benchmark,beta_supplemental,description\nX1,0.5,0.4,\"a, b\"\n");
    CHECK(swx::io::load_beta_table(quoted).at("X1").description == "a, b");
    CHECK_THROWS_AS(swx::io::load_beta_table(dir.path() / "missing.csv"), swx::InputError);
}
