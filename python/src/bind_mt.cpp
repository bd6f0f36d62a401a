// MT impedance tensors: EMTF XML files and E(t) through a site's tensor (docs/python.md).

#include "bindings.hpp"
#include "numpy.hpp"

#include <swx/core/earth/mt_site.hpp>
#include <swx/core/efield/tensor_efield.hpp>
#include <swx/io/earth_models.hpp>
#include <swx/io/emtf_reader.hpp>

#include <complex>
#include <optional>
#include <string>
#include <vector>

namespace swx::python {

namespace {

py::dict read_emtf(const std::string& path) {
    const MtSite site = with_problems([&](ProblemSink& problems) { return io::read_emtf_xml(path, &problems); });
    const auto n = static_cast<py::ssize_t>(site.periods_s.size());
    py::array_t<std::complex<double>> z({n, py::ssize_t{2}, py::ssize_t{2}});
    Array var({n, py::ssize_t{2}, py::ssize_t{2}});
    auto zr = z.mutable_unchecked<3>();
    auto vr = var.mutable_unchecked<3>();
    for (py::ssize_t p = 0; p < n; ++p) {
        for (py::ssize_t j = 0; j < 4; ++j) {
            zr(p, j / 2, j % 2) = site.z[static_cast<std::size_t>(p)][static_cast<std::size_t>(j)];
            vr(p, j / 2, j % 2) = site.z_variance[static_cast<std::size_t>(p)][static_cast<std::size_t>(j)];
        }
    }
    py::dict d;
    d["id"] = site.id;
    d["lat_deg"] = site.location.lat_deg;
    d["lon_deg"] = site.location.lon_deg;
    d["periods_s"] = to_array(site.periods_s);
    d["z"] = z;
    d["z_variance"] = var;
    return d;
}

py::tuple mt_efield(const std::string& path, const Array& bx, const Array& by, double dt_s, const py::object& extension) {
    std::optional<EarthModel> model;
    if (py::isinstance<py::str>(extension)) {
        model = io::load_default_earth_models().find(extension.cast<std::string>());
    } else if (!extension.is_none()) {
        model = extension.cast<EarthModel>();
    }
    const auto x = to_vector(bx);
    const auto y = to_vector(by);
    const GeoelectricSeries e = with_problems([&](ProblemSink& problems) {
        const MtSite site = io::read_emtf_xml(path, &problems);
        const MtImpedance z(site, model ? &*model : nullptr);
        const TensorConverter converter(z, x.size(), dt_s);
        return converter.convert(x, y);
    });
    return py::make_tuple(to_array(e.ex_v_per_km), to_array(e.ey_v_per_km));
}

}  // namespace

void bind_mt(py::module_& m) {
    m.def("read_emtf", &read_emtf, py::arg("path"),
          "An EMTF XML transfer function: dict of id, lat_deg, lon_deg, periods_s (ascending), z (n x 2 x 2 complex, "
          "(mV/km)/nT, geographic x north / y east, exp(+iwt); NaN where a component was not measured) and z_variance (n x 2 x 2, ((mV/km)/nT)^2, NaN where "
          "not given). Dropped periods and missing components are SwxWarnings (docs/storm-data.md, MT transfer functions)");
    m.def("mt_efield", &mt_efield, py::arg("path"), py::arg("bx_nt"), py::arg("by_nt"), py::arg("dt_s"),
          py::arg("extension_model") = py::none(),
          "E(t) (ex north, ey east; V/km) from B(t) in nT through the tensor of an EMTF XML file, each component interpolated "
          "in log period over its own finite periods and extended beyond them with extension_model (an EarthModel or a bundled model's "
          "name; None: a half-space) (docs/geoelectric-model.md, MT impedance tensors)");
}

}  // namespace swx::python
