#define SWX_IO_INTERNAL
#include <swx/core/base/error.hpp>
#include <swx/io/detail/gdal_handles.hpp>
#include <swx/io/gdal_session.hpp>
#include <swx/io/earth_regions_reader.hpp>
#include <swx/core/emf/geodesic.hpp>

#include <catch2/catch.hpp>
#include <geodesic.h>

#include "support/grid_fixture.hpp"
#include "test_paths.hpp"

#include <cmath>
#include <fstream>
#include <numbers>

using namespace swx;
using Catch::Matchers::Contains;
using swx::test::replace;

namespace {

/// Three 1°×1° squares side by side in Alabama/Georgia: A lon −86…−85, B −85…−84, C −84…−83 (lat 33…34).
const std::string three_squares = R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"A","name":"Alpha","model":"PT1"},"geometry":{"type":"Polygon","coordinates":[[[-86,33],[-85,33],[-85,34],[-86,34],[-86,33]]]}},
{"type":"Feature","properties":{"id":"B","name":"Bravo","model":"CP1"},"geometry":{"type":"Polygon","coordinates":[[[-85,33],[-84,33],[-84,34],[-85,34],[-85,33]]]}},
{"type":"Feature","properties":{"id":"C","name":"Charlie","model":"PT1"},"geometry":{"type":"MultiPolygon","coordinates":[[[[-84,33],[-83,33],[-83,34],[-84,34],[-84,33]]]]}}]})";

