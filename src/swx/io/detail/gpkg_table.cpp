#define SWX_IO_INTERNAL
#include <swx/io/detail/gpkg_table.hpp>

#include <swx/core/base/error.hpp>

#include <sqlite3.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace swx::io::detail {

namespace {

/// Reads WKB from a bounded buffer; every read checks the bound.
class WkbCursor {
public:
    WkbCursor(const unsigned char* p, std::size_t n) : m_p(p), m_end(p + n) {}
    [[nodiscard]] bool done() const { return m_p == m_end; }
    bool byte(unsigned char& v) {
        if (m_end - m_p < 1) {
            return false;
        }
        v = *m_p++;
        return true;
    }
    bool u32(std::uint32_t& v, bool little) {
        if (m_end - m_p < 4) {
            return false;
        }
        std::memcpy(&v, m_p, 4);
        m_p += 4;
        if (little != (std::endian::native == std::endian::little)) {
            v = __builtin_bswap32(v);
        }
        return true;
    }
    bool f64(double& v, bool little) {
        if (m_end - m_p < 8) {
            return false;
        }
        std::uint64_t u = 0;
        std::memcpy(&u, m_p, 8);
        m_p += 8;
        if (little != (std::endian::native == std::endian::little)) {
            u = __builtin_bswap64(u);
        }
        v = std::bit_cast<double>(u);
        return true;
    }
    bool skip(std::size_t n) {
        if (static_cast<std::size_t>(m_end - m_p) < n) {
            return false;
        }
        m_p += n;
        return true;
    }
    [[nodiscard]] std::size_t left() const { return static_cast<std::size_t>(m_end - m_p); }

private:
    const unsigned char* m_p;
    const unsigned char* m_end;
};

/// A WKB geometry header: byte order and type. `dims` becomes 2 or 3 (ISO Z); false for other types.
bool wkb_header(WkbCursor& c, std::uint32_t& base_type, bool& little, int& dims) {
    unsigned char order = 0;
    std::uint32_t type = 0;
    if (!c.byte(order) || order > 1) {
        return false;
    }
    little = order == 1;
    if (!c.u32(type, little)) {
        return false;
    }
    if (type >= 1000 && type < 2000) {
        dims = 3;
        base_type = type - 1000;
    } else if (type < 1000) {
        dims = 2;
        base_type = type;
    } else {
        return false;  // M, ZM, EWKB-style flags: OGR reads them
    }
    return true;
}

bool points(WkbCursor& c, bool little, int dims, std::size_t n, GpkgGeometry& out) {
    if (n > c.left() / (8 * static_cast<std::size_t>(dims))) {
        return false;
    }
    for (std::size_t i = 0; i < n; ++i) {
        double x = 0.0;
        double y = 0.0;
        if (!c.f64(x, little) || !c.f64(y, little) || (dims == 3 && !c.skip(8)) || !std::isfinite(x) || !std::isfinite(y)) {
            return false;
        }
        out.x.push_back(x);
        out.y.push_back(y);
    }
    out.part_end.push_back(out.x.size());
    return true;
}

bool line_string(WkbCursor& c, bool little, int dims, GpkgGeometry& out) {
    std::uint32_t n = 0;
    return c.u32(n, little) && points(c, little, dims, n, out);
}

}  // namespace

bool decode_gpkg_geometry(const unsigned char* blob, std::size_t size, GpkgGeometry& out) {
    out.x.clear();
    out.y.clear();
    out.part_end.clear();
    if (size < 8 || blob[0] != 'G' || blob[1] != 'P' || blob[2] != 0) {
        return false;
    }
    const unsigned char flags = blob[3];
    if ((flags & 0x30U) != 0) {
        return false;  // empty or extended geometry: OGR reads it
    }
    static constexpr std::size_t envelope_bytes[8] = {0, 32, 48, 48, 64, 0, 0, 0};
    const unsigned envelope = (flags >> 1U) & 0x07U;
    if (envelope > 4) {
        return false;
    }
    const std::size_t header = 8 + envelope_bytes[envelope];
    if (size < header) {
        return false;
    }
    WkbCursor c(blob + header, size - header);
    std::uint32_t type = 0;
    bool little = true;
    int dims = 2;
    if (!wkb_header(c, type, little, dims)) {
        return false;
    }
    bool ok = false;
    if (type == 1) {
        out.kind = GpkgGeometry::Kind::point;
        ok = points(c, little, dims, 1, out);
    } else if (type == 2) {
        out.kind = GpkgGeometry::Kind::line_string;
        ok = line_string(c, little, dims, out);
    } else if (type == 5) {
        out.kind = GpkgGeometry::Kind::multi_line_string;
        std::uint32_t parts = 0;
        ok = c.u32(parts, little) && parts <= c.left() / 9;
        for (std::uint32_t i = 0; ok && i < parts; ++i) {
            std::uint32_t part_type = 0;
            bool part_little = true;
            int part_dims = 2;
            ok = wkb_header(c, part_type, part_little, part_dims) && part_type == 2 && part_dims == dims &&
                 line_string(c, part_little, part_dims, out);
        }
    }
    return ok && c.done();
}

