// io::write_gpkg (rows and R-tree written through SQLite) against the OGR feature-by-feature writer it
// replaced (detail::write_gpkg_ogr): the same schema, values, blobs and R-tree boxes; a valid spatial
// index (SQLite's rtreecheck, OGR spatial filters against brute force, also after GDAL appends a
// feature); GDAL opens the file without a warning. And write_csv's number format, byte for byte.
#define SWX_IO_INTERNAL
#include <swx/core/base/table.hpp>
#include <swx/io/detail/gpkg_writer.hpp>
#include <swx/io/table_writer.hpp>

#include <catch2/catch.hpp>

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path;
    explicit TempDir(const std::string& tag) {
        path = fs::temp_directory_path() / ("swx_gpkgw_" + tag + "_" + std::to_string(::getpid()));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
};

/// Rows of an SQL query, each value as "<type>:<text or hex>" (exact: doubles with 17 digits).
std::vector<std::string> query(const fs::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    INFO(sql);
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
    std::vector<std::string> rows;
    while (sqlite3_step(s) == SQLITE_ROW) {
        std::string row;
        for (int c = 0; c < sqlite3_column_count(s); ++c) {
            row += c ? "|" : "";
            switch (sqlite3_column_type(s, c)) {
            case SQLITE_NULL: row += "null"; break;
            case SQLITE_INTEGER: row += "int:" + std::to_string(sqlite3_column_int64(s, c)); break;
            case SQLITE_FLOAT: {
                char buf[40];
                std::snprintf(buf, sizeof buf, "real:%.17g", sqlite3_column_double(s, c));
                row += buf;
                break;
            }
            case SQLITE_TEXT: row += std::string("text:") + reinterpret_cast<const char*>(sqlite3_column_text(s, c)); break;
            default: {
                const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(s, c));
                row += "blob:";
                char hex[3];
                for (int i = 0; i < sqlite3_column_bytes(s, c); ++i) {
                    std::snprintf(hex, sizeof hex, "%02X", p[i]);
                    row += hex;
                }
            }
            }
        }
        rows.push_back(row);
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return rows;
}

/// GDAL messages (warnings and errors) while `f` runs.
template <class F>
std::vector<std::string> gdal_messages(F&& f) {
    static std::vector<std::string>* sink = nullptr;
    std::vector<std::string> messages;
    sink = &messages;
    CPLPushErrorHandler([](CPLErr cls, CPLErrorNum, const char* msg) {
        if (cls >= CE_Warning) {
            sink->emplace_back(msg);
        }
    });
    f();
    CPLPopErrorHandler();
    sink = nullptr;
    return messages;
}

double nan() { return std::numeric_limits<double>::quiet_NaN(); }

/// A table with every field kind and awkward values; every third row without geometry.
swx::FeatureTable mixed_table(const std::string& name, swx::GeometryKind kind, std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> lon(-125, -65), lat(25, 50), step(-0.7, 0.7);
    swx::FeatureTable t;
    t.name = name;
    t.geometry_kind = kind;
    std::vector<std::string> id, label, when;
    std::vector<double> real, rank, flag;
    for (std::size_t i = 0; i < n; ++i) {
        id.push_back("id-" + std::to_string(i));
        label.push_back(i % 5 == 0 ? "" : i % 5 == 1 ? "quote \" and, comma" : i % 5 == 2 ? "ümlaut\nline" : "plain");
        when.push_back(i % 4 == 0 ? "" : i % 4 == 1 ? "1989-03-13T21:44:00Z" : i % 4 == 2 ? "2003-10-29T06:11:00.25Z" : "2024-05-10T17:00:59.9996Z");
        const double r[] = {nan(), std::numeric_limits<double>::infinity(), -0.0, 1e-5, 1e15, 0.1, -273.15, 1.0 / 3};
        real.push_back(r[i % 8] * (i < 8 ? 1.0 : 1.0 + static_cast<double>(i) * 1e-7));
        rank.push_back(i % 7 == 3 ? nan() : static_cast<double>(i));
        flag.push_back(i % 6 == 5 ? nan() : static_cast<double>(i % 2));
        if (kind == swx::GeometryKind::none) {
            continue;
        }
        if (i % 3 == 2) {
            t.geometry.emplace_back();
            continue;
        }
        std::vector<swx::GeoPoint> g{{lon(rng), lat(rng)}};
        for (std::size_t k = 0; kind == swx::GeometryKind::line_string && k < 1 + i % 4; ++k) {
            g.push_back({g.back().lon_deg + step(rng), g.back().lat_deg + step(rng)});
        }
        t.geometry.push_back(g);
    }
    t.add("id", std::move(id));
    t.add("label", std::move(label));
    t.add("peak_time", std::move(when));
    t.add("value_a", std::move(real));
    t.add("rank", std::move(rank));
    t.add("dc_blocked", std::move(flag));
    return t;
}

