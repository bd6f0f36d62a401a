// Errors and warnings: the C++ exception classes as Python exceptions with the same messages (the
// CLI's "ERROR: ..." lines), and problem reports as swxrisk.SwxWarning (the CLI's "WARNING: ..." lines).

#include "bindings.hpp"

#include <swx/core/base/error.hpp>

#include <algorithm>
#include <string>
#include <string_view>

namespace swx::python {

namespace {
PyObject* swx_warning = nullptr;  // the SwxWarning class; the module keeps it alive

/// The message of `e` with a field named by its CLI flag ("--earth-regions", set where the study and
/// core check an option for the CLI) named by the Python keyword ("earth_regions"): the option's key,
/// '-' written '_' (io/options.hpp), and --resolution, the CLI's spelling of resolution_deg.
std::string python_message(const Error& e) {
    const std::string& field = e.context().field;
    if (field.rfind("--", 0) != 0) {
        return io::with_keyword_names(e.what());
    }
    std::string key = field.substr(2);
    std::replace(key.begin(), key.end(), '-', '_');
    if (key == "resolution") {
        key = std::string(io::options::resolution_deg.key);
    }
    ErrorContext context = e.context();
    context.field = key;
    return io::with_keyword_names(Error(context, e.why()).what());
}
}  // namespace

std::string warning_text(const Problem& problem) {
    std::string line = format_problem(problem);
    constexpr std::string_view prefix = "WARNING: ";
    if (line.compare(0, prefix.size(), prefix) == 0) {
        line.erase(0, prefix.size());
    }
    return io::with_keyword_names(line);  // a hint names the Python keyword, not the CLI flag
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
            config_error(python_message(e).c_str());
        } catch (const InputError& e) {
            input_error(python_message(e).c_str());
        } catch (const CrsError& e) {
            crs_error(python_message(e).c_str());
        } catch (const ModelRangeError& e) {
            range_error(python_message(e).c_str());
        } catch (const Error& e) {
            error(python_message(e).c_str());
        }
    });
    static py::exception<Problem> warning(m, "SwxWarning", PyExc_UserWarning);
    warning.attr("__doc__") =
        "A problem report (the CLI's WARNING lines): the batch went on. Attributes: code, feature_id, location, severity.";
    swx_warning = warning.ptr();
}

}  // namespace swx::python