std::unique_ptr<GpkgTable> GpkgTable::open(const std::string& path, const std::string& table, const std::string& fid_column,
                                           const std::string& geometry_column, const std::vector<std::string>& fields,
                                           const std::vector<GpkgColumn>& types) {
    auto quoted = [](const std::string& name) {
        std::string q = "\"";
        for (const char ch : name) {
            q += ch;
            if (ch == '"') {
                q += '"';
            }
        }
        return q + "\"";
    };
    std::unique_ptr<GpkgTable> t(new GpkgTable());
    t->m_path = path;
    t->m_table = table;
    if (sqlite3_open_v2(path.c_str(), &t->m_db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
        return nullptr;
    }
    std::string sql = "SELECT " + quoted(fid_column);
    if (!geometry_column.empty()) {
        sql += ", " + quoted(geometry_column);
        t->m_has_geometry = true;
        t->m_first_field = 2;
    }
    for (const auto& f : fields) {
        sql += ", " + quoted(f);
    }
    sql += " FROM " + quoted(table) + " ORDER BY " + quoted(fid_column);  // fid order, as OGR reads it
    if (sqlite3_prepare_v2(t->m_db, sql.c_str(), -1, &t->m_stmt, nullptr) != SQLITE_OK) {
        return nullptr;
    }
    t->m_types = types;
    return t;
}

GpkgTable::~GpkgTable() {
    sqlite3_finalize(m_stmt);
    sqlite3_close_v2(m_db);
}

bool GpkgTable::next() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    throw Error({"readers.gpkg", m_path, m_table, "", ""},
                std::string("SQLite cannot read the layer's rows (a damaged or locked GeoPackage?): ") + sqlite3_errmsg(m_db));
}

bool GpkgTable::plain() {
    m_storage.resize(m_types.size());
    bool plain = true;
    for (std::size_t i = 0; i < m_types.size(); ++i) {
        if (m_types[i] == GpkgColumn::other) {
            m_storage[i] = SQLITE_NULL;  // not read by the caller
            continue;
        }
        const int storage = sqlite3_column_type(m_stmt, column(static_cast<int>(i)));
        m_storage[i] = storage;
        if (storage == SQLITE_NULL) {
            continue;
        }
        switch (m_types[i]) {
            case GpkgColumn::text: plain = plain && storage == SQLITE_TEXT; break;
            case GpkgColumn::real: plain = plain && (storage == SQLITE_FLOAT || storage == SQLITE_INTEGER); break;
            case GpkgColumn::integer:
            case GpkgColumn::integer64: plain = plain && storage == SQLITE_INTEGER; break;
            case GpkgColumn::other: break;
        }
    }
    if (m_has_geometry) {
        m_geometry_storage = sqlite3_column_type(m_stmt, 1);
        plain = plain && (m_geometry_storage == SQLITE_NULL || m_geometry_storage == SQLITE_BLOB);
    }
    return plain;
}

std::int64_t GpkgTable::fid() const { return sqlite3_column_int64(m_stmt, 0); }

bool GpkgTable::is_null(int field) const { return field < 0 || m_storage[static_cast<std::size_t>(field)] == SQLITE_NULL; }

std::string_view GpkgTable::text(int field) const {
    if (is_null(field)) {
        return {};
    }
    const auto* s = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column(field)));
    return s == nullptr ? std::string_view() : std::string_view(s);  // up to a NUL, as GDAL reads it
}

double GpkgTable::real(int field) const { return sqlite3_column_double(m_stmt, column(field)); }

std::int64_t GpkgTable::integer(int field) const {
    return type(field) == GpkgColumn::integer ? static_cast<std::int64_t>(sqlite3_column_int(m_stmt, column(field)))
                                              : static_cast<std::int64_t>(sqlite3_column_int64(m_stmt, column(field)));
}

std::pair<const unsigned char*, std::size_t> GpkgTable::geometry() const {
    if (!m_has_geometry || m_geometry_storage != SQLITE_BLOB) {
        return {nullptr, 0};
    }
    const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(m_stmt, 1));
    return {p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, 1))};
}

}  // namespace swx::io::detail
