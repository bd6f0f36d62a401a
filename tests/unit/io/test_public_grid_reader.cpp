#include <swx/io/public_grid_reader.hpp>

#include <swx/core/base/error.hpp>

#include <catch2/catch.hpp>

#include "support/temp_dir.hpp"

#include <cmath>
#include <string>

using namespace swx;

namespace {

const std::string vertices_header = "v_id#lon#lat#typ#voltage#frequency#name#operator#ref#source#n_gen#capacity#net_capacity#wkt_srid_4326\n";
const std::string links_header =
    "l_id#v_id_1#v_id_2#voltage#cables#wires#frequency#name#operator#ref#length_m#r_ohmkm#x_ohmkm#c_nfkm#i_th_max_a#from_relation#wkt_srid_4326#type\n";

const std::string vertices = vertices_header +
                             "1#-75.0#40.0#substation#345000;138000##Alpha#######SRID=4326;POINT(-75.0 40.0)\n"
                             "2#-74.5#40.2#joint##########SRID=4326;POINT(-74.5 40.2)\n"
                             "3#-74.0#40.0#plant#345000##'Beta #2 O''Neil'####2#500##SRID=4326;POINT(-74.0 40.0)\r\n";
const std::string links = links_header +
                          "10#1#2#345000;345000#3;6##60####45000#####''#SRID=4326;LINESTRING(-75.0 40.0,-74.7 40.1,-74.5 40.2)#line\n"
                          "11#2#3#345000#3##60####48000#####''#SRID=4326;LINESTRING(-74.5 40.2,-74.0 40.0)#line\n"
                          "12#1#3##6##60####85000#####''#SRID=4326;LINESTRING(-75.0 40.0,-74.0 40.0)#line\n";

template <class F>
InputError input_error(F&& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e;
    }
    FAIL("expected an InputError");
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("GridKit extract: kinds, volts to kV, cables to circuits, WKT routes", "[io][public_grid]") {
    ProblemSink problems;
    const PublicMapInput map = io::parse_gridkit(vertices, "v.csv", links, "l.csv", problems);
    REQUIRE(map.vertices.size() == 3);
    CHECK(map.vertices[0].kind == MapVertexKind::substation);
    CHECK(map.vertices[1].kind == MapVertexKind::junction);
    CHECK(map.vertices[2].kind == MapVertexKind::plant);
    CHECK(map.vertices[0].kv == std::vector<double>{345.0, 138.0});
    CHECK(map.vertices[0].name == "Alpha");
    CHECK(map.vertices[2].name == "Beta #2 O'Neil");  // quoted SQL-style because of the '#'
    CHECK(map.vertices[2].location.lat_deg == 40.0);
    REQUIRE(map.lines.size() == 3);
    // 345000;345000 with cables 3;6: one circuit, then two (6 cables = two three-phase circuits).
    CHECK(map.lines[0].kv == std::vector<double>{345.0, 345.0, 345.0});
    CHECK(map.lines[0].from_vertex == "1");
    CHECK(map.lines[0].to_vertex == "2");
    REQUIRE(map.lines[0].path.size() == 3);
    CHECK(map.lines[0].path[1].lon_deg == -74.7);
    CHECK(map.lines[0].path[1].lat_deg == 40.1);
    CHECK(map.lines[1].kv == std::vector<double>{345.0});
    CHECK(map.lines[2].kv.empty());  // no voltage: inferred by the build or left out

    GridBuildReport report;
    const Network net = build_grid(map, {}, problems, &report);
    CHECK(report.circuits == 5);
    CHECK(report.kv_inferred == 1);  // line 12 takes 345 kV, the level both its ends share
    CHECK_NOTHROW(validate_network(net, {}));
}

TEST_CASE("GridKit extract: bad input names the file, line and field", "[io][public_grid]") {
    ProblemSink problems;
    struct Case {
        std::string links;
        std::string feature;
        std::string field;
    };
    const std::vector<Case> cases{
        {links_header + "10#1#2#345000#3##60####1#####''#SRID=4326;LINESTRING(-75.0 40.0 -74.5)#line\n", "line 2 (id 10)", "wkt_srid_4326"},
        {links_header + "10#1#2#345000#3##60####1#####''#SRID=3857;LINESTRING(-75.0 40.0,-74 40)#line\n", "line 2 (id 10)", "wkt_srid_4326"},
        {links_header + "10#1#2#345kV#3##60####1#####''#SRID=4326;LINESTRING(-75.0 40.0,-74 40)#line\n", "line 2 (id 10)", "voltage"},
        {links_header + "10#1#2#345000#3##60####1#####''#SRID=4326;LINESTRING(-75.0 40.0,-74 40)\n", "line 2", ""},
        {links_header + "10#1#2#345000#3##60####1#####''#SRID=4326;LINESTRING(-75.0 40.0,-74 40)#line\n"
                        "10#1#2#345000#3##60####1#####''#SRID=4326;LINESTRING(-75.0 40.0,-74 40)#line\n",
         "line 3 (id 10)", "l_id"},
        {"l_id#v_id_1#v_id_2\n10#1#2\n", "line 1", "voltage"},
        {links_header + "10#1#2#345000#3##60####1#####''#SRID=4326;LINESTRING(-75.0 95.0,-74 40)#line\n", "line 2 (id 10)", "wkt_srid_4326"},
    };
    for (const auto& c : cases) {
        const InputError e = input_error([&] { (void)io::parse_gridkit(vertices, "v.csv", c.links, "l.csv", problems); });
        INFO(e.what());
        CHECK(e.context().path == "l.csv");
        CHECK(e.context().feature == c.feature);
        CHECK(e.context().field == c.field);
    }
    const InputError v = input_error([&] {
        (void)io::parse_gridkit(vertices_header + "1#-75.0#north#substation##########x\n", "v.csv", links, "l.csv", problems);
    });
    CHECK(v.context().path == "v.csv");
    CHECK(v.context().feature == "line 2 (id 1)");
    CHECK(v.context().field == "lat");
}

TEST_CASE("public map from OGR: HIFLD fields in a projected CRS, placeholders and unknown voltages", "[io][public_grid]") {
    const swx::test::TempDir dir("public-map");
    // Web Mercator (EPSG:3857) coordinates of the points below (R = 6378137 m).
    auto x = [](double lon) { return 6378137.0 * lon * 3.14159265358979323846 / 180.0; };
    auto y = [](double lat) { return 6378137.0 * std::log(std::tan(3.14159265358979323846 / 4.0 + lat * 3.14159265358979323846 / 360.0)); };
    auto pt = [&](double lon, double lat) { return "[" + std::to_string(x(lon)) + "," + std::to_string(y(lat)) + "]"; };
    const std::string crs = R"("crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3857"}},)";
    const std::string subs = dir.write("subs.geojson", R"({"type":"FeatureCollection",)" + crs + R"("features":[
      {"type":"Feature","properties":{"NAME":"NORTH","TYPE":"SUBSTATION"},"geometry":{"type":"Point","coordinates":)" + pt(-90.0, 35.0) + R"(}},
      {"type":"Feature","properties":{"NAME":"TAP1","TYPE":"TAP"},"geometry":{"type":"Point","coordinates":)" + pt(-90.0, 34.5) + R"(}},
      {"type":"Feature","properties":{"NAME":"SOUTH","TYPE":"SUBSTATION"},"geometry":{"type":"Point","coordinates":)" + pt(-90.0, 34.0) + R"(}}]})");
    const std::string lines = dir.write("lines.geojson", R"({"type":"FeatureCollection",)" + crs + R"("features":[
      {"type":"Feature","properties":{"ID":"100","VOLTAGE":500,"SUB_1":"NORTH","SUB_2":"TAP1"},"geometry":{"type":"LineString","coordinates":[)" +
                                                              pt(-90.0, 35.0) + "," + pt(-90.0, 34.5) + R"(]}},
      {"type":"Feature","properties":{"ID":"101","VOLTAGE":-999999,"SUB_1":"TAP1","SUB_2":"NOT AVAILABLE"},"geometry":{"type":"LineString","coordinates":[)" +
                                                              pt(-90.0, 34.5) + "," + pt(-90.0, 34.0001) + R"(]}}]})");
    ProblemSink problems;
    const PublicMapInput map = io::read_public_map(lines, subs, {}, problems);
    REQUIRE(map.vertices.size() == 3);
    CHECK(map.vertices[0].id == "NORTH");
    CHECK(map.vertices[1].kind == MapVertexKind::junction);
    CHECK(map.vertices[0].location.lon_deg == Approx(-90.0).margin(1e-9));
    CHECK(map.vertices[0].location.lat_deg == Approx(35.0).margin(1e-9));
    REQUIRE(map.lines.size() == 2);
    CHECK(map.lines[0].kv == std::vector<double>{500.0});
    CHECK(map.lines[1].kv.empty());          // -999999: unknown
    CHECK(map.lines[1].to_vertex.empty());   // NOT AVAILABLE: snapped
    GridBuildReport report;
    GridBuildOptions options;
    options.defaults.single_level_step_down = true;  // one level (500 kV) only: assume step-downs
    const Network net = build_grid(map, options, problems, &report);
    CHECK(report.ends_snapped == 1);  // 0.011 km from SOUTH
    CHECK(report.kv_inferred == 1);
    CHECK(net.lines.size() == 2);

    io::PublicMapFields fields;
    fields.voltage = "volts";  // not a field of the layer
    const InputError e = input_error([&] { (void)io::read_public_map(lines, subs, fields, problems); });
    CHECK(e.context().field == "volts");
}

TEST_CASE("grid defaults TOML replaces the table, bad values name the key", "[io][public_grid]") {
    const swx::test::TempDir dir("grid-defaults");
    const std::string ok = dir.write("d.toml", R"(single_level_step_down = true
[[voltage_class]]
kv = 230
line_r_ohm_per_km = [0.05, 0.06, 0.08]
[[voltage_class]]
kv = 500
line_r_ohm_per_km = 0.02
winding_r_ohm = [0.1, 0.2, 0.3]
[[grounding]]
buses = 1
ohm = [0.1, 0.3, 0.9]
)");
    const GridDefaults d = io::read_grid_defaults(ok);
    CHECK(d.single_level_step_down);  // the built-in default is false
    REQUIRE(d.classes.size() == 2);
    CHECK(d.class_of(220.0).line_r_ohm_per_km.typical == 0.06);
    CHECK(d.class_of(230.0).winding_r_ohm.typical == 0.2);  // the built-in 230 kV value kept
    CHECK(d.class_of(765.0).line_r_ohm_per_km.high == 0.02);
    CHECK(d.class_of(765.0).winding_r_ohm.typical == 0.2);
    CHECK(d.grounding_of(5, 500.0).typical == 0.3);

    const std::string bad = dir.write("bad.toml", "[[voltage_class]]\nkv = 230\nline_r_ohm_per_km = [0.08, 0.06, 0.05]\n");
    const InputError e = input_error([&] { (void)io::read_grid_defaults(bad); });
    CHECK(e.context().path == bad);
    CHECK(e.context().field == "voltage_class[1].line_r_ohm_per_km");
    const std::string typo = dir.write("typo.toml", "auto_min_kvv = 3\n");
    const InputError t = input_error([&] { (void)io::read_grid_defaults(typo); });
    CHECK(t.context().field == "auto_min_kvv");
}
