/// @file magnetometer_set.cpp
/// Many magnetometer records with their positions: the record files of a source, stations tables, the
/// orientation check of records a NERC table marks "Geomagnetic", and read_magnetometers (which lays
/// them on one grid with align_stations). docs/storm-data.md, "Many magnetometers: records and positions".

#define SWX_IO_INTERNAL
#include <swx/io/magnetometer_set.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/problems.hpp>
#include <swx/core/base/text.hpp>
#include <swx/core/base/time.hpp>
#include <swx/core/storm/igrf.hpp>
#include <swx/io/detail/csv.hpp>
#include <swx/io/detail/magnetometer_text.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <numbers>
#include <optional>

namespace fs = std::filesystem;

namespace swx::io {

namespace {

constexpr const char* set_stage = "readers.magnetometers";
constexpr const char* table_stage = "readers.stations_table";
/// Header and table positions further apart than this (either coordinate, degrees) are reported.
constexpr double position_tolerance_deg = 0.1;
/// A baseline declination within this of the IGRF declination (or of 0) decides a record's axes.
constexpr double orientation_tolerance_deg = 3.0;

std::string fmt(double v, int digits = 6) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    return buf;
}

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

/// Lower case, letters, digits and '_' only: " Device ID" -> "deviceid", "lat_deg" -> "lat_deg".
std::string header_key(std::string_view s) {
    std::string out;
    for (const unsigned char c : s) {
        if (std::isalnum(c) != 0 || c == '_') {
            out.push_back(static_cast<char>(std::tolower(c)));
        }
    }
    return out;
}

struct TableColumns {
    bool nerc = false;
    std::size_t id = 0, lat = 0, lon = 0;
    std::optional<std::size_t> orientation;
};

std::optional<TableColumns> table_columns(const std::vector<std::string>& names) {
    std::vector<std::string> keys;
    keys.reserve(names.size());
    for (const auto& n : names) {
        keys.push_back(header_key(n));
    }
    if (keys.size() >= 3 && keys[0] == "deviceid" && keys[1] == "latitude" && keys[2] == "longitude") {
        TableColumns c{true, 0, 1, 2, std::nullopt};
        if (keys.size() >= 4 && keys[3] == "orientation") {
            c.orientation = 3;
        }
        return c;
    }
    const auto find = [&](const char* k) -> std::optional<std::size_t> {
        const auto it = std::find(keys.begin(), keys.end(), k);
        return it == keys.end() ? std::nullopt : std::optional<std::size_t>(static_cast<std::size_t>(it - keys.begin()));
    };
    const auto id = find("id");
    const auto lat = find("lat_deg");
    const auto lon = find("lon_deg");
    if (!id || !lat || !lon) {
        return std::nullopt;
    }
    return TableColumns{false, *id, *lat, *lon, std::nullopt};
}

/// The first line that is neither blank nor a `#` comment, or npos.
std::size_t first_content_line(const std::vector<std::string>& lines) {
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string t = trim(lines[i]);
        if (!t.empty() && t.front() != '#') {
            return i;
        }
    }
    return std::string::npos;
}

/// Longitude in degrees east normalised to −180..180 (180 stays 180).
double normalise_lon(double lon) { return lon > 180.0 ? lon - 360.0 : lon; }

/// The first non-blank, non-comment line of a file (at most 64 KiB read), or "".
std::string first_line_of(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::string line;
    std::size_t read = 0;
    while (std::getline(in, line) && read < 65536) {
        read += line.size() + 1;
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        const std::string t = trim(line);
        if (!t.empty() && t.front() != '#') {
            return t;
        }
    }
    return {};
}

bool is_table_name(const fs::path& p) {
    const std::string n = lower(p.filename().string());
    return n == "stations.csv" || n == "magnetometers.csv";
}

/// Median of a whole component.
double median(std::vector<double> v) {
    const std::size_t mid = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
    const double upper = v[mid];
    if (v.size() % 2 == 1) {
        return upper;
    }
    return 0.5 * (upper + *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid)));
}

/// Decimal year of a UTC time (for the IGRF epoch).
double decimal_year(double t_unix_s) {
    const std::string iso = format_iso8601_utc(static_cast<std::int64_t>(std::floor(t_unix_s)));
    const int year = std::stoi(iso.substr(0, 4));
    const double start = static_cast<double>(days_from_civil(year, 1, 1)) * 86400.0;
    const double end = static_cast<double>(days_from_civil(year + 1, 1, 1)) * 86400.0;
    return year + (t_unix_s - start) / (end - start);
}

