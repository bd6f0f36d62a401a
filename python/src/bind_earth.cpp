// The ground and the storm's field: layered earth models, E(t) from B(t), NERC beta, the centred
// dipole and alpha, and the NERC peak-field map (the CLI's `efield-map`, without the file).

#include "bindings.hpp"
#include "numpy.hpp"

#include <swx/core/efield/efield.hpp>
#include <swx/core/storm/geomag.hpp>
#include <swx/core/storm/igrf.hpp>
#include <swx/io/earth_models.hpp>
#include <swx/io/options.hpp>
#include <swx/io/raster_writer.hpp>
#include <swx/study/efield_run.hpp>

#include <pybind11/complex.h>

#include <array>
#include <filesystem>
#include <span>
#include <vector>

namespace swx::python {

namespace {

EarthModel make_earth_model(const Array& layers, double half_space, const std::string& name) {
    const auto info = layers.request();
    if (info.ndim != 2 || info.shape[1] != 2) {
        throw ConfigError({"python", "", "", "", "layers"}, "expected shape (n, 2): thickness_m, resistivity_ohm_m");
    }
    std::vector<EarthLayer> v;
    for (py::ssize_t i = 0; i < info.shape[0]; ++i) {
        v.push_back({layers.data()[2 * i], layers.data()[2 * i + 1]});
    }
    return EarthModel(name, v, half_space);
}

Array layers_of(const EarthModel& e) {
    Array a({static_cast<py::ssize_t>(e.layers().size()), py::ssize_t{2}});
    for (std::size_t i = 0; i < e.layers().size(); ++i) {
        a.mutable_data()[2 * i] = e.layers()[i].thickness_m;
        a.mutable_data()[2 * i + 1] = e.layers()[i].resistivity_ohm_m;
    }
    return a;
}

py::array_t<std::complex<double>> impedance(const EarthModel& e, const Array& f) {
    const auto z = e.impedance_ohm(std::span<const double>(f.data(), static_cast<std::size_t>(f.size())));
    py::array_t<std::complex<double>> out(f.size());
    std::copy(z.begin(), z.end(), out.mutable_data());
    return out;
}

void bind_earth_model(py::module_& m) {
    py::class_<EarthModel>(m, "EarthModel", "A 1-D layered earth model")
        .def(py::init(&make_earth_model), py::arg("layers"), py::arg("half_space_resistivity_ohm_m"), py::arg("name") = "user")
        .def_property_readonly("name", &EarthModel::name)
        .def_property_readonly("description", &EarthModel::description)
        .def_property_readonly("source", &EarthModel::source)
        .def_property_readonly("half_space_resistivity_ohm_m", &EarthModel::half_space_resistivity_ohm_m)
        .def_property_readonly("layers", &layers_of)
        .def("impedance", &impedance, py::arg("frequency_hz"), "Surface impedance Z (ohm) at each frequency")
        .def("apparent_resistivity",
             [](const EarthModel& e, const Array& f) {
                 return map_array(f, [&](double x) { return e.apparent_resistivity_ohm_m(x); });
             },
             py::arg("frequency_hz"))
        .def("phase_deg", [](const EarthModel& e, const Array& f) { return map_array(f, [&](double x) { return e.phase_deg(x); }); },
             py::arg("frequency_hz"));
}

py::dict beta_table() {
    py::dict d;
    for (const auto& [k, v] : io::load_default_beta_table()) {
        d[py::str(k)] = py::make_tuple(v.benchmark, v.supplemental);
    }
    return d;
}

py::tuple geoelectric(const EarthModel& model, const Array& bx, const Array& by, double dt_s) {
    GeoelectricSeries e;
    const auto x = to_vector(bx);
    const auto y = to_vector(by);
    {
        py::gil_scoped_release release;
        e = geoelectric_from_magnetic(model, x, y, dt_s);
    }
    return py::make_tuple(to_array(e.ex_v_per_km), to_array(e.ey_v_per_km));
}

double beta(const EarthModel& model, const Array& en, const Array& ee, double dt_s) {
    const auto n = to_vector(en);
    const auto e = to_vector(ee);
    py::gil_scoped_release release;
    return beta_factor(model, io::load_default_earth_models().find("QUE"), n, e, dt_s);
}

Array dipole_latitudes(const Array& lat, const Array& lon, double epoch) {
    const DipoleCoefficients c = with_problems([&](ProblemSink& problems) { return dipole_coefficients(epoch, &problems); });
    return map_arrays(lat, lon, [&](double a, double b) { return dipole_latitude_deg(a, b, c); });
}

/// The IGRF-14 main field at each (lat, lon), height_km above WGS84: a dict of the MainField members,
/// floats for scalar input, else arrays of lat's shape.
py::dict igrf_fields(const Array& lat, const Array& lon, double epoch, double height_km) {
    if (lat.size() != lon.size()) {
        throw ConfigError({"python", "", "", "", "lon_deg"}, "lat_deg and lon_deg must have the same size");
    }
    const auto n = static_cast<std::size_t>(lat.size());
    std::vector<MainField> fields(n);
    with_problems([&](ProblemSink& problems) {
        const IgrfCoefficients c = igrf_coefficients(epoch, &problems);
        for (std::size_t i = 0; i < n; ++i) {
            fields[i] = igrf_field(lat.data()[i], lon.data()[i], height_km, c);
        }
    });
    const bool scalar = lat.ndim() == 0;
    py::dict d;
    const auto put = [&](const char* name, double MainField::*member) {
        if (scalar) {
            d[name] = fields[0].*member;
            return;
        }
        Array a(lat.request().shape);
        for (std::size_t i = 0; i < n; ++i) {
            a.mutable_data()[i] = fields[i].*member;
        }
        d[name] = a;
    };
    put("x_nt", &MainField::x_nt);
    put("y_nt", &MainField::y_nt);
    put("z_nt", &MainField::z_nt);
    put("h_nt", &MainField::h_nt);
    put("f_nt", &MainField::f_nt);
    put("inclination_deg", &MainField::inclination_deg);
    put("declination_deg", &MainField::declination_deg);
    return d;
}

py::object dip_latitudes(const Array& lat, const Array& lon, double epoch) {
    const IgrfCoefficients c = with_problems([&](ProblemSink& problems) { return igrf_coefficients(epoch, &problems); });
    Array out = map_arrays(lat, lon, [&](double a, double b) { return dip_latitude_deg(a, b, c); });
    if (lat.ndim() == 0) {
        return py::float_(out.data()[0]);
    }
    return out;
}

/// The peak field over an area: swx::study::efield_map, as `swxrisk efield-map` computes it; with
/// `out`, also written as its GeoTIFF (CRS `crs`, the same provenance metadata).
Array efield_map(const std::string& scenario, const std::string& earth_regions, const std::string& earth_model,
                 const std::string& models, const std::string& waveform, std::array<double, 4> bbox, double resolution,
                 double epoch, const std::string& crs, const std::string& out, bool overwrite) {
    namespace o = io::options;
    // The study's checks, named by the keywords (the study names the CLI flags).
    io::check_scenario_name(scenario, {"python", "", "", "", std::string(o::scenario.key)});
    o::epoch.check(epoch, {"python", "", "", "", std::string(o::epoch.key)});
    o::resolution_deg.check(resolution, {"python", "", "", "", std::string(o::resolution_deg.key)});
    if (!out.empty()) {
        const std::string ext = std::filesystem::path(out).extension().string();
        if (ext != ".tif" && ext != ".tiff") {
            throw ConfigError({"python", out, "", "", "out"}, "expected a .tif or .tiff file name (a GeoTIFF)");
        }
    }
    study::EfieldMapRequest request;
    request.storm.scenario = scenario;
    request.storm.waveform = waveform;
    request.storm.epoch = epoch;
    request.ground = {earth_regions, earth_model, models};
    request.area = {bbox[0], bbox[1], bbox[2], bbox[3], resolution};
    request.crs = crs;
    const Raster r = with_problems([&](ProblemSink& problems) {
        Raster map = study::efield_map(request, problems);
        if (!out.empty()) {
            io::RasterProvenance p;
            p.study = "python efield_map";
            p.scenario = scenario;
            p.earth_regions = earth_regions;
            p.earth_model = earth_model;
            p.dipole_epoch = epoch;
            p.method = std::string(io::nerc_peak_field_method);
            io::RasterWriteOptions options;
            options.crs = crs;
            options.overwrite = overwrite;
            options.metadata = io::provenance_metadata(p);
            io::write_geotiff(map, out, options);
        }
        return map;
    });
    Array a({static_cast<py::ssize_t>(r.spec.height()), static_cast<py::ssize_t>(r.spec.width())});
    std::copy(r.values.begin(), r.values.end(), a.mutable_data());
    return a;
}

}  // namespace

void bind_earth(py::module_& m) {
    namespace o = io::options;
    bind_earth_model(m);
    m.def("earth_models", [] { return io::load_default_earth_models().names(); }, "Names of the bundled earth models");
    m.def("earth_model", [](const std::string& name) { return io::load_default_earth_models().find(name); }, py::arg("name"));
    m.def("nerc_beta_table", &beta_table, "NERC beta per region: (benchmark, supplemental)");
    m.def("geoelectric_from_magnetic", &geoelectric, py::arg("model"), py::arg("bx_nt"), py::arg("by_nt"), py::arg("dt_s"),
          "E(t) (ex north, ey east; V/km) from B(t) in nT; the first and last edge_zone_samples(n, dt_s) samples "
          "depend on the field outside the record (docs/geoelectric-model.md, Record edges)");
    m.def(
        "edge_zone_samples",
        [](std::int64_t n_samples, double dt_s) {
            io::options::dt_s.check(dt_s, {"python", "", "", "", "dt_s"});
            if (n_samples < 0) {
                throw ConfigError({"python", "", "", "", "n_samples"}, "must be >= 0, got " + std::to_string(n_samples));
            }
            return static_cast<std::int64_t>(edge_zone_samples(static_cast<std::size_t>(n_samples), dt_s));
        },
        py::arg("n_samples"), py::arg("dt_s"),
        "Samples at each end of an E(t) from a storm record inside the edge zone (10 minutes, at most a quarter of "
        "the record); pass it as GicSolver.timeseries(edge_steps=...)");
    m.def("beta_factor", &beta, py::arg("model"), py::arg("e_north_v_per_km"), py::arg("e_east_v_per_km"), py::arg("dt_s"),
          "beta of a model under a NERC waveform (over the Quebec reference)");

    m.def("dipole_latitude_deg", &dipole_latitudes, py::arg("lat_deg"), py::arg("lon_deg"), arg(o::epoch) = 2025.0,
          "Centred-dipole latitude (IGRF-14); epochs 1900-2030; after 2030 (to 2035) extrapolated with a warning (igrf_extrapolated)");
    m.def("igrf_field", &igrf_fields, py::arg("lat_deg"), py::arg("lon_deg"), arg(o::epoch) = 2025.0, py::arg("height_km") = 0.0,
          "IGRF-14 main field at geodetic lat/lon (degrees) and height_km above the WGS84 ellipsoid: dict of x_nt (north), "
          "y_nt (east), z_nt (down), h_nt, f_nt, inclination_deg (positive down), declination_deg (clockwise from north); "
          "floats for scalar input, else arrays; NaN where lat/lon is NaN or |lat| > 90. Epochs as dipole_latitude_deg");
    m.def("dip_latitude_deg", &dip_latitudes, py::arg("lat_deg"), py::arg("lon_deg"), arg(o::epoch) = 2025.0,
          "Dip (magnetic) latitude on the ground, tan(dip) = tan(I)/2 with I the IGRF-14 inclination; zero on the dip "
          "equator. Epochs as dipole_latitude_deg");
    m.def("nerc_alpha", [](const Array& lat) { return map_array(lat, [](double x) { return nerc_alpha(x); }); },
          py::arg("geomagnetic_lat_deg"));
    m.def("nerc_peak_field_v_per_km",
          [](const std::string& event, double alpha, double beta) { return nerc_peak_field_v_per_km(parse_nerc_event(event), alpha, beta); },
          arg(o::scenario), py::arg("alpha"), py::arg("beta"));
    m.def("efield_map", &efield_map, arg(o::scenario), arg(o::earth_regions) = "", arg(o::earth_model) = "", arg(o::models) = "",
          arg(o::waveform) = "", py::arg("bbox"), arg(o::resolution_deg), arg(o::epoch) = 2025.0, arg(o::crs) = "EPSG:4326",
          py::arg("out") = "", py::arg("overwrite") = false,
          "Peak field E_ref x alpha x beta (V/km) over a grid (rows north to south), NaN where the ground is unknown "
          "(swxrisk efield-map); with out='x.tif' also written as that GeoTIFF in `crs`. Problems are emitted as SwxWarning");
}

}  // namespace swx::python
