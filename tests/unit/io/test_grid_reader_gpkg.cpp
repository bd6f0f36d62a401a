// The SQLite fast path for GeoPackage grids (io/detail/gpkg_table.hpp) against OGR's feature reading
// of the same file (detail::read_own_grid with sqlite_fast_path = false): the same Network, every field
// of every element bit for bit, and the same error message, word for word, for bad input.
#define SWX_IO_INTERNAL
#include <swx/core/base/error.hpp>
#include <swx/core/network/synthetic_grid.hpp>
#include <swx/io/detail/gdal_handles.hpp>
#include <swx/io/detail/gpkg_table.hpp>
#include <swx/io/detail/grid_read.hpp>
#include <swx/io/gdal_session.hpp>
#include <swx/io/grid_reader.hpp>
#include <swx/io/sites_reader.hpp>

#include <catch2/catch.hpp>

#include "support/grid_fixture.hpp"

#include <cmath>
#include <cstring>
#include <optional>
#include <typeinfo>
#include <filesystem>
#include <vector>

using namespace swx;
using swx::test::GridFixture;
using swx::test::replace;

namespace {

/// Equal, NaN equal to NaN (bit-for-bit values otherwise).
bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }
bool same(const std::optional<double>& a, const std::optional<double>& b) {
    return a.has_value() == b.has_value() && (!a || same(*a, *b));
}
bool same(GeoPoint a, GeoPoint b) { return same(a.lon_deg, b.lon_deg) && same(a.lat_deg, b.lat_deg); }

void check_same_network(const Network& a, const Network& b) {
    REQUIRE(a.substations.size() == b.substations.size());
    REQUIRE(a.buses.size() == b.buses.size());
    REQUIRE(a.transformers.size() == b.transformers.size());
    REQUIRE(a.lines.size() == b.lines.size());
    std::size_t differences = 0;
    for (std::size_t i = 0; i < a.substations.size(); ++i) {
        const auto &x = a.substations[i], &y = b.substations[i];
        differences += !(x.id == y.id && x.name == y.name && same(x.location, y.location) && same(x.grounding_ohm, y.grounding_ohm) &&
                         x.earth_model == y.earth_model && x.assumed == y.assumed);
    }
    for (std::size_t i = 0; i < a.buses.size(); ++i) {
        const auto &x = a.buses[i], &y = b.buses[i];
        differences += !(x.id == y.id && x.substation == y.substation && same(x.kv, y.kv) && same(x.vm_pu, y.vm_pu) && x.assumed == y.assumed);
    }
    for (std::size_t i = 0; i < a.transformers.size(); ++i) {
        const auto &x = a.transformers[i], &y = b.transformers[i];
        differences += !(x.id == y.id && x.type == y.type && x.hv_bus == y.hv_bus && x.lv_bus == y.lv_bus && same(x.r_hv_ohm, y.r_hv_ohm) &&
                         same(x.r_lv_ohm, y.r_lv_ohm) && x.neutral_blocked == y.neutral_blocked && x.core == y.core &&
                         same(x.k_factor, y.k_factor) && x.qloss_v_at_lv == y.qloss_v_at_lv && x.assumed == y.assumed);
    }
    for (std::size_t i = 0; i < a.lines.size(); ++i) {
        const auto &x = a.lines[i], &y = b.lines[i];
        bool path = x.path.size() == y.path.size();
        for (std::size_t k = 0; path && k < x.path.size(); ++k) {
            path = same(x.path[k], y.path[k]);
        }
        differences += !(x.id == y.id && x.from_bus == y.from_bus && x.to_bus == y.to_bus && same(x.r_ohm, y.r_ohm) && same(x.kv, y.kv) &&
                         x.dc_blocked == y.dc_blocked && path && x.assumed == y.assumed);
    }
    CHECK(differences == 0);
}

