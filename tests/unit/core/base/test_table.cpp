#include <swx/core/base/table.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <variant>
#include <vector>

using namespace swx;

TEST_CASE("feature table: columns keep order, type and description, and rows come from the first column", "[core][table]") {
    FeatureTable t;
    CHECK(t.rows() == 0);  // no columns
    CHECK(t.geometry_kind == GeometryKind::none);
    t.name = "sites";
    t.add("site_id", std::vector<std::string>{"a", "b", "c"});
    t.add("e_peak_v_per_km", std::vector<double>{1.0, 2.5, not_a_number}, "peak field, V/km");
    REQUIRE(t.columns.size() == 2);
    CHECK(t.rows() == 3);
    CHECK(t.columns[0].name == "site_id");
    CHECK(std::holds_alternative<std::vector<std::string>>(t.columns[0].values));
    CHECK(t.columns[0].description.empty());
    CHECK(t.columns[1].description == "peak field, V/km");
    CHECK(std::get<std::vector<double>>(t.columns[1].values)[1] == 2.5);
}

TEST_CASE("feature table: an empty first column means no rows", "[core][table]") {
    FeatureTable t;
    t.add("id", std::vector<std::string>{});
    t.add("x", std::vector<double>{});
    CHECK(t.rows() == 0);
}