struct TempFile {
    std::filesystem::path dir = swx::test::temp_dir("regions");
    std::filesystem::path path;
    explicit TempFile(const std::string& text, const std::string& name = "regions.geojson") : path(dir / name) {
        std::ofstream(path) << text;
    }
    TempFile(const TempFile&) = delete;
    TempFile(TempFile&&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    TempFile& operator=(TempFile&&) = delete;
    ~TempFile() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

EarthRegions read(const std::string& text, ProblemSink& problems) {
    const TempFile file(text);
    return io::read_earth_regions(file.path.string(), problems);
}

/// Expects read_earth_regions to throw `E` with every fragment in its message.
template <class E>
void expect_error(const std::string& text, const std::vector<std::string>& fragments) {
    const TempFile file(text);
    ProblemSink problems;
    try {
        (void)io::read_earth_regions(file.path.string(), problems);
        FAIL("read_earth_regions accepted a bad file");
    } catch (const E& e) {
        INFO(e.what());
        for (const auto& f : fragments) {
            CHECK(std::string(e.what()).find(f) != std::string::npos);
        }
    }
}

/// Spherical (web) Mercator, EPSG:3857.
std::pair<double, double> mercator(double lon, double lat) {
    constexpr double r = 6378137.0;
    constexpr double deg = std::numbers::pi / 180.0;
    return {r * lon * deg, r * std::log(std::tan(std::numbers::pi / 4 + lat * deg / 2))};
}

/// Where the WGS84 geodesic a → b crosses the meridian `lon` (bisection; lon between the ends).
GeoPoint geodesic_crossing(GeoPoint a, GeoPoint b, double lon) {
    geod_geodesic wgs84{};
    geod_init(&wgs84, 6378137.0, 1.0 / 298.257223563);
    geod_geodesicline line{};
    geod_inverseline(&line, &wgs84, a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg, GEOD_ALL);
    double lo = 0.0;
    double hi = line.s13;
    GeoPoint p;
    for (int i = 0; i < 100; ++i) {
        const double mid = 0.5 * (lo + hi);
        geod_position(&line, mid, &p.lat_deg, &p.lon_deg, nullptr);
        ((p.lon_deg - lon) * (b.lon_deg - a.lon_deg) < 0.0 ? lo : hi) = mid;
    }
    return p;
}

}  // namespace

TEST_CASE("reads earth regions from GeoJSON", "[io][gdal]") {
    ProblemSink problems;
    const EarthRegions regions = read(three_squares, problems);
    REQUIRE(regions.size() == 3);
    CHECK(regions.region(0).id == "A");
    CHECK(regions.region(1).name == "Bravo");
    CHECK(regions.region(2).model == "PT1");
    CHECK(regions.model_names() == std::vector<std::string>{"PT1", "CP1"});
    CHECK(regions.region_at({-85.5, 33.5}) == 0u);
    CHECK(regions.region_at({-84.5, 33.5}) == 1u);
    CHECK(regions.region_at({-83.5, 33.5}) == 2u);
    CHECK(regions.region_at({-85.0, 33.5}) == 0u);  // shared boundary: first in layer order
    CHECK_FALSE(regions.region_at({-82.5, 33.5}));
    CHECK(problems.problems().empty());
}

TEST_CASE("earth regions: the layer named 'regions' is preferred to the first layer", "[io][gdal]") {
    io::ensure_gdal();
    const auto dir = swx::test::temp_dir("regions-gpkg");
    const std::string path = (dir / "two-layers.gpkg").string();
    {
        GDALDriverH driver = GDALGetDriverByName("GPKG");
        REQUIRE(driver != nullptr);
        io::detail::DatasetPtr ds(GDALCreate(driver, path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        REQUIRE(ds);
        const auto srs = io::detail::make_wgs84();
        auto add_layer = [&](const char* name, OGRwkbGeometryType type, const char* model, const char* wkt) {
            OGRLayerH layer = GDALDatasetCreateLayer(ds.get(), name, srs.get(), type, nullptr);
            REQUIRE(layer != nullptr);
            OGRFieldDefnH field = OGR_Fld_Create("model", OFTString);
            const OGRErr created = OGR_L_CreateField(layer, field, TRUE);
            OGR_Fld_Destroy(field);
            REQUIRE(created == OGRERR_NONE);
            io::detail::FeaturePtr f(OGR_F_Create(OGR_L_GetLayerDefn(layer)));
            OGR_F_SetFieldString(static_cast<OGRFeatureH>(f.get()), 0, model);
            OGRGeometryH g = nullptr;
            char* text = const_cast<char*>(wkt);
            REQUIRE(OGR_G_CreateFromWkt(&text, nullptr, &g) == OGRERR_NONE);
            OGR_F_SetGeometryDirectly(static_cast<OGRFeatureH>(f.get()), g);
            REQUIRE(OGR_L_CreateFeature(layer, static_cast<OGRFeatureH>(f.get())) == OGRERR_NONE);
        };
        add_layer("other", wkbPoint, "XX", "POINT (-85 33)");
        add_layer("regions", wkbPolygon, "PT1", "POLYGON ((-86 33,-85 33,-85 34,-86 34,-86 33))");
    }
    ProblemSink problems;
    const EarthRegions regions = io::read_earth_regions(path, problems);
    REQUIRE(regions.size() == 1);
    CHECK(regions.region(0).model == "PT1");
    CHECK(regions.region(0).id.empty());
    CHECK(regions.region_at({-85.5, 33.5}) == 0u);
    std::filesystem::remove_all(dir);
}

TEST_CASE("earth regions: a feature without id is named by its FID", "[io][gdal][errors]") {
    const std::string no_ids = replace(replace(three_squares, R"("id":"B",)", ""), R"("model":"CP1")", R"("model":"")");
    expect_error<InputError>(no_ids, {"feature FID 1, field model", "value is empty"});
}

TEST_CASE("bad earth-region files give errors naming file, layer, feature and field", "[io][gdal][errors]") {
    SECTION("missing model field") {
        std::string text = three_squares;
        for (int i = 0; i < 3; ++i) {
            text = replace(text, R"("model":)", R"("modle":)");
        }
        expect_error<InputError>(text, {"regions.geojson", "[layer regions, field model]", "required field is missing",
                                        "fields found: id, name, modle"});
    }
    SECTION("empty model value") {
        expect_error<InputError>(replace(three_squares, R"("model":"CP1")", R"("model":"  ")"),
                                 {"[layer regions, feature B, field model]", "value is empty"});
    }
    SECTION("null model value") {
        expect_error<InputError>(replace(three_squares, R"("model":"CP1")", R"("model":null)"),
                                 {"feature B, field model", "value is empty"});
    }
    SECTION("a Point layer") {
        const std::string points = R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"P","model":"PT1"},"geometry":{"type":"Point","coordinates":[-85,33]}}]})";
        expect_error<InputError>(points, {"[layer regions, feature P, field geometry]", "expected a Polygon or MultiPolygon, got POINT"});
    }
    SECTION("a missing geometry") {
        expect_error<InputError>(replace(three_squares, R"("geometry":{"type":"Polygon","coordinates":[[[-85,33],[-84,33],[-84,34],[-85,34],[-85,33]]]})", R"("geometry":null)"),
                                 {"feature B, field geometry", "geometry is missing"});
    }
    SECTION("a self-intersecting polygon is repaired with a warning") {
        // A bow tie: GEOS MakeValid splits it into two triangles meeting at (-84.5, 33.5).
        ProblemSink problems;
        const EarthRegions regions =
            read(replace(three_squares, "[[[-85,33],[-84,33],[-84,34],[-85,34],[-85,33]]]", "[[[-85,33],[-84,34],[-84,33],[-85,34],[-85,33]]]"),
                 problems);
        REQUIRE(problems.problems().size() == 1);
        CHECK(problems.problems()[0].code == "region_repaired");
        CHECK(problems.problems()[0].feature_id == "B");
        CHECK(problems.problems()[0].message.find("self-intersection") != std::string::npos);
        const auto b = regions.region_at({-84.9, 33.5});  // inside the western triangle
        REQUIRE(b.has_value());
        CHECK(regions.region(*b).id == "B");
        CHECK_FALSE(regions.region_at({-84.5, 33.9}).has_value());  // between the two triangles
    }
    SECTION("a polygon with too few vertices") {
        expect_error<InputError>(replace(three_squares, "[[[-85,33],[-84,33],[-84,34],[-85,34],[-85,33]]]", "[[[-85,33],[-84,33],[-85,33]]]"),
                                 {"feature B, field geometry", "invalid polygon"});
    }
    SECTION("coordinates that are not degrees") {
        expect_error<InputError>(replace(three_squares, "[-84,34],[-85,34]", "[-84,3400000],[-85,34]"),
                                 {"feature B, field geometry", "out of range"});
    }
    SECTION("an empty layer") {
        expect_error<InputError>(R"({"type":"FeatureCollection","features":[]})", {"[layer regions]", "layer has no features"});
    }
    SECTION("no such file") {
        ProblemSink problems;
        CHECK_THROWS_WITH(io::read_earth_regions("/nonexistent/regions.geojson", problems), Contains("no such file"));
    }
}