double wrap_deg(double d) {
    d = std::fmod(d + 180.0, 360.0);
    if (d < 0) {
        d += 360.0;
    }
    return d - 180.0;
}

/// A record whose table orientation says geomagnetic: decide its axes from its baseline declination.
void check_orientation(MagnetometerSeries& s, const StationRecord& st, const StationTableEntry& entry,
                       const std::string& table_path, ProblemSink& problems) {
    const double bx = median(s.bx_nt);
    const double by = median(s.by_nt);
    const double d_rec = std::atan2(by, bx) * 180.0 / std::numbers::pi;
    const double t_mid = static_cast<double>(s.t0_unix_s) + 0.5 * s.dt_s * static_cast<double>(s.size() - 1);
    const double epoch = decimal_year(t_mid);
    const MainField f = igrf_field(st.location.lat_deg, st.location.lon_deg, 0.0, epoch, &problems);
    const double d_igrf = f.declination_deg;
    const double off_igrf = wrap_deg(d_rec - d_igrf);
    const std::string facts = "the stations table " + table_path + " (line " + std::to_string(entry.line) +
                              ") gives orientation '" + entry.orientation + "', but the record's median baseline (N " +
                              fixed(bx, 0) + " nT, E " + fixed(by, 0) + " nT) points " + fixed(d_rec, 1) +
                              "° east of north, and the IGRF-14 declination at " + fixed(st.location.lat_deg, 2) +
                              "° N " + fixed(st.location.lon_deg, 2) + "° E, epoch " + fixed(epoch, 2) + " is " +
                              fixed(d_igrf, 1) + "°";
    if (std::abs(off_igrf) <= orientation_tolerance_deg) {
        problems.warn("orientation_geographic", st.id, s.source_path,
                      facts + ": the baseline follows the local declination, so the axes are geographic; N/E are read as "
                              "geographic X/Y unchanged");
        return;
    }
    if (std::abs(d_rec) <= orientation_tolerance_deg) {
        const double d = d_igrf * std::numbers::pi / 180.0;
        const double c = std::cos(d);
        const double sn = std::sin(d);
        for (std::size_t i = 0; i < s.size(); ++i) {
            const double x = s.bx_nt[i];
            const double y = s.by_nt[i];
            s.bx_nt[i] = x * c - y * sn;
            s.by_nt[i] = x * sn + y * c;
        }
        problems.warn("orientation_rotated", st.id, s.source_path,
                      facts + ": the baseline points to magnetic north, so the axes are geomagnetic; rotated by the "
                              "IGRF declination " + fixed(d_igrf, 2) + "° to geographic X/Y");
        return;
    }
    throw InputError(ErrorContext{set_stage, s.source_path, "", st.id, "Orientation"},
                     facts + ": the baseline is within " + fmt(orientation_tolerance_deg) +
                         "° of neither the IGRF declination (geographic axes) nor 0° (geomagnetic axes), so the "
                         "record's axes are ambiguous; correct the record or its orientation in the table");
}

}  // namespace

const StationTableEntry* StationTable::find(const std::string& id) const {
    for (const auto& e : entries) {
        if (e.id == id) {
            return &e;
        }
    }
    return nullptr;
}

bool is_station_table_header(const std::string& header_line) {
    return table_columns(split_csv(trim(header_line), ',')).has_value();
}

