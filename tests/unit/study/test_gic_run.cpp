// study/gic_run.hpp: which mode a request selects, and the conflicts refused before any input is read.
#include <swx/study/gic_run.hpp>

#include <swx/core/base/error.hpp>

#include <catch2/catch.hpp>

using Catch::Contains;
using swx::study::GicMode;

TEST_CASE("gic_mode: uniform, scenario, series, and conflicting requests", "[study]") {
    swx::study::GicRequest r;
    CHECK(swx::study::gic_mode(r) == GicMode::uniform);
    r.storm.scenario = "nerc-benchmark";
    CHECK_THROWS_WITH(swx::study::gic_mode(r), Contains("needs the ground"));
    r.ground.earth_model = "PT1";
    CHECK(swx::study::gic_mode(r) == GicMode::scenario);
    r.storm.waveform = "waveform.csv";
    CHECK(swx::study::gic_mode(r) == GicMode::series);
    r.storm.magnetometer = "record.csv";
    CHECK_THROWS_WITH(swx::study::gic_mode(r), Contains("not both"));
    r.storm.scenario.clear();
    CHECK(swx::study::gic_mode(r) == GicMode::series);
    r.storm.epoch = 1899.0;
    CHECK_THROWS_AS(swx::study::gic_mode(r), swx::ConfigError);
    r.storm.epoch = 2025.0;
    r.storm.magnetometer.clear();
    r.storm.scenario = "nerc-extreme";
    CHECK_THROWS_WITH(swx::study::gic_mode(r), Contains("unknown scenario"));
}
