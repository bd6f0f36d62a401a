// The swxrisk Python module: swx::study, swx::core and swx::io with numpy arrays in and out. Every
// function forwards to the C++ library (no second implementation); long calls release the GIL. This
// file only registers; the bindings are in bind_*.cpp (bindings.hpp), the conversions in numpy.hpp.

#include "bindings.hpp"

#include <swx/core/version.hpp>

#include <pybind11/pybind11.h>

PYBIND11_MODULE(_swxrisk, m) {
    m.doc() = "swxrisk: geomagnetically induced currents, geoelectric fields and site exposure (C++ engine)";
    m.attr("__version__") = swx::version_string;
    swx::python::bind_errors(m);  // Error, ConfigError, InputError, CrsError, ModelRangeError; SwxWarning
    swx::python::bind_grid(m);
    swx::python::bind_gic(m);
    swx::python::bind_earth(m);
    swx::python::bind_io(m);
    swx::python::bind_study(m);
    swx::python::bind_ensemble(m);
    swx::python::bind_hazard(m);
    swx::python::bind_field(m);
    swx::python::bind_mt(m);
    swx::python::bind_secs(m);
}
