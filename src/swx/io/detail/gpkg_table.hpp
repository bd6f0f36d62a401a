#pragma once
/// @file gpkg_table.hpp
/// The rows of one GeoPackage table read with SQLite directly, beside GDAL's GPKG driver: a fast path
/// for readers of large layers (grid_reader). GDAL still opens the layer (its fields, CRS and every
/// layer-level check); this reads the same rows in the same order (rowid) without an OGRFeature each.
/// Only plain values are taken here (a value of the storage class its OGR field type declares, a
/// 2D or Z Point/LineString/MultiLineString geometry with finite coordinates); for anything else the
/// caller reads that feature through OGR (by its FID), so both paths give the same values and errors.

#ifndef SWX_IO_INTERNAL
#error "swx/io/detail/gpkg_table.hpp is internal to swx::io"
#endif

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace swx::io::detail {

/// A geometry decoded from a GeoPackage binary blob (GeoPackageBinary header + ISO WKB).
struct GpkgGeometry {
    enum class Kind { point, line_string, multi_line_string };
    Kind kind = Kind::point;
    /// Vertices of every part, x then y (Z is dropped, as the OGR path drops it); part_end[i] is the
    /// end (in vertices) of part i.
    std::vector<double> x;
    std::vector<double> y;
    std::vector<std::size_t> part_end;
};

/// Decodes a blob when it is plain: "GP" header version 0, standard (not extended) type, not flagged
/// empty, envelope 0-4, WKB Point/LineString/MultiLineString in 2D or with Z (ISO codes 1001, 1002,
/// 1005), either byte order, every coordinate finite and the blob exactly consumed. Returns false for
/// anything else (which the caller hands to OGR), never reads past `size`.
[[nodiscard]] bool decode_gpkg_geometry(const unsigned char* blob, std::size_t size, GpkgGeometry& out);

/// What a field holds, as OGR types it: the storage class a plain value of it has (`other`: a field
/// the caller does not read, not checked).
enum class GpkgColumn { text, real, integer, integer64, other };

class GpkgTable {
public:
    /// Opens `path` read-only and prepares SELECT fid[, geometry], fields... FROM table. Returns nullptr
    /// (no fast path) when SQLite cannot open or prepare it.
    static std::unique_ptr<GpkgTable> open(const std::string& path, const std::string& table, const std::string& fid_column,
                                           const std::string& geometry_column, const std::vector<std::string>& fields,
                                           const std::vector<GpkgColumn>& types);
    ~GpkgTable();
    GpkgTable(const GpkgTable&) = delete;
    GpkgTable& operator=(const GpkgTable&) = delete;

    /// Next row; false at the end. @throws Error naming the file and layer for an SQLite error while stepping.
    bool next();
    /// True when every field of the row holds a value of its declared storage class (or NULL), and the
    /// geometry is a blob or NULL. Call it once per row, before the accessors below.
    [[nodiscard]] bool plain();
    [[nodiscard]] std::int64_t fid() const;
    [[nodiscard]] bool is_null(int field) const;
    /// The field's text as SQLite stores it (a text field); "" for NULL.
    [[nodiscard]] std::string_view text(int field) const;
    [[nodiscard]] double real(int field) const;       ///< sqlite3_column_double, as GDAL reads a Real field
    [[nodiscard]] std::int64_t integer(int field) const;  ///< sqlite3_column_int / _int64 by the field's type
    [[nodiscard]] GpkgColumn type(int field) const { return m_types[static_cast<std::size_t>(field)]; }
    /// The geometry blob; size 0 when NULL or when the table has no geometry column.
    [[nodiscard]] std::pair<const unsigned char*, std::size_t> geometry() const;

private:
    GpkgTable() = default;
    [[nodiscard]] int column(int field) const { return m_first_field + field; }

    std::string m_path;   ///< for error messages
    std::string m_table;
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
    int m_first_field = 1;
    bool m_has_geometry = false;
    std::vector<GpkgColumn> m_types;
    std::vector<int> m_storage;  ///< the row's storage class per field (plain())
    int m_geometry_storage = 0;
};

}  // namespace swx::io::detail
