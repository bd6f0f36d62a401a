#pragma once
/// @file bindings.hpp
/// What the bind_*.cpp files of the Python module share: the bind functions module.cpp calls, the
/// Grid object, keyword names from io/options.hpp, and problem reports re-emitted as Python warnings.

#include <swx/core/base/problems.hpp>
#include <swx/core/network/network.hpp>
#include <swx/io/options.hpp>

#include <pybind11/pybind11.h>

#include <string>
#include <type_traits>
#include <utility>

namespace swx::python {

namespace py = pybind11;

void bind_errors(py::module_& m);  ///< Error and its subclasses, SwxWarning
void bind_grid(py::module_& m);    ///< Grid, read_grid, synthetic_grid
void bind_gic(py::module_& m);     ///< GicSolver
void bind_earth(py::module_& m);   ///< earth models, E from B, beta, dipole latitude, alpha, efield_map
void bind_io(py::module_& m);      ///< magnetometer and waveform readers, write_geotiff
void bind_study(py::module_& m);   ///< run_study, run_study_file
void bind_hazard(py::module_& m);  ///< hazard_curve
void bind_field(py::module_& m);   ///< StormField (many magnetometers, MT tensors)
void bind_mt(py::module_& m);      ///< read_emtf, mt_efield
void bind_secs(py::module_& m);    ///< SecsInterpolator
void bind_ensemble(py::module_& m);  ///< EnsemblePlan, merge_ensemble_results

/// A grid read from a datasource (or generated).
struct PyGrid {
    Network network;
    std::string source;
    NetworkSource files{};  ///< per-layer files, for messages (empty path: not read from files)
};

/// The keyword argument of an option: its key (io/options.hpp), the scenario file's spelling.
inline py::arg arg(const io::OptionSpec& option) { return py::arg(option.key.data()); }

/// The text of a Python warning for a problem: the line the CLI prints (format_problem), without its
/// "WARNING: " prefix, as str(Error) is the CLI's line without "ERROR: ". Error-level problems keep
/// their "ERROR: " prefix.
[[nodiscard]] std::string warning_text(const Problem& problem);

/// Emits each problem as `warnings.warn(warning_text(p), swxrisk.SwxWarning)`, in order; the warning
/// carries `code`, `feature_id` and `location` as attributes. Needs the GIL.
/// @throws py::error_already_set if a warnings filter turns a warning into an error.
void warn_problems(const ProblemSink& problems);

/// Runs `work(problems)` without the GIL, then re-emits what it reported as warnings — also when it
/// throws, since the CLI prints each warning before the error.
template <class F>
auto with_problems(F&& work) {
    ProblemSink problems;
    try {
        if constexpr (std::is_void_v<std::invoke_result_t<F&, ProblemSink&>>) {
            {
                py::gil_scoped_release release;
                work(problems);
            }
            warn_problems(problems);
        } else {
            auto result = [&] {
                py::gil_scoped_release release;
                return work(problems);
            }();
            warn_problems(problems);
            return result;
        }
    } catch (const py::error_already_set&) {
        throw;
    } catch (...) {
        warn_problems(problems);
        throw;
    }
}

}  // namespace swx::python
