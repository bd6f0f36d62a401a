#include <swx/core/earth/earth_model_library.hpp>

#include <swx/core/base/error.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace swx;
using Catch::Matchers::Contains;

TEST_CASE("earth model library: find and contains ignore case, names keep each model's spelling", "[core][earth]") {
    EarthModelLibrary lib;
    CHECK(lib.size() == 0);
    lib.add(EarthModel::uniform(100.0, "que"));
    lib.add(EarthModel::uniform(200.0, "Pt1"));
    lib.add(EarthModel::uniform(300.0, "AK1A"));
    CHECK(lib.size() == 3);
    CHECK(lib.contains("QUE"));
    CHECK(lib.contains("pT1"));
    CHECK(lib.contains("ak1a"));
    CHECK_FALSE(lib.contains("AK1"));  // no region folding here: that is nerc_beta_region's job
    CHECK(lib.find("PT1").name() == "Pt1");
    CHECK(lib.find("pt1").half_space_resistivity_ohm_m() == 200.0);
    CHECK(lib.find("Que").half_space_resistivity_ohm_m() == 100.0);
    // Sorted by the models' own spelling, byte order (upper case before lower case).
    CHECK(lib.names() == std::vector<std::string>{"AK1A", "Pt1", "que"});
}

TEST_CASE("earth model library: a duplicate name in any case is rejected and changes nothing", "[core][earth][errors]") {
    EarthModelLibrary lib;
    lib.add(EarthModel::uniform(100.0, "PT1"));
    try {
        lib.add(EarthModel::uniform(999.0, "pt1"));
        FAIL("expected InputError");
    } catch (const InputError& e) {
        CHECK_THAT(e.what(), Contains("duplicate model name 'pt1'"));
        CHECK(e.context().field == "name");
    }
    CHECK(lib.size() == 1);
    CHECK(lib.find("PT1").half_space_resistivity_ohm_m() == 100.0);
}

TEST_CASE("earth model library: add_all merges, and stops at a duplicate", "[core][earth]") {
    EarthModelLibrary bundled;
    bundled.add(EarthModel::uniform(100.0, "CP1"));
    bundled.add(EarthModel::uniform(200.0, "PT1"));
    EarthModelLibrary user;
    user.add(EarthModel::uniform(50.0, "MINE"));
    user.add_all(bundled);
    CHECK(user.names() == std::vector<std::string>{"CP1", "MINE", "PT1"});

    EarthModelLibrary clash;
    clash.add(EarthModel::uniform(1.0, "pt1"));
    CHECK_THROWS_AS(clash.add_all(bundled), InputError);
    // "CP1" comes before "PT1" in the source library, so it was added before the duplicate stopped it.
    CHECK(clash.contains("CP1"));
    CHECK(clash.find("PT1").half_space_resistivity_ohm_m() == 1.0);
}

TEST_CASE("earth model library: an unknown name lists the available models", "[core][earth][errors]") {
    EarthModelLibrary lib;
    try {
        (void)lib.find("PT1");
        FAIL("expected InputError");
    } catch (const InputError& e) {
        CHECK_THAT(e.what(), Contains("unknown earth model 'PT1'; available: (none)"));
    }
    lib.add(EarthModel::uniform(100.0, "QUE"));
    lib.add(EarthModel::uniform(100.0, "CP1"));
    try {
        (void)lib.find("XX9");
        FAIL("expected InputError");
    } catch (const InputError& e) {
        CHECK_THAT(e.what(), Contains("unknown earth model 'XX9'; available: CP1, QUE"));
        CHECK(e.context().feature == "XX9");
    }
}