TEST_CASE("earth regions in EPSG:3857 give the same lookups", "[io][gdal]") {
    std::string text = R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3857"}},"features":[)";
    const char* ids[] = {"A", "B", "C"};
    for (int k = 0; k < 3; ++k) {
        const double x0 = -86.0 + k;
        std::string ring;
        for (const auto& [lon, lat] : {std::pair{x0, 33.0}, {x0 + 1, 33.0}, {x0 + 1, 34.0}, {x0, 34.0}, {x0, 33.0}}) {
            const auto [x, y] = mercator(lon, lat);
            ring += (ring.empty() ? "" : ",") + ("[" + std::to_string(x) + "," + std::to_string(y) + "]");
        }
        text += std::string(k ? "," : "") + R"({"type":"Feature","properties":{"id":")" + ids[k] + R"(","model":"M)" +
                std::to_string(k) + R"("},"geometry":{"type":"Polygon","coordinates":[[)" + ring + "]]}}";
    }
    text += "]}";
    ProblemSink problems;
    const EarthRegions projected = read(text, problems);
    const EarthRegions geographic = read(three_squares, problems);
    REQUIRE(projected.size() == 3);
    for (double lon = -86.45; lon < -82.0; lon += 0.1) {
        for (double lat = 32.95; lat < 34.1; lat += 0.1) {
            INFO(lon << ", " << lat);
            CHECK(projected.region_at({lon, lat}) == geographic.region_at({lon, lat}));
        }
    }
    CHECK(projected.region(1).area[0].outer()[0].y() == Approx(33.0).margin(1e-7));
}

