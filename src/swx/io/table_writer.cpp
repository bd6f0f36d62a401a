#define SWX_IO_INTERNAL
#include <swx/io/table_writer.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/time.hpp>
#include <swx/io/detail/gdal_handles.hpp>
#include <swx/io/gdal_session.hpp>

#include <cpl_conv.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string_view>

namespace swx::io {

std::string format_csv_number(double value) {
    if (!std::isfinite(value)) {
        return std::isnan(value) ? "" : (value > 0 ? "inf" : "-inf");
    }
    if (value == 0.0) {
        return "0";  // also folds -0
    }
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::general, 10);
    if (ec != std::errc()) {
        return "nan";
    }
    std::string s(buf, end);
    // Prefer plain notation for ordinary magnitudes.
    if (s.find('e') != std::string::npos && std::abs(value) >= 1e-4 && std::abs(value) < 1e15) {
        auto [end2, ec2] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, 10);
        if (ec2 == std::errc()) {
            s.assign(buf, end2);
            s.erase(s.find_last_not_of('0') + 1);
            if (s.back() == '.') {
                s.pop_back();
            }
        }
    }
    return s;
}

FieldKind field_kind(const Column& column) {
    const std::string_view name = column.name;
    auto ends_with = [&](std::string_view suffix) {
        return name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
    };
    if (const auto* num = std::get_if<std::vector<double>>(&column.values)) {
        const bool integer_name = name == "rank" || name.substr(0, 2) == "n_";
        const bool flag_name = ends_with("_blocked") || ends_with("_assumed") || name == "qloss_v_at_lv";
        if (!integer_name && !flag_name) {
            return FieldKind::real;
        }
        for (const double x : *num) {
            const bool whole = std::isfinite(x) ? x == std::floor(x) && std::abs(x) < 9.0e15 : std::isnan(x);
            if (!whole || (flag_name && std::isfinite(x) && x != 0.0 && x != 1.0)) {
                return FieldKind::real;
            }
        }
        return flag_name ? FieldKind::flag : FieldKind::integer;
    }
    if (!ends_with("_time")) {
        return FieldKind::text;
    }
    for (const std::string& v : std::get<std::vector<std::string>>(column.values)) {
        if (!v.empty() && !parse_iso8601_utc(v)) {
            return FieldKind::text;
        }
    }
    return FieldKind::time;
}

namespace {

/// Sets a DateTime field (UTC) from ISO 8601 text; empty text is null.
void set_time_field(OGRFeatureH f, int idx, const std::string& text) {
    const auto t = parse_iso8601_utc(text);
    if (!t) {
        OGR_F_SetFieldNull(f, idx);
        return;
    }
    const double whole = std::floor(*t);
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (std::sscanf(format_iso8601_utc(static_cast<std::int64_t>(whole)).c_str(), "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &s) != 6) {
        OGR_F_SetFieldNull(f, idx);
        return;
    }
    OGR_F_SetFieldDateTimeEx(f, idx, y, mo, d, h, mi, static_cast<float>(s + (*t - whole)), 100);  // 100: UTC
}


}  // namespace

void write_csv(const FeatureTable& table, const std::filesystem::path& path) {
    std::ofstream out(path);
    if (!out) {
        throw Error({"writers.csv", path.string(), "", "", ""}, "cannot create the file");
    }
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        out << (c ? "," : "") << csv_cell(table.columns[c].name);
    }
    out << '\n';
    const std::size_t n = table.rows();
    for (std::size_t r = 0; r < n; ++r) {
        for (std::size_t c = 0; c < table.columns.size(); ++c) {
            if (c) {
                out << ',';
            }
            std::visit(
                [&](const auto& v) {
                    if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::vector<double>>) {
                        out << format_csv_number(v[r]);
                    } else {
                        out << csv_cell(v[r]);
                    }
                },
                table.columns[c].values);
        }
        out << '\n';
    }
    out.flush();
    if (!out) {
        throw Error({"writers.csv", path.string(), "", "", ""}, "write failed (disk full?)");
    }
}