StationTable read_station_table(const std::string& path) {
    ErrorContext ctx{table_stage, path, "", "", ""};
    const auto lines = detail::read_text_lines(path, ctx);
    const std::size_t h = first_content_line(lines);
    if (h == std::string::npos) {
        throw InputError(ctx, "no header row");
    }
    const auto names = split_csv(trim(lines[h]), ',');
    const auto columns = table_columns(names);
    if (!columns) {
        throw InputError(ctx, "line " + std::to_string(h + 1) + ": header '" + trim(lines[h]) +
                                  "' is not a stations table; expected columns id, lat_deg, lon_deg (degrees east) or "
                                  "NERC's Device ID, Latitude, Longitude, Orientation (longitude positive west)");
    }
    StationTable table;
    table.path = path;
    table.nerc_layout = columns->nerc;
    std::map<std::string, std::size_t> seen;
    const std::size_t needed = std::max({columns->id, columns->lat, columns->lon}) + 1;
    for (std::size_t li = h + 1; li < lines.size(); ++li) {
        const std::string t = trim(lines[li]);
        if (t.empty() || t.front() == '#') {
            continue;
        }
        const std::size_t lineno = li + 1;
        const std::string at = "line " + std::to_string(lineno);
        const auto fields = split_csv(t, ',');
        if (fields.size() < needed) {
            throw InputError(ctx, at + ": " + std::to_string(fields.size()) + " fields; expected at least " +
                                      std::to_string(needed));
        }
        StationTableEntry e;
        e.line = lineno;
        e.id = trim(fields[columns->id]);
        if (e.id.empty()) {
            ctx.field = trim(names[columns->id]);
            throw InputError(ctx, at + ": empty station id");
        }
        ctx.feature = e.id;
        const auto number = [&](std::size_t column) {
            ctx.field = trim(names[column]);
            const auto v = detail::parse_number(fields[column]);
            if (!v || !std::isfinite(*v)) {
                throw InputError(ctx, at + ": '" + trim(fields[column]) + "' is not a number");
            }
            return *v;
        };
        e.lat_deg = number(columns->lat);
        if (std::abs(e.lat_deg) > 90.0) {
            throw InputError(ctx, at + ": latitude " + fmt(e.lat_deg) + "° is outside [-90, 90]");
        }
        const double lon = number(columns->lon);
        // NERC writes longitudes as positive numbers meaning west (magnetometers.csv of the ERO portal). A
        // negative one is most likely already degrees east: refused rather than guessed (a wrong guess puts
        // the station on the other side of the Earth).
        if (columns->nerc && lon < 0.0) {
            throw InputError(ctx, at + ": longitude " + fmt(lon) + " is negative, but NERC's magnetometers.csv writes longitudes "
                                      "as positive degrees west; write it as " + fmt(-lon) + " (west), or use an id, lat_deg, "
                                      "lon_deg table in degrees east");
        }
        const double lon_east = columns->nerc ? -lon : lon;
        if (!(lon_east >= -180.0 && lon_east <= 360.0)) {
            throw InputError(ctx, at + ": longitude " + fmt(lon) + "°" + (columns->nerc ? " west" : " east") +
                                      " is outside " + (columns->nerc ? "[0, 180] west" : "[-180, 360] east"));
        }
        e.lon_deg = normalise_lon(lon_east);
        if (columns->orientation && *columns->orientation < fields.size()) {
            e.orientation = trim(fields[*columns->orientation]);
        }
        if (const auto [it, fresh] = seen.emplace(e.id, lineno); !fresh) {
            ctx.field = trim(names[columns->id]);
            throw InputError(ctx, at + ": station '" + e.id + "' is listed again (first on line " +
                                      std::to_string(it->second) + ")");
        }
        ctx.feature.clear();
        ctx.field.clear();
        table.entries.push_back(std::move(e));
    }
    return table;
}

std::vector<std::string> magnetometer_files(const std::string& source) {
    const ErrorContext ctx{set_stage, source, "", "", ""};
    std::error_code ec;
    const fs::path src(trim(source));
    if (trim(source).empty()) {
        throw InputError(ctx, "no magnetometer source given (a folder, a file, or a comma-separated list of files)");
    }
    if (fs::is_directory(src, ec)) {
        std::vector<std::string> files;
        for (const auto& entry : fs::directory_iterator(src, ec)) {
            if (!entry.is_regular_file(ec)) {
                continue;
            }
            const fs::path& p = entry.path();
            const std::string ext = lower(p.extension().string());
            if (ext != ".min" && ext != ".sec" && ext != ".csv") {
                continue;
            }
            if (ext == ".csv" && (is_table_name(p) || is_station_table_header(first_line_of(p)))) {
                continue;
            }
            files.push_back(p.string());
        }
        if (ec) {
            throw InputError(ctx, "cannot list the folder: " + ec.message());
        }
        std::sort(files.begin(), files.end());
        if (files.empty()) {
            throw InputError(ctx, "the folder has no magnetometer record (*.min, *.sec or *.csv other than a stations table)");
        }
        return files;
    }
    if (fs::is_regular_file(src, ec)) {
        return {src.string()};
    }
    std::vector<std::string> files;
    for (const auto& item : split_csv(source, ',')) {
        const std::string p = trim(item);
        if (p.empty()) {
            continue;
        }
        if (!fs::is_regular_file(fs::path(p), ec)) {
            throw InputError(ErrorContext{set_stage, p, "", "", ""},
                             "magnetometer record not found" +
                                 (source.find(',') != std::string::npos ? " (listed in '" + source + "')" : std::string()));
        }
        files.push_back(p);
    }
    if (files.empty()) {
        throw InputError(ctx, "no magnetometer record listed");
    }
    return files;
}

