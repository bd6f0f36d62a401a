// SecsInterpolator: many magnetometers → B_x, B_y anywhere (divergence-free SECS, core/storm/secs.hpp).
// Positions are (n, 2) arrays of (lat_deg, lon_deg); series are (stations, steps) arrays in nT.

#include <string>
#include <swx/core/storm/secs.hpp>
#include <vector>

#include "bindings.hpp"
#include "numpy.hpp"

namespace swx::python {

namespace {

std::vector<GeoPoint> lat_lon_points(const Array& a, const char* what) {
    if (a.size() == 0) {
        return {};
    }
    if (a.ndim() != 2 || a.shape(1) != 2) {
        throw InputError({"python", "", "", "", what},
                         std::string("expected an (n, 2) array of (lat_deg, lon_deg), got ") +
                             std::to_string(a.ndim()) + " dimension(s)");
    }
    const auto r = a.unchecked<2>();
    std::vector<GeoPoint> p(static_cast<std::size_t>(a.shape(0)));
    for (py::ssize_t i = 0; i < a.shape(0); ++i) {
        p[static_cast<std::size_t>(i)] = GeoPoint{r(i, 1), r(i, 0)};
    }
    return p;
}

std::vector<std::vector<double>> series(const Array& a, std::size_t stations, const char* what) {
    if (a.ndim() != 2 || static_cast<std::size_t>(a.shape(0)) != stations) {
        throw InputError({"python", "", "", "", what},
                         "expected a (stations, steps) array with " + std::to_string(stations) + " rows");
    }
    const auto r = a.unchecked<2>();
    std::vector<std::vector<double>> s(stations, std::vector<double>(static_cast<std::size_t>(a.shape(1))));
    for (std::size_t i = 0; i < stations; ++i) {
        for (py::ssize_t t = 0; t < a.shape(1); ++t) {
            s[i][static_cast<std::size_t>(t)] = r(static_cast<py::ssize_t>(i), t);
        }
    }
    return s;
}

Array rows_array(const std::vector<std::vector<double>>& v, std::size_t steps) {
    Array a({static_cast<py::ssize_t>(v.size()), static_cast<py::ssize_t>(steps)});
    double* out = a.mutable_data();
    for (std::size_t i = 0; i < v.size(); ++i) {
        std::copy(v[i].begin(), v[i].end(), out + i * steps);
    }
    return a;
}

}  // namespace

void bind_secs(py::module_& m) {
    py::class_<SecsInterpolator>(
        m, "SecsInterpolator",
        "Divergence-free SECS fit of station B_x, B_y (Amm & Viljanen 1999); docs/storm-data.md, "
        "'Many magnetometers: the SECS fit'. Positions are (n, 2) arrays of (lat_deg, lon_deg).")
        .def(py::init([](const Array& stations, double pole_spacing_deg, double margin_deg, double epsilon,
                         const std::string& regularisation, double ionosphere_height_km,
                         double station_noise_nt) {
                 SecsOptions o;
                 o.pole_spacing_deg = pole_spacing_deg;
                 o.margin_deg = margin_deg;
                 o.epsilon = epsilon;
                 o.ionosphere_height_km = ionosphere_height_km;
                 o.station_noise_nt = station_noise_nt;
                 if (regularisation == "tsvd") {
                     o.regularisation = SecsRegularisation::truncated_svd;
                 } else if (regularisation == "tikhonov") {
                     o.regularisation = SecsRegularisation::tikhonov;
                 } else {
                     throw ConfigError({"python", "", "", "", "regularisation"},
                                       "expected 'tsvd' or 'tikhonov', got '" + regularisation + "'");
                 }
                 auto pts = lat_lon_points(stations, "stations_lat_lon");
                 py::gil_scoped_release release;
                 return SecsInterpolator(std::move(pts), o);
             }),
             py::arg("stations_lat_lon"), py::arg("pole_spacing_deg") = SecsOptions{}.pole_spacing_deg,
             py::arg("margin_deg") = SecsOptions{}.margin_deg, py::arg("epsilon") = SecsOptions{}.epsilon,
             py::arg("regularisation") = "tsvd",
             py::arg("ionosphere_height_km") = SecsOptions{}.ionosphere_height_km,
             py::arg("station_noise_nt") = SecsOptions{}.station_noise_nt)
        .def_property_readonly("stations", &SecsInterpolator::stations)
        .def_property_readonly("poles", &SecsInterpolator::poles)
        .def_property_readonly("kept_singular_values", &SecsInterpolator::kept_singular_values)
        .def(
            "prediction_matrix",
            [](const SecsInterpolator& s, const Array& points) {
                const auto pts = lat_lon_points(points, "points");
                Eigen::MatrixXd p;
                {
                    py::gil_scoped_release release;
                    p = s.prediction_matrix(pts);
                }
                return to_array(p);
            },
            py::arg("points"),
            "(2·points, 2·stations) map: rows (B_x(p0), B_y(p0), B_x(p1), ...), columns (B_x(s0), B_y(s0), "
            "B_x(s1), ...).")
        .def(
            "predict",
            [](const SecsInterpolator& s, const Array& points, const Array& bx, const Array& by) {
                const auto pts = lat_lon_points(points, "points");
                const auto sx = series(bx, s.stations(), "bx");
                const auto sy = series(by, s.stations(), "by");
                SecsInterpolator::Prediction r;
                {
                    py::gil_scoped_release release;
                    r = s.predict(pts, sx, sy);
                }
                const auto steps = static_cast<std::size_t>(bx.shape(1));
                return py::make_tuple(rows_array(r.bx_nt, steps), rows_array(r.by_nt, steps));
            },
            py::arg("points"), py::arg("bx"), py::arg("by"),
            "B_x, B_y (nT) at the points, each (points, steps), from station series bx, by (stations, "
            "steps).")
        .def(
            "prediction_sigma_nt",
            [](const SecsInterpolator& s, const Array& points) {
                const auto pts = lat_lon_points(points, "points");
                std::vector<double> sig;
                {
                    py::gil_scoped_release release;
                    sig = s.prediction_sigma_nt(pts);
                }
                return to_array(sig);
            },
            py::arg("points"),
            "Formal 1-sigma error of |B_h| (nT) from station noise alone (not the interpolation error).");
}

}  // namespace swx::python
