// Errors and warnings: the C++ exception classes as Python exceptions with the same messages (the
// CLI's "ERROR: ..." lines), and problem reports as swxrisk.SwxWarning (the CLI's "WARNING: ..." lines).

#include "bindings.hpp"

#include <swx/core/base/error.hpp>

#include <string_view>

namespace swx::python {

namespace {
PyObject* swx_warning = nullptr;  // the SwxWarning class; the module keeps it alive
}  // namespace

std::string warning_text(const Problem& problem) {
    std::string line = format_problem(problem);
    constexpr std::string_view prefix = "WARNING: ";
    if (line.compare(0, prefix.size(), prefix) == 0) {
        line.erase(0, prefix.size());
    }
    return line;
}

void warn_problems(const ProblemSink& problems) {
    if (problems.problems().empty()) {
        return;
    }
    const py::object warn = py::module_::import("warnings").attr("warn");
    const auto category = py::reinterpret_borrow<py::object>(swx_warning);
    for (const Problem& p : problems.problems()) {
        py::object w = category(warning_text(p));
        w.attr("code") = p.code;
        w.attr("feature_id") = p.feature_id;
        w.attr("location") = p.location;
        w.attr("severity") = p.severity == Severity::warning ? "warning" : "error";
        warn(w);
    }
}

void bind_errors(py::module_& m) {
    static py::exception<Error> error(m, "Error", PyExc_RuntimeError);
    static py::exception<ConfigError> config_error(m, "ConfigError", error.ptr());
    static py::exception<InputError> input_error(m, "InputError", error.ptr());
    static py::exception<CrsError> crs_error(m, "CrsError", error.ptr());
    static py::exception<ModelRangeError> range_error(m, "ModelRangeError", error.ptr());
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) {
                std::rethrow_exception(p);
            }
        } catch (const ConfigError& e) {
            config_error(e.what());
        } catch (const InputError& e) {
            input_error(e.what());
        } catch (const CrsError& e) {
            crs_error(e.what());
        } catch (const ModelRangeError& e) {
            range_error(e.what());
        } catch (const Error& e) {
            error(e.what());
        }
    });
    static py::exception<Problem> warning(m, "SwxWarning", PyExc_UserWarning);
    warning.attr("__doc__") =
        "A problem report (the CLI's WARNING lines): the batch went on. Attributes: code, feature_id, location, severity.";
    swx_warning = warning.ptr();
}

}  // namespace swx::python
