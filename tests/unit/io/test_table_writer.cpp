// GeoPackage field types (io/table_writer): counts and ranks as Integer, flags as Integer(Boolean),
// times as DateTime, read back through OGR.

#include <swx/core/base/table.hpp>
#include <swx/io/table_writer.hpp>

#include <catch2/catch.hpp>

#include <gdal.h>
#include <ogr_api.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;

TEST_CASE("GeoPackage fields: Integer for ranks and counts, Boolean for flags, DateTime for times", "[gpkg]") {
    swx::FeatureTable t;
    t.name = "things";
    t.add("id", std::vector<std::string>{"a", "b"});
    t.add("rank", std::vector<double>{1, 2});
    t.add("n_supplies", std::vector<double>{3, 0});
    t.add("dc_blocked", std::vector<double>{0, 1});
    t.add("ieff_peak_time", std::vector<std::string>{"1989-03-13T21:44:00Z", ""});
    t.add("kv", std::vector<double>{345, 500});
    t.add("odd_time", std::vector<std::string>{"not a time", ""});  // stays text
    const fs::path dir = fs::temp_directory_path() / ("swx_gpkg_types_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const fs::path path = dir / "t.gpkg";
    swx::io::write_gpkg({&t}, path);

    GDALAllRegister();
    GDALDatasetH ds = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    REQUIRE(ds != nullptr);
    OGRLayerH layer = GDALDatasetGetLayerByName(ds, "things");
    REQUIRE(layer != nullptr);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    auto field = [&](const char* name) {
        const int i = OGR_FD_GetFieldIndex(defn, name);
        REQUIRE(i >= 0);
        return OGR_FD_GetFieldDefn(defn, i);
    };
    CHECK(OGR_Fld_GetType(field("id")) == OFTString);
    CHECK(OGR_Fld_GetType(field("rank")) == OFTInteger64);
    CHECK(OGR_Fld_GetType(field("n_supplies")) == OFTInteger64);
    CHECK(OGR_Fld_GetType(field("dc_blocked")) == OFTInteger);
    CHECK(OGR_Fld_GetSubType(field("dc_blocked")) == OFSTBoolean);
    CHECK(OGR_Fld_GetType(field("ieff_peak_time")) == OFTDateTime);
    CHECK(OGR_Fld_GetType(field("kv")) == OFTReal);
    CHECK(OGR_Fld_GetType(field("odd_time")) == OFTString);

    OGR_L_ResetReading(layer);
    OGRFeatureH f = OGR_L_GetNextFeature(layer);
    REQUIRE(f != nullptr);
    CHECK(OGR_F_GetFieldAsInteger64(f, OGR_FD_GetFieldIndex(defn, "rank")) == 1);
    CHECK(std::string(OGR_F_GetFieldAsString(f, OGR_FD_GetFieldIndex(defn, "ieff_peak_time"))) == "1989/03/13 21:44:00+00");
    OGR_F_Destroy(f);
    f = OGR_L_GetNextFeature(layer);
    REQUIRE(f != nullptr);
    CHECK(OGR_F_GetFieldAsInteger(f, OGR_FD_GetFieldIndex(defn, "dc_blocked")) == 1);
    CHECK(OGR_F_IsFieldNull(f, OGR_FD_GetFieldIndex(defn, "ieff_peak_time")));  // no peak: null, not ""
    OGR_F_Destroy(f);
    GDALClose(ds);
    fs::remove_all(dir);
}

TEST_CASE("field_kind falls back to Real or String when the values do not fit the name", "[gpkg]") {
    using swx::io::FieldKind;
    CHECK(swx::io::field_kind({"rank", std::vector<double>{1.5}, ""}) == FieldKind::real);
    CHECK(swx::io::field_kind({"rank", std::vector<double>{1.0, std::nan("")}, ""}) == FieldKind::integer);
    CHECK(swx::io::field_kind({"neutral_blocked", std::vector<double>{2.0}, ""}) == FieldKind::real);
    CHECK(swx::io::field_kind({"ground_gic_a", std::vector<double>{1.0}, ""}) == FieldKind::real);
    CHECK(swx::io::field_kind({"name", std::vector<std::string>{"x"}, ""}) == FieldKind::text);
}