void write_gpkg(const std::vector<const FeatureTable*>& tables, const std::filesystem::path& path) {
    ensure_gdal();
    auto fail = [&](const std::string& layer, const std::string& why) {
        throw Error({"writers.gpkg", path.string(), layer, "", ""}, why + ": " + CPLGetLastErrorMsg());
    };
    GDALDriverH driver = GDALGetDriverByName("GPKG");
    if (driver == nullptr) {
        fail("", "the GDAL GPKG driver is not available");
    }
    detail::DatasetPtr ds(GDALCreate(driver, path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) {
        fail("", "cannot create the GeoPackage");
    }
    const detail::SrsPtr wgs84 = detail::make_wgs84();
    for (const FeatureTable* table : tables) {
        OGRwkbGeometryType gtype = wkbNone;
        if (table->geometry_kind == GeometryKind::point) {
            gtype = wkbPoint;
        } else if (table->geometry_kind == GeometryKind::line_string) {
            gtype = wkbLineString;
        }
        OGRLayerH layer = GDALDatasetCreateLayer(ds.get(), table->name.c_str(),
                                                 gtype == wkbNone ? nullptr : static_cast<OGRSpatialReferenceH>(wgs84.get()),
                                                 gtype, nullptr);
        if (layer == nullptr) {
            fail(table->name, "cannot create the layer");
        }
        std::vector<FieldKind> kinds;
        for (const Column& col : table->columns) {
            const FieldKind kind = field_kind(col);
            kinds.push_back(kind);
            const OGRFieldType type = kind == FieldKind::real      ? OFTReal
                                      : kind == FieldKind::integer ? OFTInteger64
                                      : kind == FieldKind::flag    ? OFTInteger
                                      : kind == FieldKind::time    ? OFTDateTime
                                                                   : OFTString;
            OGRFieldDefnH field = OGR_Fld_Create(col.name.c_str(), type);
            if (kind == FieldKind::flag) {
                OGR_Fld_SetSubType(field, OFSTBoolean);
            }
            const OGRErr err = OGR_L_CreateField(layer, field, TRUE);
            OGR_Fld_Destroy(field);
            if (err != OGRERR_NONE) {
                fail(table->name, "cannot create field " + col.name);
            }
        }
        if (GDALDatasetStartTransaction(ds.get(), FALSE) != OGRERR_NONE) {
            fail(table->name, "cannot start a transaction");
        }
        OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
        const std::size_t n = table->rows();
        for (std::size_t r = 0; r < n; ++r) {
            detail::FeaturePtr feature(OGR_F_Create(defn));
            OGRFeatureH f = static_cast<OGRFeatureH>(feature.get());
            for (std::size_t c = 0; c < table->columns.size(); ++c) {
                const int idx = static_cast<int>(c);
                if (const auto* num = std::get_if<std::vector<double>>(&table->columns[c].values)) {
                    if (!std::isfinite((*num)[r])) {
                        OGR_F_SetFieldNull(f, idx);
                    } else if (kinds[c] == FieldKind::real) {
                        OGR_F_SetFieldDouble(f, idx, (*num)[r]);
                    } else {
                        OGR_F_SetFieldInteger64(f, idx, static_cast<GIntBig>((*num)[r]));
                    }
                } else if (kinds[c] == FieldKind::time) {
                    set_time_field(f, idx, std::get<std::vector<std::string>>(table->columns[c].values)[r]);
                } else {
                    OGR_F_SetFieldString(f, idx, std::get<std::vector<std::string>>(table->columns[c].values)[r].c_str());
                }
            }
            if (gtype != wkbNone && r < table->geometry.size() && !table->geometry[r].empty()) {
                const auto& pts = table->geometry[r];
                OGRGeometryH g = OGR_G_CreateGeometry(gtype);
                if (gtype == wkbPoint) {
                    OGR_G_SetPoint_2D(g, 0, pts[0].lon_deg, pts[0].lat_deg);
                } else {
                    for (const auto& p : pts) {
                        OGR_G_AddPoint_2D(g, p.lon_deg, p.lat_deg);
                    }
                }
                OGR_F_SetGeometryDirectly(f, g);
            }
            if (OGR_L_CreateFeature(layer, f) != OGRERR_NONE) {
                fail(table->name, "cannot write feature " + std::to_string(r));
            }
        }
        if (GDALDatasetCommitTransaction(ds.get()) != OGRERR_NONE) {
            fail(table->name, "cannot commit the layer");
        }
    }
    ds.reset();
}

std::string csv_cell(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) {
        return s;
    }
    std::string out = "\"";
    for (char c : s) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

}  // namespace swx::io