/// Everything two GeoPackages must share: schema, metadata tables, every row, and R-tree boxes.
void require_same_contents(const fs::path& a, const fs::path& b, const std::vector<const swx::FeatureTable*>& tables) {
    const std::vector<std::string> sqls = {
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name",
        "SELECT table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id FROM gpkg_contents ORDER BY table_name",
        "SELECT * FROM gpkg_geometry_columns ORDER BY table_name",
        "SELECT * FROM gpkg_spatial_ref_sys ORDER BY srs_id",
        "SELECT * FROM gpkg_ogr_contents ORDER BY table_name",
        "SELECT * FROM gpkg_extensions ORDER BY table_name",
        "SELECT * FROM sqlite_sequence ORDER BY name",
        "PRAGMA application_id",
        "PRAGMA user_version",
    };
    for (const auto& sql : sqls) {
        INFO(sql);
        CHECK(query(a, sql) == query(b, sql));
    }
    for (const auto* t : tables) {
        const std::string sql = "SELECT * FROM \"" + t->name + "\" ORDER BY fid";
        INFO(sql);
        const auto ra = query(a, sql), rb = query(b, sql);
        REQUIRE(ra.size() == t->rows());
        CHECK(ra == rb);
        if (t->geometry_kind != swx::GeometryKind::none) {
            const std::string rt = "SELECT id, minx, maxx, miny, maxy FROM \"rtree_" + t->name + "_geom\" ORDER BY id";
            INFO(rt);
            CHECK(query(a, rt) == query(b, rt));
            CHECK(query(a, "SELECT rtreecheck('rtree_" + t->name + "_geom')") == std::vector<std::string>{"text:ok"});
        }
    }
}

/// Feature ids a rectangle selects: through OGR's spatial filter, and by testing every feature.
std::pair<std::set<long long>, std::set<long long>> filtered(OGRLayerH layer, double x0, double y0, double x1, double y1) {
    OGRGeometryH rect = OGR_G_CreateGeometry(wkbPolygon);
    OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
    OGR_G_AddPoint_2D(ring, x0, y0);
    OGR_G_AddPoint_2D(ring, x1, y0);
    OGR_G_AddPoint_2D(ring, x1, y1);
    OGR_G_AddPoint_2D(ring, x0, y1);
    OGR_G_AddPoint_2D(ring, x0, y0);
    OGR_G_AddGeometryDirectly(rect, ring);
    std::set<long long> brute, index;
    OGR_L_SetSpatialFilter(layer, nullptr);
    OGR_L_ResetReading(layer);
    while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g != nullptr && OGR_G_Intersects(g, rect)) {
            brute.insert(OGR_F_GetFID(f));
        }
        OGR_F_Destroy(f);
    }
    OGR_L_SetSpatialFilterRect(layer, x0, y0, x1, y1);
    OGR_L_ResetReading(layer);
    while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
        index.insert(OGR_F_GetFID(f));
        OGR_F_Destroy(f);
    }
    OGR_L_SetSpatialFilter(layer, nullptr);
    OGR_G_DestroyGeometry(rect);
    return {index, brute};
}

bool has_spatial_index(GDALDatasetH ds, const std::string& layer) {
    OGRLayerH sql = GDALDatasetExecuteSQL(ds, ("SELECT HasSpatialIndex('" + layer + "', 'geom')").c_str(), nullptr, nullptr);
    REQUIRE(sql != nullptr);
    OGRFeatureH f = OGR_L_GetNextFeature(sql);
    REQUIRE(f != nullptr);
    const bool yes = OGR_F_GetFieldAsInteger(f, 0) == 1;
    OGR_F_Destroy(f);
    GDALDatasetReleaseResultSet(ds, sql);
    return yes;
}

}  // namespace

