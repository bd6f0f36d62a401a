// Readers and writers: magnetometer records, NERC geoelectric waveforms, GeoTIFF rasters.

#include "bindings.hpp"
#include "numpy.hpp"

#include <swx/core/base/raster.hpp>
#include <swx/io/magnetometer.hpp>
#include <swx/io/magnetometer_set.hpp>
#include <swx/io/raster_writer.hpp>
#include <swx/io/waveform.hpp>

#include <array>
#include <cmath>
#include <map>
#include <optional>

namespace swx::python {

namespace {

py::dict read_magnetometer(const std::string& path, const std::string& time_column, const std::string& x_column,
                           const std::string& y_column, double max_gap_s) {
    const io::MagnetometerOptions o{time_column, x_column, y_column, max_gap_s};
    io::MagnetometerSeries s;
    {
        py::gil_scoped_release release;
        s = io::read_magnetometer(path, o);
    }
    py::array_t<std::int64_t> t(static_cast<py::ssize_t>(s.size()));
    for (std::size_t i = 0; i < s.size(); ++i) {
        t.mutable_data()[i] = s.t0_unix_s + static_cast<std::int64_t>(std::llround(static_cast<double>(i) * s.dt_s));
    }
    py::dict d;
    d["t_unix_s"] = t;
    d["bx_nt"] = to_array(s.bx_nt);
    d["by_nt"] = to_array(s.by_nt);
    d["dt_s"] = s.dt_s;
    d["station"] = s.station;
    d["latitude_deg"] = s.latitude_deg;
    d["longitude_deg"] = s.longitude_deg;
    d["n_interpolated"] = s.n_interpolated;
    return d;
}

BaselineMethod baseline_method(const std::string& name) {
    for (const BaselineMethod m : {BaselineMethod::median, BaselineMethod::mean, BaselineMethod::first_window}) {
        if (name == baseline_name(m)) {
            return m;
        }
    }
    throw ConfigError({"python", "", "", "", "baseline"}, "baseline '" + name + "'; expected median, mean or first_window");
}

/// Several records on one grid, baselines removed: arrays are stations × steps.
py::dict read_magnetometers(const std::string& source, const std::optional<std::string>& stations,
                            const std::string& baseline, double max_gap_s, double baseline_window_s) {
    io::MagnetometerSetOptions o;
    o.record.max_gap_s = max_gap_s;
    o.stations = stations.value_or("");
    o.set.baseline = baseline_method(baseline);
    o.set.baseline_window_s = baseline_window_s;
    const StationSet set = with_problems([&](ProblemSink& problems) { return io::read_magnetometers(source, o, problems); });
    const auto n = static_cast<py::ssize_t>(set.size());
    const auto steps = static_cast<py::ssize_t>(set.steps());
    Array bx({n, steps});
    Array by({n, steps});
    py::list ids;
    py::list paths;
    py::list position_sources;
    std::vector<double> lat;
    std::vector<double> lon;
    for (std::size_t s = 0; s < set.size(); ++s) {
        std::copy(set.bx_nt[s].begin(), set.bx_nt[s].end(), bx.mutable_data() + static_cast<py::ssize_t>(s) * steps);
        std::copy(set.by_nt[s].begin(), set.by_nt[s].end(), by.mutable_data() + static_cast<py::ssize_t>(s) * steps);
        ids.append(set.stations[s].id);
        paths.append(set.stations[s].source_path);
        position_sources.append(set.stations[s].position_source);
        lat.push_back(set.stations[s].location.lat_deg);
        lon.push_back(set.stations[s].location.lon_deg);
    }
    py::dict baselines;
    baselines["method"] = baseline_name(set.baseline);
    baselines["bx_nt"] = to_array(set.baseline_x_nt);
    baselines["by_nt"] = to_array(set.baseline_y_nt);
    py::dict d;
    d["ids"] = ids;
    d["source_paths"] = paths;
    d["position_sources"] = position_sources;
    d["lat_deg"] = to_array(lat);
    d["lon_deg"] = to_array(lon);
    d["t0"] = format_iso8601_utc(set.t0_unix_s);
    d["t0_unix_s"] = set.t0_unix_s;
    d["dt_s"] = set.dt_s;
    d["bx_nt"] = bx;
    d["by_nt"] = by;
    d["baselines"] = baselines;
    d["n_interpolated"] = set.n_interpolated;
    return d;
}

py::dict read_waveform(const std::string& path) {
    const auto w = io::read_geoelectric_waveform(path);
    py::dict d;
    d["t_s"] = to_array(w.t_s);
    d["e_north_v_per_km"] = to_array(w.e_north_v_per_km);
    d["e_east_v_per_km"] = to_array(w.e_east_v_per_km);
    d["dt_s"] = w.dt_s;
    return d;
}

void write_geotiff(const Array& values, std::array<double, 4> bbox, double resolution, const std::string& path,
                   const std::string& crs, const std::string& description, const std::string& units, bool overwrite,
                   const std::map<std::string, std::string>& metadata) {
    const auto info = values.request();
    Raster r = Raster::nodata({bbox[0], bbox[1], bbox[2], bbox[3], resolution}, description, units);
    if (info.ndim != 2 || static_cast<std::size_t>(info.shape[0]) != r.spec.height() ||
        static_cast<std::size_t>(info.shape[1]) != r.spec.width()) {
        throw ConfigError({"python", path, "", "", "values"}, "expected shape (" + std::to_string(r.spec.height()) + ", " +
                                                                std::to_string(r.spec.width()) + ") for this bbox and resolution");
    }
    for (py::ssize_t i = 0; i < values.size(); ++i) {
        r.values[static_cast<std::size_t>(i)] = static_cast<float>(values.data()[i]);
    }
    io::RasterWriteOptions o;
    o.crs = crs;
    o.overwrite = overwrite;
    o.metadata = metadata;
    py::gil_scoped_release release;
    io::write_geotiff(r, path, o);
}

}  // namespace

void bind_io(py::module_& m) {
    namespace o = io::options;
    m.def("read_magnetometer", &read_magnetometer, py::arg("path"), arg(o::time_column) = "", arg(o::x_column) = "",
          arg(o::y_column) = "", arg(o::max_gap_s) = io::MagnetometerOptions{}.max_gap_s,
          "A storm record (IAGA-2002 or CSV): t_unix_s (int64), bx_nt, by_nt, dt_s, station, latitude_deg, longitude_deg, "
          "n_interpolated");
    m.def("read_magnetometers", &read_magnetometers, py::arg("source"), py::arg("stations") = py::none(),
          py::arg("baseline") = "median", arg(o::max_gap_s) = io::MagnetometerOptions{}.max_gap_s,
          py::arg("baseline_window_s") = StationSetOptions{}.baseline_window_s,
          "Many magnetometer records (a folder, a file or a comma-separated list; IAGA-2002, CSV, NERC CSV) with "
          "their positions on one time grid, baselines removed: ids, lat_deg, lon_deg (degrees east), t0 (ISO 8601 "
          "UTC), dt_s, bx_nt and by_nt (stations x steps, nT, geographic north/east variation), baselines (method, "
          "bx_nt, by_nt removed), source_paths, position_sources, n_interpolated. Warnings (gap filling, trimming, "
          "orientation, positions) are Python warnings. docs/storm-data.md, 'Many magnetometers'");
    m.def("read_geoelectric_waveform", &read_waveform, py::arg("path"));
    m.def("write_geotiff", &write_geotiff, py::arg("values"), py::arg("bbox"), arg(o::resolution_deg), py::arg("path"),
          arg(o::crs) = "EPSG:4326", py::arg("description") = "", py::arg("units") = "", py::arg("overwrite") = false,
          py::arg("metadata") = std::map<std::string, std::string>{},
          "Write a (rows north→south, cols west→east) array as a tiled, compressed GeoTIFF; an existing file is an error "
          "unless overwrite=True. `metadata` adds dataset metadata (e.g. provenance_metadata(...)) to SWXRISK_VERSION");
    m.def(
        "provenance_metadata",
        [](const std::string& study, const std::string& scenario, const std::string& earth_regions, const std::string& earth_model,
           double epoch, const std::string& method) {
            return io::provenance_metadata({study, scenario, earth_regions, earth_model, epoch, method});
        },
        py::arg("study") = "", arg(o::scenario) = "", arg(o::earth_regions) = "", arg(o::earth_model) = "",
        arg(o::epoch) = std::nan(""), py::arg("method") = "",
        "The SWXRISK_* GeoTIFF metadata the study and efield-map write (docs/output-formats.md), for write_geotiff");
}

}  // namespace swx::python
