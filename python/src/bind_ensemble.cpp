// Ensembles (swx::study::EnsemblePlan): a plan read from a scenario file, blocks of members run without
// the GIL, partial results as bytes that merge exactly (what the Dask executor in swxrisk/ensemble.py
// ships between workers), the tables and the outputs. docs/ensembles.md.

#include "bindings.hpp"
#include "numpy.hpp"

#include <swx/core/base/error.hpp>
#include <swx/io/study_config.hpp>
#include <swx/study/ensemble_run.hpp>
#include <swx/study/site_study.hpp>

#include <memory>

namespace swx::python {

namespace {

struct PyEnsemblePlan {
    std::unique_ptr<study::EnsemblePlan> plan;
};

EnsembleResult from_bytes(const py::bytes& b) { return EnsembleResult::deserialize(std::string(b)); }

}  // namespace

void bind_ensemble(py::module_& m) {
    py::class_<PyEnsemblePlan>(m, "EnsemblePlan",
                               "An ensemble prepared from a scenario file with an [ensemble] table (docs/ensembles.md): its "
                               "inputs read once; blocks of members run on any process and their results merge exactly.")
        .def(py::init([](const std::string& scenario_file, const std::string& out) {
                 io::StudyConfig c = io::load_study_config(scenario_file);
                 if (!c.ensemble) {
                     throw ConfigError({"scenario", scenario_file, "", "", "ensemble"},
                                       "no [ensemble] table: an ensemble needs [ensemble] members = N (docs/ensembles.md)");
                 }
                 if (!out.empty()) {
                     c.ensemble->out_dir = out;
                 }
                 auto p = std::make_unique<PyEnsemblePlan>();
                 p->plan = with_problems([&](ProblemSink& problems) { return std::make_unique<study::EnsemblePlan>(c, problems); });
                 return p;
             }),
             py::arg("scenario_file"), py::arg("out") = "")
        .def_property_readonly("block_count", [](const PyEnsemblePlan& p) { return p.plan->block_count(); },
                               "units of work: grid realizations, or blocks of members on the one grid")
        .def_property_readonly("members", [](const PyEnsemblePlan& p) { return p.plan->ensemble().spec().members; })
        .def_property_readonly("seed", [](const PyEnsemblePlan& p) { return p.plan->ensemble().spec().seed; })
        .def_property_readonly("grid_realizations", [](const PyEnsemblePlan& p) { return p.plan->ensemble().grid_realizations(); })
        .def_property_readonly("out", [](const PyEnsemblePlan& p) { return p.plan->config().ensemble->out_dir; },
                               "the output folder")
        .def(
            "run_blocks",
            [](const PyEnsemblePlan& p, std::size_t first, std::size_t last, unsigned threads) {
                std::string bytes;
                {
                    py::gil_scoped_release release;
                    bytes = p.plan->run(first, last, threads).serialize();
                }
                return py::bytes(bytes);
            },
            py::arg("first"), py::arg("last"), py::arg("threads") = 0,
            "Runs blocks [first, last) (GIL released) and returns the partial result as bytes")
        .def(
            "empty",
            [](const PyEnsemblePlan& p) { return py::bytes(p.plan->ensemble().empty_result().serialize()); },
            "An empty partial result (merging it changes nothing)")
        .def(
            "tables",
            [](const PyEnsemblePlan& p, const py::bytes& result) {
                const EnsembleResult r = from_bytes(result);
                py::dict d;
                d["sites"] = table_dict(p.plan->sites_table(r));
                d["transformers"] = table_dict(p.plan->transformers_table(r));
                return d;
            },
            py::arg("result"), "The ensemble_sites and ensemble_transformers tables of a result, as dicts of arrays")
        .def(
            "check_out",
            [](const PyEnsemblePlan& p, bool overwrite) { study::check_output_folder(p.plan->config().ensemble->out_dir, overwrite); },
            py::arg("overwrite") = false, "Checks the output folder as write() would, before any work")
        .def(
            "write",
            [](const PyEnsemblePlan& p, const py::bytes& result, bool overwrite) {
                const EnsembleResult r = from_bytes(result);
                py::gil_scoped_release release;
                study::check_output_folder(p.plan->config().ensemble->out_dir, overwrite);
                study::write_ensemble(*p.plan, r, overwrite);
            },
            py::arg("result"), py::arg("overwrite") = false, "Writes every output of the ensemble into its folder (all or nothing)")
        .def(
            "report", [](const PyEnsemblePlan& p, const py::bytes& result) { return p.plan->report(from_bytes(result)); },
            py::arg("result"));
    m.def(
        "merge_ensemble_results",
        [](const std::vector<py::bytes>& parts) {
            if (parts.empty()) {
                throw ConfigError("merge_ensemble_results: no results to merge");
            }
            std::vector<std::string> raw;
            raw.reserve(parts.size());
            for (const auto& b : parts) {
                raw.emplace_back(b);
            }
            std::string bytes;
            {
                py::gil_scoped_release release;
                EnsembleResult total = EnsembleResult::deserialize(raw[0]);
                for (std::size_t i = 1; i < raw.size(); ++i) {
                    total.merge(EnsembleResult::deserialize(raw[i]));
                }
                bytes = total.serialize();
            }
            return py::bytes(bytes);
        },
        py::arg("parts"), "Merges partial ensemble results (bytes) exactly: the order and grouping do not matter");
}

}  // namespace swx::python