StationSet read_magnetometers(const std::string& source, const MagnetometerSetOptions& options, ProblemSink& problems) {
    const auto files = magnetometer_files(source);
    std::error_code ec;
    // The stations table: the option, else the folder's stations.csv or magnetometers.csv.
    std::optional<StationTable> table;
    if (!options.stations.empty()) {
        table = read_station_table(options.stations);
    } else if (fs::is_directory(fs::path(trim(source)), ec)) {
        const fs::path dir(trim(source));
        const fs::path a = dir / "stations.csv";
        const fs::path b = dir / "magnetometers.csv";
        const bool has_a = fs::is_regular_file(a, ec);
        const bool has_b = fs::is_regular_file(b, ec);
        if (has_a) {
            table = read_station_table(a.string());
            if (has_b) {
                problems.warn("stations_table_ignored", "", b.string(),
                              "the folder has both stations.csv and magnetometers.csv; positions are read from " +
                                  a.string() + " only (name a table with the stations option to choose)");
            }
        } else if (has_b) {
            table = read_station_table(b.string());
        }
    }
    std::vector<MagnetometerSeries> records;
    std::vector<StationRecord> stations;
    records.reserve(files.size());
    stations.reserve(files.size());
    for (const auto& file : files) {
        MagnetometerSeries s = read_magnetometer(file, options.record);
        warn_gap_filling(s, problems);
        StationRecord st;
        st.source_path = file;
        const std::string stem = fs::path(file).stem().string();
        st.id = trim(s.station).empty() ? stem : trim(s.station);
        const StationTableEntry* entry = nullptr;
        if (table) {
            entry = table->find(st.id);
            if (entry == nullptr && stem != st.id) {
                entry = table->find(stem);
            }
        }
        const bool header_position = std::isfinite(s.latitude_deg) && std::isfinite(s.longitude_deg);
        if (header_position) {
            st.location = GeoPoint{normalise_lon(s.longitude_deg), s.latitude_deg};
            st.position_source = "IAGA-2002 header";
            if (entry != nullptr && (std::abs(entry->lat_deg - st.location.lat_deg) > position_tolerance_deg ||
                                     std::abs(wrap_deg(entry->lon_deg - st.location.lon_deg)) > position_tolerance_deg)) {
                problems.warn("station_position_disagrees", st.id, file,
                              "the record's header gives " + fixed(st.location.lat_deg, 3) + "° N " +
                                  fixed(st.location.lon_deg, 3) + "° E, the stations table " + table->path + " (line " +
                                  std::to_string(entry->line) + ") " + fixed(entry->lat_deg, 3) + "° N " +
                                  fixed(entry->lon_deg, 3) + "° E (over " + fmt(position_tolerance_deg) +
                                  "° apart); the header's position is used");
            }
        } else if (entry != nullptr) {
            st.location = GeoPoint{entry->lon_deg, entry->lat_deg};
            st.position_source = "stations table " + table->path;
        } else {
            throw InputError(ErrorContext{set_stage, file, "", st.id, "position"},
                             "record of station '" + st.id + "' has no position: " +
                                 (table ? "no row '" + st.id + "' in the stations table " + table->path
                                        : std::string("no stations table (stations.csv or magnetometers.csv in the folder, or the stations option)")) +
                                 " and no Geodetic Latitude/Longitude in an IAGA-2002 header");
        }
        if (!(std::abs(st.location.lat_deg) <= 90.0 && std::abs(st.location.lon_deg) <= 180.0)) {
            throw InputError(ErrorContext{set_stage, file, "", st.id, "position"},
                             "position " + fmt(st.location.lat_deg) + "° N " + fmt(st.location.lon_deg) + "° E (from the " +
                                 st.position_source + ") is not on the globe");
        }
        if (entry != nullptr && lower(entry->orientation).find("geomagnetic") != std::string::npos) {
            check_orientation(s, st, *entry, table->path, problems);
        }
        records.push_back(std::move(s));
        stations.push_back(std::move(st));
    }
    StationSet set = align_stations(std::move(records), std::move(stations), options.set);
    for (const TrimNote& t : set.trimmed) {
        const StationRecord& st = set.stations[t.station];
        problems.warn("record_trimmed", st.id, st.source_path,
                      std::to_string(t.samples_before) + " samples before and " + std::to_string(t.samples_after) +
                          " after the common span of the records (" + format_iso8601_utc(set.t0_unix_s) + " to " +
                          format_iso8601_utc_ms(static_cast<double>(set.t0_unix_s) +
                                                static_cast<double>(set.steps() - 1) * set.dt_s) +
                          ") were dropped");
    }
    return set;
}

}  // namespace swx::io
