// The demo datasets' READMEs make statements about their data; these tests read the statements and check
// them against the data, so that the two cannot drift apart.

#include <swx/core/base/problems.hpp>
#include <swx/io/earth_regions_reader.hpp>

#include <catch2/catch.hpp>

#include "test_paths.hpp"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace swx;

namespace {

struct Place {
    std::string name;
    double lon_deg;
    double lat_deg;
    std::string region;  ///< region id, or "none"
};

std::string trim(const std::string& s) {
    const auto a = s.find_first_not_of(' ');
    const auto b = s.find_last_not_of(' ');
    return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

/// The rows of the README's "| place | lon | lat | region |" table.
std::vector<Place> readme_places(const std::filesystem::path& readme) {
    std::ifstream in(readme);
    std::vector<Place> places;
    bool in_table = false;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("| place | lon | lat | region |", 0) == 0) {
            in_table = true;
            continue;
        }
        if (!in_table || line.rfind("|---", 0) == 0) {
            continue;
        }
        if (line.empty() || line[0] != '|') {
            break;
        }
        std::vector<std::string> cells;
        std::stringstream ss(line.substr(1));
        for (std::string cell; std::getline(ss, cell, '|');) {
            cells.push_back(trim(cell));
        }
        REQUIRE(cells.size() >= 4);
        places.push_back({cells[0], std::stod(cells[1]), std::stod(cells[2]), cells[3]});
    }
    return places;
}

}  // namespace

TEST_CASE("demo datasets: southeast-us README places lie in the regions it says", "[io][demo]") {
    const auto demo = swx::test::datasets_dir / "demo" / "southeast-us";
    const auto places = readme_places(demo / "README.md");
    REQUIRE(places.size() >= 6);
    ProblemSink problems;
    const EarthRegions regions = io::read_earth_regions((demo / "earth_regions.geojson").string(), problems);
    bool tallahassee = false, chattanooga = false;
    for (const Place& p : places) {
        INFO(p.name << " (" << p.lon_deg << ", " << p.lat_deg << ")");
        const auto found = regions.region_at({p.lon_deg, p.lat_deg});
        CHECK((found ? regions.region(*found).id : std::string("none")) == p.region);
        tallahassee = tallahassee || p.name.find("Tallahassee") != std::string::npos;
        chattanooga = chattanooga || p.name.find("Chattanooga") != std::string::npos;
    }
    // The two places of issue 9: the README must say where they fall.
    CHECK(tallahassee);
    CHECK(chattanooga);
}