void exec_sql(const std::filesystem::path& gpkg, const std::string& sql) {
    io::ensure_gdal();
    io::detail::DatasetPtr ds(GDALOpenEx(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
    REQUIRE(ds);
    OGRLayerH result = GDALDatasetExecuteSQL(ds.get(), sql.c_str(), nullptr, nullptr);
    if (result != nullptr) {
        GDALDatasetReleaseResultSet(ds.get(), result);
    }
}

/// Replaces a feature's geometry through OGR (so that GDAL writes the blob).
void set_geometry(const std::filesystem::path& gpkg, const char* layer, long long fid, const char* wkt) {
    io::ensure_gdal();
    io::detail::DatasetPtr ds(GDALOpenEx(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
    REQUIRE(ds);
    OGRLayerH l = GDALDatasetGetLayerByName(ds.get(), layer);
    REQUIRE(l != nullptr);
    io::detail::FeaturePtr f(OGR_L_GetFeature(l, fid));
    REQUIRE(f);
    OGRGeometryH g = nullptr;
    char* text = const_cast<char*>(wkt);
    REQUIRE(OGR_G_CreateFromWkt(&text, OGR_L_GetSpatialRef(l), &g) == OGRERR_NONE);
    OGR_F_SetGeometryDirectly(f.get(), g);
    REQUIRE(OGR_L_SetFeature(l, f.get()) == OGRERR_NONE);
}

/// The four GeoJSON layers of a fixture copied into one GeoPackage (OGR writes it).
std::filesystem::path fixture_gpkg(const GridFixture& fx, const std::string& tag) {
    io::ensure_gdal();
    const auto dir = fx.write(swx::test::temp_dir(tag));
    const auto gpkg = dir / "grid.gpkg";
    io::detail::DatasetPtr out(GDALCreate(GDALGetDriverByName("GPKG"), gpkg.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    REQUIRE(out);
    for (const char* name : {"substations", "buses", "transformers", "lines"}) {
        io::detail::DatasetPtr in(GDALOpenEx((dir / (std::string(name) + ".geojson")).c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
        REQUIRE(in);
        REQUIRE(GDALDatasetCopyLayer(out.get(), GDALDatasetGetLayer(in.get(), 0), name, nullptr) != nullptr);
    }
    return gpkg;
}

/// Both paths on one file: both throw the same message, or both read the same network. Returns the
/// error ("" when read).
std::string check_same_outcome(const std::filesystem::path& gpkg) {
    std::string fast_error, ogr_error;
    std::optional<io::GridDataset> fast, ogr;
    ProblemSink fast_problems, ogr_problems;
    try {
        fast = io::detail::read_own_grid(gpkg.string(), fast_problems, true);
    } catch (const Error& e) {
        fast_error = std::string(typeid(e).name()) + ": " + e.what();
    }
    try {
        ogr = io::detail::read_own_grid(gpkg.string(), ogr_problems, false);
    } catch (const Error& e) {
        ogr_error = std::string(typeid(e).name()) + ": " + e.what();
    }
    INFO("fast path: " << fast_error << "\nOGR path: " << ogr_error);
    CHECK(fast_error == ogr_error);
    REQUIRE(fast.has_value() == ogr.has_value());
    if (fast) {
        check_same_network(fast->network, ogr->network);
        REQUIRE(fast_problems.problems().size() == ogr_problems.problems().size());
        for (std::size_t i = 0; i < fast_problems.problems().size(); ++i) {
            CHECK(fast_problems.problems()[i].message == ogr_problems.problems()[i].message);
            CHECK(fast_problems.problems()[i].feature_id == ogr_problems.problems()[i].feature_id);
        }
    }
    return fast_error;
}

}  // namespace

TEST_CASE("GeoPackage grid: the SQLite fast path reads the same network as OGR", "[io][gdal][gpkg]") {
    SyntheticGridOptions o;
    o.substations = 300;
    Network net = make_synthetic_grid(o);
    // Routes on some lines (the synthetic grid has none), so that LineString blobs are read too.
    for (std::size_t i = 0; i < net.lines.size(); i += 3) {
        const GeoPoint a = net.substations[net.buses[net.lines[i].from_bus].substation].location;
        const GeoPoint b = net.substations[net.buses[net.lines[i].to_bus].substation].location;
        net.lines[i].path = {b, {0.5 * (a.lon_deg + b.lon_deg) + 0.01, 0.5 * (a.lat_deg + b.lat_deg)}, a};  // drawn to_bus first
    }
    net.substations[5].name = "  padded name  ";
    net.substations[7].assumed = "grounding_ohm";
    net.transformers[3].k_factor = 1.5;
    const auto dir = swx::test::temp_dir("gpkgfast");
    const auto gpkg = dir / "grid.gpkg";
    io::write_grid(net, gpkg.string());

    ProblemSink problems;
    const io::GridDataset fast = io::detail::read_own_grid(gpkg.string(), problems, true);
    SECTION("as written") {
        ProblemSink p;
        check_same_network(fast.network, io::detail::read_own_grid(gpkg.string(), p, false).network);
        CHECK(fast.network.substations[5].name == "padded name");  // trimmed, as OGR's path trims
        CHECK(fast.network.lines[0].path.size() == 3);
        CHECK(fast.network.lines[0].path.front().lon_deg ==
              fast.network.substations[fast.network.buses[fast.network.lines[0].from_bus].substation].location.lon_deg);  // re-oriented
        CHECK(fast.network.transformers[3].k_factor == 1.5);
    }
    SECTION("unusual rows go through OGR: other geometry encodings, values of another storage class") {
        set_geometry(gpkg, "lines", 2, "MULTILINESTRING ((-100 40,-100.5 40.5),(-100.5 40.5,-101 41))");
        set_geometry(gpkg, "lines", 3, "LINESTRING Z (-100 40 5,-101 41 6)");
        set_geometry(gpkg, "lines", 5, "LINESTRING EMPTY");
        set_geometry(gpkg, "lines", 6, "LINESTRING M (-100 40 1,-101 41 2)");
        set_geometry(gpkg, "substations", 2, "POINT Z (-100 40 12)");
        set_geometry(gpkg, "substations", 3, "POINT M (-101 40 3)");
        exec_sql(gpkg, "UPDATE buses SET kv = '345' WHERE fid = 4");            // text in a REAL column
        exec_sql(gpkg, "UPDATE substations SET name = 17 WHERE fid = 9");       // integer in a TEXT column
        exec_sql(gpkg, "UPDATE transformers SET neutral_blocked = 1 WHERE fid = 10");
        check_same_outcome(gpkg);
    }
    SECTION("a damaged geometry blob is read (or refused) as OGR reads it") {
        exec_sql(gpkg, "UPDATE lines SET geom = substr(geom, 1, 30) WHERE fid = 4");     // truncated LineString
        exec_sql(gpkg, "UPDATE substations SET geom = X'4750' WHERE fid = 8");          // header only
        check_same_outcome(gpkg);
    }
    SECTION("a polygon where a point belongs") {
        set_geometry(gpkg, "substations", 4, "POLYGON ((-100 40,-101 40,-101 41,-100 40))");
        CHECK(!check_same_outcome(gpkg).empty());
        ProblemSink p;
        CHECK_THROWS_WITH(io::read_grid(gpkg.string(), p), Catch::Contains("field geometry]") && Catch::Contains("expected a Point, got POLYGON"));
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("GeoPackage grid: bad input gives the same error by both paths", "[io][gdal][gpkg][errors]") {
    GridFixture fx;
    bool bad = true;
    SECTION("good") { bad = false; }
    SECTION("unknown bus reference") { fx.lines = replace(fx.lines, R"("to_bus":"B500")", R"("to_bus":"Z9")"); }
    SECTION("empty reference") { fx.lines = replace(fx.lines, R"("to_bus":"B500")", R"("to_bus":"")"); }
    SECTION("unknown substation reference") { fx.buses = replace(fx.buses, R"("substation_id":"C")", R"("substation_id":"Q")"); }
    SECTION("duplicate substation id") { fx.substations = replace(fx.substations, R"("id":"C")", R"("id":"A")"); }
    SECTION("duplicate line id") { fx.lines = replace(fx.lines, R"("id":"L3")", R"("id":"L1")"); }
    SECTION("empty id") { fx.buses = replace(fx.buses, R"("id":"B230")", R"("id":" ")"); }
    SECTION("negative resistance") { fx.lines = replace(fx.lines, R"("r_ohm":2.5)", R"("r_ohm":-2.5)"); }
    SECTION("text where a number belongs") { fx.buses = replace(fx.buses, R"("kv":230)", R"("kv":"230kV")"); }
    SECTION("NaN coordinates in a substation") { fx.substations = replace(fx.substations, "[-84.0,33.5]", "[NaN,33.5]"); }
    SECTION("NaN coordinates in a line route") { fx.lines = replace(fx.lines, "[-84.5,33.9]", "[NaN,33.9]"); }
    SECTION("unknown transformer type") { fx.transformers = replace(fx.transformers, R"("type":"gsu")", R"("type":"zigzag")"); }
    SECTION("bad flag") { fx.lines = replace(fx.lines, R"("dc_blocked":0)", R"("dc_blocked":"maybe")"); }
    SECTION("flag out of range") { fx.transformers = replace(fx.transformers, R"("neutral_blocked":0})", R"("neutral_blocked":2})"); }
    SECTION("coordinates in the wrong CRS") { fx.substations = replace(fx.substations, "[-85.0,33.0]", "[-9462156.7,3895303.9]"); }
    SECTION("a line with one vertex") { fx.lines = replace(fx.lines, "[[-85.0,34.0],[-84.5,33.9],[-84.0,33.5]]", "[[-85.0,34.0],[-85.0,34.0]]"); }
    // The transformers are read on a second thread beside the lines (read_transformers_and_lines): with
    // both layers bad, the transformers' error is the one thrown, as when read one after the other.
    SECTION("a bad transformer and a bad line at once") {
        fx.transformers = replace(fx.transformers, R"("type":"gsu")", R"("type":"zigzag")");
        fx.lines = replace(fx.lines, R"("to_bus":"B500")", R"("to_bus":"Z9")");
    }
    SECTION("a bad transformer and a line read through OGR") {
        fx.transformers = replace(fx.transformers, R"("neutral_blocked":0})", R"("neutral_blocked":2})");
        fx.lines = replace(fx.lines, "[-84.5,33.9]", "[NaN,33.9]");
    }
    SECTION("a point where a line belongs") {
        fx.lines = replace(fx.lines, R"({"type":"LineString","coordinates":[[-85.0,34.0],[-84.5,33.9],[-84.0,33.5]]})",
                           R"({"type":"Point","coordinates":[-85.0,34.0]})");
    }
    const auto gpkg = fixture_gpkg(fx, "gpkgerr");
    const std::string error = check_same_outcome(gpkg);
    if (fx.transformers.find("zigzag") != std::string::npos) {
        CHECK_THAT(error, Catch::Contains("layer transformers") && Catch::Contains("zigzag"));
    }
    CHECK(error.empty() != bad);
    CHECK((error.empty() || error.find(gpkg.string()) != std::string::npos));  // names the file
    std::filesystem::remove_all(gpkg.parent_path());
}

TEST_CASE("GeoPackage geometry blobs decode as OGR reads them, and bad blobs are refused", "[io][gdal][gpkg]") {
    io::ensure_gdal();
    for (const char* wkt : {"POINT (-100.25 40.5)", "LINESTRING (-100 40,-100.5 40.5,-101 41)", "LINESTRING Z (-100 40 1,-101 41 2)",
                            "MULTILINESTRING ((-100 40,-100.5 40.5),(-101 41,-102 42,-103 43))", "LINESTRING EMPTY"}) {
        OGRGeometryH g = nullptr;
        char* text = const_cast<char*>(wkt);
        REQUIRE(OGR_G_CreateFromWkt(&text, nullptr, &g) == OGRERR_NONE);
        for (const OGRwkbByteOrder order : {wkbNDR, wkbXDR}) {
            for (const int envelope : {0, 1, 2, 4}) {
                INFO(wkt << ", byte order " << order << ", envelope " << envelope);
                std::vector<unsigned char> wkb(static_cast<std::size_t>(OGR_G_WkbSize(g)));
                REQUIRE(OGR_G_ExportToIsoWkb(g, order, wkb.data()) == OGRERR_NONE);
                const std::size_t env_bytes[] = {0, 32, 48, 48, 64};
                std::vector<unsigned char> blob{'G', 'P', 0, static_cast<unsigned char>((envelope << 1) | 1), 0xe6, 0x10, 0, 0};
                blob.resize(blob.size() + env_bytes[envelope], 0);
                blob.insert(blob.end(), wkb.begin(), wkb.end());
                io::detail::GpkgGeometry out;
                REQUIRE(io::detail::decode_gpkg_geometry(blob.data(), blob.size(), out));
                std::vector<double> x, y;
                auto collect = [&](OGRGeometryH part) {
                    for (int i = 0; i < OGR_G_GetPointCount(part); ++i) {
                        x.push_back(OGR_G_GetX(part, i));
                        y.push_back(OGR_G_GetY(part, i));
                    }
                };
                if (wkbFlatten(OGR_G_GetGeometryType(g)) == wkbMultiLineString) {
                    for (int i = 0; i < OGR_G_GetGeometryCount(g); ++i) {
                        collect(OGR_G_GetGeometryRef(g, i));
                    }
                    CHECK(out.part_end.size() == static_cast<std::size_t>(OGR_G_GetGeometryCount(g)));
                } else {
                    collect(g);
                    CHECK(out.part_end.size() == 1);
                }
                CHECK(out.x == x);
                CHECK(out.y == y);
                // Every truncation is refused, never read past the end.
                for (std::size_t n = 0; n < blob.size(); ++n) {
                    std::vector<unsigned char> cut(blob.begin(), blob.begin() + static_cast<std::ptrdiff_t>(n));
                    CHECK_FALSE(io::detail::decode_gpkg_geometry(cut.data(), cut.size(), out));
                }
                // Trailing bytes are refused too (OGR would ignore or refuse them: it reads those rows itself).
                blob.push_back(0);
                CHECK_FALSE(io::detail::decode_gpkg_geometry(blob.data(), blob.size(), out));
            }
        }
        OGR_G_DestroyGeometry(g);
    }
    io::detail::GpkgGeometry out;
    const unsigned char empty_flag[] = {'G', 'P', 0, 0x11, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xf8, 0x7f, 0, 0, 0, 0, 0, 0, 0xf8, 0x7f};
    CHECK_FALSE(io::detail::decode_gpkg_geometry(empty_flag, sizeof empty_flag, out));  // flagged empty: OGR reads it
    const unsigned char nan_point[] = {'G', 'P', 0, 0x01, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xf8, 0x7f, 0, 0, 0, 0, 0, 0, 0xf8, 0x7f};
    CHECK_FALSE(io::detail::decode_gpkg_geometry(nan_point, sizeof nan_point, out));  // NaN: OGR reads it (as empty)
}

TEST_CASE("GeoPackage sites: the SQLite fast path reads what OGR reads from the same features", "[io][gdal][gpkg]") {
    // The features as GeoJSON (always read through OGR) and copied by OGR into a GeoPackage (read by
    // the fast path, a polygon row through OGR): the same sites, or the same error (the file aside).
    const std::string poly = R"({"type":"Feature","properties":{"id":"P","criticality":"2"},"geometry":{"type":"Polygon","coordinates":[[[-100,40],[-99,40],[-99,41],[-100,40]]]}})";
    auto pt = [](const std::string& props, const std::string& xy) {
        return R"({"type":"Feature","properties":{)" + props + R"(},"geometry":{"type":"Point","coordinates":[)" + xy + "]}}";
    };
    std::string features = pt(R"("id":" A ","name":"Alpha","supply_substations":"S1, S2","criticality":"3")", "-100.25,40.5") + "," +
                           pt(R"("id":"B","name":null,"criticality":null)", "190.0,-20.0") + "," + poly;
    std::string expected_error;
    SECTION("good") {}
    SECTION("duplicate id") {
        features += "," + pt(R"("id":"B")", "-90,30");
        expected_error = "duplicate id";
    }
    SECTION("empty id") {
        features += "," + pt(R"("id":"  ")", "-90,30");
        expected_error = "empty id";
    }
    SECTION("bad criticality") {
        features += "," + pt(R"("id":"C","criticality":"high")", "-90,30");
        expected_error = "expected a number > 0, got 'high'";
    }
    SECTION("missing geometry") {
        features += R"(,{"type":"Feature","properties":{"id":"D"},"geometry":null})";
        expected_error = "geometry is missing";
    }
    io::ensure_gdal();
    const auto dir = swx::test::temp_dir("gpkgsites");
    std::ofstream(dir / "sites.geojson") << R"({"type":"FeatureCollection","features":[)" << features << "]}";
    const auto gpkg = dir / "sites.gpkg";
    {
        io::detail::DatasetPtr out(GDALCreate(GDALGetDriverByName("GPKG"), gpkg.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        io::detail::DatasetPtr in(GDALOpenEx((dir / "sites.geojson").c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
        REQUIRE(out);
        REQUIRE(in);
        REQUIRE(GDALDatasetCopyLayer(out.get(), GDALDatasetGetLayer(in.get(), 0), "sites", nullptr) != nullptr);
    }
    auto read = [](const std::filesystem::path& p, std::string& error) {
        ProblemSink problems;
        try {
            return io::read_sites(p.string(), problems);
        } catch (const InputError& e) {
            error = e.context().layer + "|" + e.context().feature + "|" + e.context().field + "|" + e.why();
        }
        return std::vector<Site>{};
    };
    std::string json_error, gpkg_error;
    const auto a = read(dir / "sites.geojson", json_error);
    const auto b = read(gpkg, gpkg_error);
    INFO("GeoJSON: " << json_error << "\nGeoPackage: " << gpkg_error);
    CHECK(json_error == gpkg_error);
    CHECK((expected_error.empty() ? gpkg_error.empty() : gpkg_error.find(expected_error) != std::string::npos));
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].id == b[i].id);
        CHECK(a[i].name == b[i].name);
        CHECK(a[i].supply_substations == b[i].supply_substations);
        CHECK(a[i].criticality == b[i].criticality);
        CHECK(same(a[i].location, b[i].location));
        CHECK(a[i].outlines.size() == b[i].outlines.size());
    }
    if (expected_error.empty()) {
        REQUIRE(b.size() == 3);
        CHECK(b[0].id == "A");
        CHECK(b[1].location.lon_deg == -170.0);  // normalised, as through OGR
    }
    std::filesystem::remove_all(dir);
}
