#pragma once
/// @file magnetometer_set.hpp
/// Reading many magnetometer records (a folder, or a list of files) with their positions, into a
/// StationSet (core/storm/station_set.hpp). docs/storm-data.md, "Many magnetometers".
///
/// Records: IAGA-2002 files (position from the header's Geodetic Latitude/Longitude), CSV files as
/// read_magnetometer_csv reads them, and NERC ERO portal CSV files (header
/// `MagnetometerDeviceID,SampleDateTime,GeoBfieldMeasureNorth,GeoBfieldMeasureEast,GeoBfieldMeasureVertical`,
/// times `M/D/YYYY h:mm:ss AM|PM` in UTC; the station id is the device id).
/// Positions of CSV records come from a stations table: a CSV with `id, lat_deg, lon_deg` (degrees east),
/// or NERC's `magnetometers.csv` (`Device ID, Latitude, Longitude, Orientation`, longitudes positive
/// west, recognised by its header). A folder's table is `stations.csv` or `magnetometers.csv` in it;
/// an explicit table (option `stations`) takes precedence. A table position overrides nothing in an
/// IAGA-2002 header unless the header has none (a disagreement over 0.1° is a warning).

#include <swx/core/storm/station_set.hpp>
#include <swx/io/magnetometer.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace swx {
class ProblemSink;
}

namespace swx::io {

struct MagnetometerSetOptions {
    MagnetometerOptions record;  ///< CSV columns (applied to every generic CSV) and max_gap_s
    std::string stations;        ///< stations table; "" = the folder's stations.csv / magnetometers.csv
    StationSetOptions set;       ///< baseline
};

/// The record files of `source`: a folder (its *.min, *.sec, *.csv files except the stations tables,
/// sorted by name), a single record file, or a comma-separated list of files.
/// @throws InputError if the folder has no record or a listed file does not exist.
[[nodiscard]] std::vector<std::string> magnetometer_files(const std::string& source);

/// Reads every record of `source` with its position and aligns them (align_stations).
/// Warnings go to `problems`: `gaps_filled` (per record, warn_gap_filling), `record_trimmed` (per TrimNote),
/// `station_position_disagrees` (IAGA-2002 header vs table, over 0.1°), `stations_table_ignored` (a folder
/// with both tables), `orientation_geographic` / `orientation_rotated` (below).
/// Orientation check: for a record whose NERC table row says "Geomagnetic", the direction of its raw
/// median baseline, atan2(E, N), is compared with the IGRF-14 declination D at the station and the
/// record's mid-time: within 3° of D the axes are taken as geographic (unchanged, warned); within 3° of 0
/// they are geomagnetic and are rotated by D to geographic (warned); otherwise an InputError.
/// @throws InputError naming the file (and line, field) for a bad record or table, a record without a
/// position, an ambiguous orientation, or an alignment failure.
[[nodiscard]] StationSet read_magnetometers(const std::string& source, const MagnetometerSetOptions& options,
                                            ProblemSink& problems);

/// One station of a stations table.
struct StationTableEntry {
    std::string id;
    double lat_deg = 0.0;     ///< geodetic, degrees north
    double lon_deg = 0.0;     ///< degrees EAST in −180..180 (NERC's west-positive values converted)
    std::string orientation;  ///< NERC's Orientation cell as written ("1 - Geographic", "2 - Geomagnetic"); "" otherwise
    std::size_t line = 0;     ///< source line
};

/// A stations table as read: `id, lat_deg, lon_deg` (other columns ignored; `#` comment lines allowed) or
/// NERC's `Device ID, Latitude, Longitude, Orientation` (longitude positive west, negated here).
struct StationTable {
    std::string path;
    bool nerc_layout = false;
    std::vector<StationTableEntry> entries;
    [[nodiscard]] const StationTableEntry* find(const std::string& id) const;
};

/// True if `header_line` (the first non-blank, non-comment line of a CSV) is a stations table header.
[[nodiscard]] bool is_station_table_header(const std::string& header_line);

/// Reads a stations table. @throws InputError naming the file, line and field for an unknown header, a
/// missing or non-numeric cell, a latitude outside [−90, 90], a longitude outside [−180, 360] (0–360 is
/// normalised to −180..180), or an id listed twice.
[[nodiscard]] StationTable read_station_table(const std::string& path);

/// Reads a NERC ERO portal magnetometer CSV (the layout above). One device per file.
/// @throws InputError as read_magnetometer, and for a file with two device ids.
[[nodiscard]] MagnetometerSeries read_nerc_magnetometer_csv(const std::string& path, const MagnetometerOptions& options = {});

}  // namespace swx::io