TEST_CASE("region displacements add up to the whole route", "[io][gdal]") {
    ProblemSink problems;
    const EarthRegions regions = read(three_squares, problems);
    const std::vector<GeoPoint> route{{-85.7, 33.2}, {-84.5, 33.8}, {-83.2, 33.3}, {-82.5, 33.5}};
    const auto parts = swx::region_displacements(regions, route);
    REQUIRE(parts.size() == 4);
    CHECK(parts[0].region == 0u);
    CHECK(parts[1].region == 1u);
    CHECK(parts[2].region == 2u);
    CHECK_FALSE(parts[3].region);
    Displacement sum;
    for (const auto& p : parts) {
        sum.north_km += p.d.north_km;
        sum.east_km += p.d.east_km;
    }
    const Displacement whole = swx::geodesic_displacement(route, 1.0);
    CHECK(sum.north_km == Approx(whole.north_km).margin(1e-6));
    CHECK(sum.east_km == Approx(whole.east_km).margin(1e-6));
    const Displacement coarse = swx::geodesic_displacement(route);  // 10 km pieces: same to well below 1 m
    CHECK(sum.north_km == Approx(coarse.north_km).margin(1e-3));
    CHECK(sum.east_km == Approx(coarse.east_km).margin(1e-3));

    SECTION("a uniform field: the per-region EMFs sum to the whole-route EMF") {
        const UniformField e = field_from_azimuth(2.5, 37.0);
        double emf = 0.0;
        for (const auto& p : parts) {
            emf += emf_v(p.d, e);
        }
        CHECK(emf == Approx(emf_v(whole, e)).margin(1e-6));
    }
    SECTION("a region's share is the geodesic between the points where the route crosses its boundary") {
        // B spans lon −85…−84: the first segment's geodesic crosses lon −85, the second's lon −84.
        const GeoPoint in = geodesic_crossing(route[0], route[1], -85.0);
        const GeoPoint out = geodesic_crossing(route[1], route[2], -84.0);
        const std::vector<GeoPoint> b_route{in, route[1], out};
        const Displacement b = swx::geodesic_displacement(b_route, 1.0);
        CHECK(parts[1].d.east_km == Approx(b.east_km).margin(1e-4));
        CHECK(parts[1].d.north_km == Approx(b.north_km).margin(1e-4));
    }
}

TEST_CASE("the south-east US demo regions", "[io][gdal]") {
    const auto path = swx::test::datasets_dir / "demo" / "southeast-us" / "earth_regions.geojson";
    ProblemSink problems;
    const EarthRegions regions = io::read_earth_regions(path.string(), problems);
    CHECK(problems.problems().empty());
    CHECK(regions.size() == 4);
    auto model_at = [&](double lon, double lat) {
        const auto i = regions.region_at({lon, lat});
        return i ? regions.region(*i).model : std::string("none");
    };
    CHECK(model_at(-82.5, 31.5) == "CP2");  // Georgia coastal plain (near Douglas, GA)
    CHECK(model_at(-81.1, 32.1) == "CP2");  // Savannah, GA
    CHECK(model_at(-80.2, 33.0) == "CP1");  // South Carolina coastal plain (near Charleston)
    CHECK(model_at(-84.4, 33.75) == "PT1");  // Atlanta: Piedmont
    CHECK(model_at(-85.5, 34.8) == "AP1");   // north-west Georgia
    CHECK(model_at(-79.0, 31.0) == "none");  // the Atlantic
    CHECK(regions.model_names() == std::vector<std::string>{"CP2", "CP1", "PT1", "AP1"});
}
