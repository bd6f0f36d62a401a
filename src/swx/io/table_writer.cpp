#define SWX_IO_INTERNAL
#include <swx/io/table_writer.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/time.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string_view>

namespace swx::io {

namespace {

/// format_csv_number into `buf` (at least 64 chars); returns the end of the text.
char* put_csv_number(char* buf, double value) {
    if (!std::isfinite(value)) {
        if (std::isnan(value)) {
            return buf;
        }
        const char* s = value > 0 ? "inf" : "-inf";
        const std::size_t n = std::strlen(s);
        std::memcpy(buf, s, n);
        return buf + n;
    }
    if (value == 0.0) {
        *buf = '0';  // also folds -0
        return buf + 1;
    }
    constexpr std::size_t size = 64;
    auto [end, ec] = std::to_chars(buf, buf + size, value, std::chars_format::general, 10);
    if (ec != std::errc()) {
        std::memcpy(buf, "nan", 3);
        return buf + 3;
    }
    // Prefer plain notation for ordinary magnitudes.
    if (std::abs(value) >= 1e-4 && std::abs(value) < 1e15 && std::memchr(buf, 'e', static_cast<std::size_t>(end - buf)) != nullptr) {
        char fixed[size];
        auto [end2, ec2] = std::to_chars(fixed, fixed + size, value, std::chars_format::fixed, 10);
        if (ec2 == std::errc()) {
            while (end2 > fixed && end2[-1] == '0') {
                --end2;
            }
            if (end2 > fixed && end2[-1] == '.') {
                --end2;
            }
            const auto n = static_cast<std::size_t>(end2 - fixed);
            std::memcpy(buf, fixed, n);
            return buf + n;
        }
    }
    return end;
}

/// Appends one CSV cell (csv_cell) to `out`.
void put_csv_cell(std::string& out, const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) {
        out += s;
        return;
    }
    out += '"';
    for (const char c : s) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    out += '"';
}

}  // namespace

std::string format_csv_number(double value) {
    char buf[64];
    return {buf, put_csv_number(buf, value)};
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

void write_csv(const FeatureTable& table, const std::filesystem::path& path) {
    // Through one buffer, flushed in blocks of about 1 MiB.
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (file == nullptr) {
        throw Error({"writers.csv", path.string(), "", "", ""}, "cannot create the file");
    }
    constexpr std::size_t block = std::size_t{1} << 20;
    std::string buf;
    buf.reserve(block + 4096);
    bool ok = true;
    auto flush = [&] {
        ok = ok && std::fwrite(buf.data(), 1, buf.size(), file) == buf.size();
        buf.clear();
    };
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        if (c) {
            buf += ',';
        }
        put_csv_cell(buf, table.columns[c].name);
    }
    buf += '\n';
    std::vector<const std::vector<double>*> numbers;
    std::vector<const std::vector<std::string>*> texts;
    for (const Column& col : table.columns) {
        numbers.push_back(std::get_if<std::vector<double>>(&col.values));
        texts.push_back(std::get_if<std::vector<std::string>>(&col.values));
    }
    const std::size_t n = table.rows();
    char num[64];
    for (std::size_t r = 0; r < n; ++r) {
        for (std::size_t c = 0; c < numbers.size(); ++c) {
            if (c) {
                buf += ',';
            }
            if (numbers[c] != nullptr) {
                buf.append(num, put_csv_number(num, (*numbers[c])[r]));
            } else {
                put_csv_cell(buf, (*texts[c])[r]);
            }
        }
        buf += '\n';
        if (buf.size() >= block) {
            flush();
        }
    }
    flush();
    ok = std::fclose(file) == 0 && ok;
    if (!ok) {
        throw Error({"writers.csv", path.string(), "", "", ""}, "write failed (disk full?)");
    }
}

std::string csv_cell(const std::string& s) {
    std::string out;
    put_csv_cell(out, s);
    return out;
}

}  // namespace swx::io
