#pragma once
/// @file efield_run.hpp
/// `swxrisk efield` (E(t) from a magnetometer record over one earth model, to CSV or HDF5) and
/// `swxrisk efield-map` (a NERC scenario's peak field over an area, to GeoTIFF).

#include <swx/core/base/problems.hpp>
#include <swx/core/base/raster.hpp>
#include <swx/study/requests.hpp>

#include <ostream>
#include <string>

namespace swx::study {

struct EfieldRequest {
    std::string magnetometer;                      ///< record (IAGA-2002 or CSV)
    io::MagnetometerOptions magnetometer_options;  ///< CSV columns, gap policy
    std::string earth_model;                       ///< model name
    std::string models_dir;                        ///< extra models ("" = bundled only)
    std::string earth_regions;                     ///< with a varying field: regions for the 1-D ground at `at`
    io::FieldConfig field;                         ///< many magnetometers (SECS) and/or MT sites
    std::string at;                                ///< "LAT,LON" (degrees): where E(t) is wanted (varying field only)
    std::string out;                               ///< .csv or .h5/.hdf5
    bool overwrite = false;
};

/// Writes E(t) (from one record over one model, or — with `field` — from many records and/or MT sites at
/// the point `at`); prints the record's summary and its peak |E| to `summary` (nullptr: none).
/// @throws ConfigError if `out` does not end in .csv, .h5 or .hdf5 or exists (and !overwrite);
///         InputError for a bad record or an unknown model.
/// `problems` (optional) receives the gap-filling warning.
void run_efield(const EfieldRequest& request, std::ostream* summary, ProblemSink* problems = nullptr);

struct EfieldMapRequest {
    StormRequest storm;   ///< scenario (required), waveform, epoch
    GroundRequest ground;
    GridSpec area;        ///< WGS84 bbox and resolution
    std::string crs = "EPSG:4326";
    std::string out;      ///< .tif / .tiff
    std::string series_out;  ///< storm records only: E(t) on the grid as HDF5 (.h5), "" = none
    bool overwrite = false;
};

/// The peak-field raster of a NERC scenario (E_ref·α·β per cell; NaN off the ground).
/// @throws ConfigError/InputError for bad options or inputs.
[[nodiscard]] Raster efield_map(const EfieldMapRequest& request, ProblemSink& problems);

/// efield_map written as a GeoTIFF with its provenance metadata; summary to `summary` (nullptr: none).
/// @throws ConfigError if `out` does not end in .tif/.tiff or exists (and !overwrite).
void run_efield_map(const EfieldMapRequest& request, ProblemSink& problems, std::ostream* summary);

/// Parses "W,S,E,N" (degrees) into a grid of `resolution_deg` cells.
/// @throws ConfigError naming `option` if it is not four numbers or the box is invalid.
[[nodiscard]] GridSpec parse_bbox(const std::string& text, double resolution_deg, const std::string& option);

}  // namespace swx::study