TEST_CASE("write_gpkg writes what the OGR writer wrote: schema, values, nulls, blobs, R-tree", "[gpkg]") {
    TempDir dir("same");
    const auto points = mixed_table("substations", swx::GeometryKind::point, 400, 1);
    const auto lines = mixed_table("lines", swx::GeometryKind::line_string, 3000, 2);  // a two-level R-tree
    const auto attrs = mixed_table("buses", swx::GeometryKind::none, 50, 3);
    const auto empty = mixed_table("empty_points", swx::GeometryKind::point, 0, 4);
    const auto empty_attrs = mixed_table("empty_attrs", swx::GeometryKind::none, 0, 5);
    const std::vector<const swx::FeatureTable*> tables{&points, &attrs, &lines, &empty, &empty_attrs};
    const fs::path fast = dir.path / "fast.gpkg", ogr = dir.path / "ogr.gpkg";
    swx::io::write_gpkg(tables, fast);
    swx::io::detail::write_gpkg_ogr(tables, ogr);
    require_same_contents(fast, ogr, tables);
    CHECK(query(fast, "SELECT data_type FROM gpkg_contents WHERE table_name = 'buses'") == std::vector<std::string>{"text:attributes"});

    // As OGR reads it back: field names, types and subtypes, with no warning from GDAL.
    GDALAllRegister();
    GDALDatasetH a = nullptr, b = nullptr;
    const auto messages = gdal_messages([&] {
        a = GDALOpenEx(fast.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
        b = GDALOpenEx(ogr.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
        REQUIRE(a != nullptr);
        REQUIRE(b != nullptr);
        for (int i = 0; i < GDALDatasetGetLayerCount(a); ++i) {
            OGRLayerH la = GDALDatasetGetLayer(a, i);
            OGR_L_GetFeatureCount(la, TRUE);
            OGR_L_ResetReading(la);
            while (OGRFeatureH f = OGR_L_GetNextFeature(la)) {
                OGR_F_Destroy(f);
            }
        }
    });
    CHECK(messages.empty());
    REQUIRE(GDALDatasetGetLayerCount(a) == 5);
    for (const auto* table : tables) {
        OGRLayerH la = GDALDatasetGetLayerByName(a, table->name.c_str());
        REQUIRE(la != nullptr);
        OGRFeatureDefnH da = OGR_L_GetLayerDefn(la);
        OGRFeatureDefnH db = OGR_L_GetLayerDefn(GDALDatasetGetLayerByName(b, table->name.c_str()));
        CHECK(OGR_FD_GetGeomType(da) == OGR_FD_GetGeomType(db));
        REQUIRE(OGR_FD_GetFieldCount(da) == 6);
        for (int k = 0; k < 6; ++k) {
            OGRFieldDefnH fa = OGR_FD_GetFieldDefn(da, k), fb = OGR_FD_GetFieldDefn(db, k);
            CHECK(std::string(OGR_Fld_GetNameRef(fa)) == OGR_Fld_GetNameRef(fb));
            CHECK(OGR_Fld_GetType(fa) == OGR_Fld_GetType(fb));
            CHECK(OGR_Fld_GetSubType(fa) == OGR_Fld_GetSubType(fb));
        }
        CHECK(OGR_L_GetFeatureCount(la, FALSE) == static_cast<GIntBig>(table->rows()));
    }
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(GDALDatasetGetLayerByName(a, "lines"));
    CHECK(OGR_Fld_GetType(OGR_FD_GetFieldDefn(d, OGR_FD_GetFieldIndex(d, "rank"))) == OFTInteger64);
    CHECK(OGR_Fld_GetSubType(OGR_FD_GetFieldDefn(d, OGR_FD_GetFieldIndex(d, "dc_blocked"))) == OFSTBoolean);
    CHECK(OGR_Fld_GetType(OGR_FD_GetFieldDefn(d, OGR_FD_GetFieldIndex(d, "peak_time"))) == OFTDateTime);
    CHECK(has_spatial_index(a, "lines"));
    CHECK(has_spatial_index(a, "substations"));
    CHECK(has_spatial_index(a, "empty_points"));
    // Field values through OGR: row 1 has a fractional UTC time and a flag set; row 0 nulls.
    OGRLayerH la = GDALDatasetGetLayerByName(a, "lines");
    OGRFeatureH f0 = OGR_L_GetFeature(la, 1), f2 = OGR_L_GetFeature(la, 3);
    REQUIRE(f0 != nullptr);
    REQUIRE(f2 != nullptr);
    CHECK(OGR_F_IsFieldNull(f0, OGR_FD_GetFieldIndex(d, "value_a")));  // NaN
    CHECK(OGR_F_IsFieldNull(f0, OGR_FD_GetFieldIndex(d, "peak_time")));  // ""
    CHECK(std::string(OGR_F_GetFieldAsString(f0, OGR_FD_GetFieldIndex(d, "label"))).empty());
    CHECK_FALSE(OGR_F_IsFieldNull(f0, OGR_FD_GetFieldIndex(d, "label")));  // "" stays text
    CHECK(std::string(OGR_F_GetFieldAsString(f2, OGR_FD_GetFieldIndex(d, "peak_time"))) == "2003/10/29 06:11:00.250+00");
    CHECK(OGR_F_GetFieldAsInteger(f2, OGR_FD_GetFieldIndex(d, "dc_blocked")) == 0);
    CHECK(OGR_F_GetFieldAsDouble(f2, OGR_FD_GetFieldIndex(d, "value_a")) == 0.0);  // -0
    OGR_F_Destroy(f0);
    OGR_F_Destroy(f2);
    GDALClose(a);
    GDALClose(b);
}

TEST_CASE("write_gpkg's R-tree: spatial filters select what brute force does, also after GDAL appends", "[gpkg]") {
    TempDir dir("rtree");
    const auto points = mixed_table("pts", swx::GeometryKind::point, 150000, 7);  // three levels (51^3 > 150 000 > 51^2)
    const auto lines = mixed_table("lines", swx::GeometryKind::line_string, 5000, 8);
    const fs::path path = dir.path / "r.gpkg";
    swx::io::write_gpkg({&points, &lines}, path);
    CHECK(query(path, "SELECT rtreecheck('rtree_pts_geom')") == std::vector<std::string>{"text:ok"});
    CHECK(query(path, "SELECT rtreecheck('rtree_lines_geom')") == std::vector<std::string>{"text:ok"});
    CHECK(query(path, "SELECT count(*) FROM rtree_pts_geom") == std::vector<std::string>{"int:100000"});  // 2 in 3 have a point
    CHECK(query(path, "SELECT hex(substr(data, 1, 2)) FROM rtree_pts_geom_node WHERE nodeno = 1") == std::vector<std::string>{"text:0002"});  // depth

    GDALAllRegister();
    const double rects[][4] = {{-100, 30, -90, 40}, {-124.9, 25.1, -124.5, 25.6}, {-80.01, 45, -80, 45.01}, {0, 0, 10, 10}, {-180, -90, 180, 90}};
    auto check_rects = [&](GDALDatasetH ds) {
        for (const char* name : {"pts", "lines"}) {
            OGRLayerH layer = GDALDatasetGetLayerByName(ds, name);
            for (const auto& r : rects) {
                const auto [index, brute] = filtered(layer, r[0], r[1], r[2], r[3]);
                INFO(name << " rect " << r[0] << "," << r[1] << "," << r[2] << "," << r[3]);
                CHECK(index == brute);
                if (r[0] == -100) {
                    CHECK(brute.size() > 100);  // a rectangle in the middle of the data selects something
                }
            }
        }
    };
    GDALDatasetH ds = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr);
    REQUIRE(ds != nullptr);
    check_rects(ds);
    // GDAL appends a line inside an empty rectangle: the triggers put it in the index and the count.
    OGRLayerH layer = GDALDatasetGetLayerByName(ds, "lines");
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
    OGRGeometryH g = OGR_G_CreateGeometry(wkbLineString);
    OGR_G_AddPoint_2D(g, 2, 2);
    OGR_G_AddPoint_2D(g, 3, 4);
    OGR_F_SetGeometryDirectly(f, g);
    REQUIRE(OGR_L_CreateFeature(layer, f) == OGRERR_NONE);
    const GIntBig added = OGR_F_GetFID(f);
    OGR_F_Destroy(f);
    GDALClose(ds);
    CHECK(added == 5001);
    CHECK(query(path, "SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 'lines'") == std::vector<std::string>{"int:5001"});
    CHECK(query(path, "SELECT rtreecheck('rtree_lines_geom')") == std::vector<std::string>{"text:ok"});
    ds = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    REQUIRE(ds != nullptr);
    check_rects(ds);
    const auto [index, brute] = filtered(GDALDatasetGetLayerByName(ds, "lines"), 0, 0, 10, 10);
    CHECK(index == std::set<long long>{5001});
    GDALClose(ds);
}

TEST_CASE("write_gpkg leaves no file when it fails", "[gpkg]") {
    TempDir dir("fail");
    const auto a = mixed_table("same", swx::GeometryKind::point, 10, 1);
    const fs::path path = dir.path / "x.gpkg";
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CHECK_THROWS(swx::io::write_gpkg({&a, &a}, path));  // GDAL refuses the second layer of that name
    CPLPopErrorHandler();
    CHECK_FALSE(fs::exists(path));
}

TEST_CASE("write_csv: numbers and cells byte for byte as before (NaN, inf, -0, tiny, huge, quotes)", "[csv]") {
    // The expected text is what write_csv wrote before it was buffered (format_csv_number unchanged).
    const std::vector<double> values{nan(), std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                                     -0.0, 0.0, 1e-5, 1e15, 1e-4, 9.99999999949e14, 1234567890123.0, 0.1, 1.0 / 3,
                                     -2.5e-7, 123456.789012345, 5e-324, 1.7976931348623157e308, 1e10, 12345678901.0,
                                     0.00012345678912345, -99999999995.0, 42, 2.0 / 3 * 1e-4};
    const std::vector<std::string> expected{"", "inf", "-inf", "0", "0", "1e-05", "1e+15", "0.0001", "999999999949000",
                                            "1234567890123", "0.1", "0.3333333333", "-2.5e-07", "123456.789",
                                            "4.940656458e-324", "1.797693135e+308", "10000000000", "12345678901",
                                            "0.0001234567891", "-99999999995", "42", "6.666666667e-05"};
    for (std::size_t i = 0; i < values.size(); ++i) {
        CHECK(swx::io::format_csv_number(values[i]) == expected[i]);
    }
    swx::FeatureTable t;
    std::vector<std::string> text;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const char* s[] = {"plain", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", ""};
        text.emplace_back(s[i % 6]);
    }
    t.add("value \"x\"", std::vector<double>(values));
    t.add("text,y", std::move(text));
    t.add("n", std::vector<double>(values.size(), 7.0));
    TempDir dir("csv");
    swx::io::write_csv(t, dir.path / "t.csv");
    std::ifstream in(dir.path / "t.csv", std::ios::binary);
    std::stringstream got;
    got << in.rdbuf();
    std::string want = "\"value \"\"x\"\"\",\"text,y\",n\n";
    const char* cells[] = {"plain", "\"a,b\"", "\"say \"\"hi\"\"\"", "\"two\nlines\"", "\"cr\rhere\"", ""};
    for (std::size_t i = 0; i < values.size(); ++i) {
        want += expected[i] + "," + cells[i % 6] + ",7\n";
    }
    CHECK(got.str() == want);

    // Larger than the 1 MiB write block: every row there, in order.
    swx::FeatureTable big;
    std::vector<double> v(200000);
    for (std::size_t i = 0; i < v.size(); ++i) {
        v[i] = static_cast<double>(i) + 0.5;
    }
    big.add("x", std::move(v));
    swx::io::write_csv(big, dir.path / "big.csv");
    std::ifstream bin(dir.path / "big.csv");
    std::string line;
    std::getline(bin, line);
    CHECK(line == "x");
    std::size_t rows = 0;
    bool in_order = true;
    while (std::getline(bin, line)) {
        in_order = in_order && line == std::to_string(rows) + ".5";
        ++rows;
    }
    CHECK(rows == 200000);
    CHECK(in_order);
}
