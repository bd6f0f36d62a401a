#include <swx/core/earth/ground.hpp>

#include <swx/core/base/error.hpp>

#include <catch2/catch.hpp>

#include "support/earth_fixture.hpp"

#include <optional>
#include <string>
#include <vector>

using namespace swx;
using swx::test::rect;
using Catch::Matchers::Contains;

namespace {

EarthModelLibrary library() {
    EarthModelLibrary lib;
    lib.add(EarthModel::uniform(100.0, "M1"));
    lib.add(EarthModel::uniform(200.0, "M2"));
    lib.add(EarthModel::uniform(300.0, "FB"));
    return lib;
}

BetaTable table() { return {{"RM", {0.32, 0.35, "Rocky Mountains"}}, {"AK1", {0.56, 0.51, "Alaska 1"}}}; }

/// Three regions side by side along the equator: A [0,1] "m1" (lower case), B [1,2] "rm" (a β-only
/// region: no model file), C [2,3] "M2"; latitude 0..1.
EarthRegions three_regions() {
    return EarthRegions({rect("A", "m1", 0, 0, 1, 1), rect("B", "rm", 1, 0, 2, 1), rect("C", "M2", 2, 0, 3, 1)});
}

}  // namespace

TEST_CASE("ground: the model at a point is the region's, else the fallback's", "[core][earth]") {
    const Ground ground(library(), three_regions(), "fb", table(), "regions.geojson");
    REQUIRE(ground.regions() != nullptr);
    CHECK(ground.fallback_model() == "FB");  // the library's spelling
    const EarthModel* a = ground.model_at({0.5, 0.5});
    REQUIRE(a != nullptr);
    CHECK(a->name() == "M1");
    CHECK(ground.model_at({2.5, 0.5})->name() == "M2");
    CHECK(ground.model_at({5.0, 0.5})->name() == "FB");    // outside every region
    CHECK(ground.model_at({0.5, -0.5})->name() == "FB");
    CHECK(ground.model_at({360.5, 0.5})->name() == "M1");  // the same place, one turn east
}

TEST_CASE("ground: without a fallback, outside every region there is no model", "[core][earth]") {
    const Ground ground(library(), three_regions(), "", table());
    CHECK(ground.fallback_model().empty());
    CHECK(ground.model_at({5.0, 0.5}) == nullptr);
    CHECK(ground.model_at({}) == nullptr);  // not a point
    CHECK(ground.model_at({0.5, 0.5})->name() == "M1");
}

TEST_CASE("ground: one model everywhere", "[core][earth]") {
    const Ground ground(library(), std::nullopt, "M2", table());
    CHECK(ground.regions() == nullptr);
    CHECK(ground.model_at({-120.0, 45.0})->name() == "M2");
    CHECK(ground.model_at({170.0, -40.0})->name() == "M2");
    CHECK(ground.model_names() == std::vector<std::string>{"M2"});
}

TEST_CASE("ground: β-only region names are canonical NERC region names", "[core][earth]") {
    const Ground ground(library(), three_regions(), "FB", table());
    CHECK(ground.canonical_model("m1") == "M1");    // in the library: its spelling
    CHECK(ground.canonical_model("rm") == "RM");    // β-only: the NERC region
    CHECK(ground.canonical_model("ak1a") == "AK1");
    // Regions in order, then the fallback; canonical and distinct.
    CHECK(ground.model_names() == std::vector<std::string>{"M1", "RM", "M2", "FB"});
    // A β-only region has no model to give.
    try {
        (void)ground.model_at({1.5, 0.5});
        FAIL("expected InputError");
    } catch (const InputError& e) {
        CHECK_THAT(e.what(), Contains("unknown earth model 'rm'"));
    }
}

TEST_CASE("ground: the fallback is listed once when a region uses it too", "[core][earth]") {
    const Ground ground(library(), EarthRegions({rect("A", "fb", 0, 0, 1, 1), rect("B", "M1", 1, 0, 2, 1)}), "FB", table());
    CHECK(ground.model_names() == std::vector<std::string>{"FB", "M1"});
}

TEST_CASE("ground: neither regions nor a fallback is a ConfigError", "[core][earth][errors]") {
    try {
        const Ground ground(library(), std::nullopt, "", table());
        FAIL("expected ConfigError");
    } catch (const ConfigError& e) {
        CHECK_THAT(e.what(), Contains("give earth regions"));
    }
}

TEST_CASE("ground: unknown models are InputErrors naming the region and the file", "[core][earth][errors]") {
    SECTION("a region naming neither a model nor a NERC β region") {
        try {
            const Ground ground(library(), EarthRegions({rect("A", "M1", 0, 0, 1, 1), rect("EAST", "NOPE", 1, 0, 2, 1)}), "",
                                table(), "regions.geojson");
            FAIL("expected InputError");
        } catch (const InputError& e) {
            CHECK_THAT(e.what(), Contains("unknown earth model 'NOPE'"));
            CHECK_THAT(e.what(), Contains("regions.geojson"));
            CHECK(e.context().feature == "EAST");
            CHECK(e.context().field == "model");
        }
    }
    SECTION("a region without an id is named by its position") {
        try {
            const Ground ground(library(), EarthRegions({rect("A", "M1", 0, 0, 1, 1), rect("", "NOPE", 1, 0, 2, 1)}), "",
                                table());
            FAIL("expected InputError");
        } catch (const InputError& e) {
            CHECK(e.context().feature == "#2");
        }
    }
    SECTION("an unknown fallback") {
        CHECK_THROWS_AS(Ground(library(), std::nullopt, "NOPE", table()), InputError);
    }
}
