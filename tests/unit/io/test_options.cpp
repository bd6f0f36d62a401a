// io/options.hpp: every study option declared once — its CLI flag, scenario-file name and range check.
#include <swx/io/options.hpp>

#include <swx/core/storm/hazard_profile.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using Catch::Contains;
namespace opt = swx::io::options;

TEST_CASE("an option's flag and dotted name derive from its key", "[io][options]") {
    CHECK(opt::earth_regions.flag() == "--earth-regions");
    CHECK(opt::max_gap_s.flag() == "--max-gap-s");
    CHECK(opt::earth_regions.dotted() == "inputs.earth_regions");
    CHECK(opt::threshold_a.dotted() == "threshold_a");  // not in scenario files
}

TEST_CASE("range checks: inclusive, exclusive, two-sided, non-finite", "[io][options]") {
    CHECK_NOTHROW(opt::max_gap_s.check(0.0));
    CHECK_THROWS_AS(opt::max_gap_s.check(-1.0), swx::ConfigError);
    CHECK_THROWS_WITH(opt::supply_radius_km.check(0.0), Contains("index.supply_radius_km") && Contains("> 0"));
    CHECK_THROWS_WITH(opt::supply_radius_km.check(std::nan("")), Contains("finite"));
    CHECK_NOTHROW(opt::epoch.check(swx::igrf_guard_from_year));
    CHECK_NOTHROW(opt::epoch.check(swx::igrf_guard_to_year));
    CHECK_NOTHROW(opt::epoch.check(1989.0));  // historical storms at their own epoch (issue 9, item 23)
    CHECK_THROWS_WITH(opt::epoch.check(1899.0), Contains("from 1900 to 2035"));
    CHECK_THROWS_WITH(opt::epoch.check(2100.0), Contains("from 1900 to 2035"));
    CHECK(opt::e0_v_per_km.range_text() == "> 0");
    CHECK(opt::weight_grid.range_text() == ">= 0");
    CHECK(opt::earth_model.range_text().empty());
}

TEST_CASE("index parameters by name, as in the scenario file's [index] table", "[io][options]") {
    swx::ExposureParameters index;
    double radius_km = 50.0;
    swx::io::set_index_parameter(index, radius_km, "i0_a", 100.0);
    swx::io::set_index_parameter(index, radius_km, "supply_radius_km", 20.0);
    CHECK(index.i0_a == 100.0);
    CHECK(radius_km == 20.0);
    CHECK_THROWS_WITH(swx::io::set_index_parameter(index, radius_km, "i0", 1.0),
                      Contains("unknown index parameter") && Contains("supply_radius_km"));
    CHECK_THROWS_AS(swx::io::set_index_parameter(index, radius_km, "e0_v_per_km", 0.0), swx::ConfigError);
    CHECK(index.e0_v_per_km == swx::ExposureParameters{}.e0_v_per_km);  // unchanged after a refused value
}

TEST_CASE("scenario names: the NERC events parse_nerc_event accepts, and the named storms of the hazard model", "[io][options]") {
    for (const auto name : swx::io::scenario_names) {
        CHECK_NOTHROW(swx::io::check_scenario_name(std::string(name), {}, true));
        if (name.rfind("nerc-", 0) == 0) {
            CHECK_NOTHROW(swx::io::check_scenario_name(std::string(name)));
            CHECK_NOTHROW((void)swx::parse_nerc_event(name));
        } else {
            CHECK_NOTHROW((void)swx::named_storm(name));
            // gic and efield-map take the NERC events only, and say so.
            CHECK_THROWS_WITH(swx::io::check_scenario_name(std::string(name)), Contains("site-study scenario"));
        }
    }
    CHECK_THROWS_WITH(swx::io::check_scenario_name("carrington"), Contains("unknown scenario 'carrington'"));
    CHECK_THROWS_WITH(swx::io::check_scenario_name("carrington", {}, true), Contains("carrington-1859"));
    CHECK_NOTHROW(swx::io::check_hazard_name("return-period"));
    CHECK_THROWS_WITH(swx::io::check_hazard_name("gumbel"), Contains("unknown hazard model 'gumbel'") && Contains("storm.hazard"));
}
