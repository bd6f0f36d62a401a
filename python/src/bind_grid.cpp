// Grids: read (any OGR source), generated, written; their elements as columns of arrays.

#include "bindings.hpp"
#include "numpy.hpp"

#include <swx/core/emf/geodesic.hpp>
#include <swx/core/network/gic_solver.hpp>
#include <swx/core/network/network_lint.hpp>
#include <swx/core/network/synthetic_grid.hpp>
#include <swx/io/grid_reader.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>

namespace swx::python {

namespace {

/// A read-only column of the grid: `value` of every element of `elements` (e.g. Network::lines),
/// as a float64 array for numbers or a list of str for text. `value` is a member pointer, or a
/// callable taking the element, or the network and the element.
template <class Element, class Value>
auto column(std::vector<Element> Network::*elements, Value value) {
    return [elements, value](const PyGrid& g) {
        auto of = [&](const Element& e) {
            if constexpr (std::is_invocable_v<const Value&, const Network&, const Element&>) {
                return value(g.network, e);
            } else {
                return std::invoke(value, e);
            }
        };
        using T = std::decay_t<decltype(of(std::declval<const Element&>()))>;
        std::vector<T> v;
        v.reserve((g.network.*elements).size());
        for (const Element& e : g.network.*elements) {
            v.push_back(of(e));
        }
        if constexpr (std::is_same_v<T, double>) {
            return to_array(v);
        } else {
            return v;
        }
    };
}

std::shared_ptr<PyGrid> read_grid(const std::string& path, const std::string& gic) {
    auto g = std::make_shared<PyGrid>();
    io::GridDataset dataset = with_problems([&](ProblemSink& problems) { return io::read_grid(path, problems, {gic}); });
    g->network = std::move(dataset.network);
    g->files = std::move(dataset.source);
    g->source = path;
    return g;
}

std::shared_ptr<PyGrid> synthetic_grid(std::size_t n, std::uint64_t seed) {
    auto g = std::make_shared<PyGrid>();
    SyntheticGridOptions o;
    o.substations = n;
    o.seed = seed;
    g->network = make_synthetic_grid(o);
    g->source = "synthetic";
    return g;
}

/// `swxrisk info`: the grid's counts, and its suspicious data as warnings (lint_network, islands).
py::dict info(const PyGrid& g) {
    const Network& net = g.network;
    std::vector<std::string> lines;
    std::size_t nodes = 0;
    std::vector<double> lengths;
    with_problems([&](ProblemSink& problems) {
        lengths = line_lengths_km(net);
        lint_network(net, lengths, problems);
        nodes = GicSolver(net, problems).node_count();
        for (const auto& p : problems.problems()) {
            lines.push_back(format_problem(p));
        }
    });
    std::map<std::string, std::size_t> types;
    for (const auto& t : net.transformers) {
        ++types[std::string(to_string(t.type))];
    }
    double total_km = 0.0;
    std::size_t blocked_lines = 0;
    for (std::size_t i = 0; i < net.lines.size(); ++i) {
        total_km += lengths[i];
        blocked_lines += net.lines[i].dc_blocked ? 1 : 0;
    }
    py::dict d;
    d["grid"] = g.source;
    d["substations"] = net.substations.size();
    d["buses"] = net.buses.size();
    d["transformers"] = net.transformers.size();
    d["transformer_types"] = types;
    d["blocked_neutrals"] = static_cast<std::size_t>(
        std::count_if(net.transformers.begin(), net.transformers.end(), [](const Transformer& t) { return t.neutral_blocked; }));
    d["lines"] = net.lines.size();
    d["line_length_km"] = total_km;
    d["series_compensated_lines"] = blocked_lines;
    d["dc_nodes"] = nodes;
    d["warnings"] = lines;
    return d;
}

}  // namespace

void bind_grid(py::module_& m) {
    using N = Network;
    py::class_<PyGrid, std::shared_ptr<PyGrid>>(m, "Grid", "A power grid (substations, buses, transformers, lines)")
        .def_property_readonly("source", [](const PyGrid& g) { return g.source; })
        .def_property_readonly("substation_ids", column(&N::substations, &Substation::id))
        .def_property_readonly("substation_names", column(&N::substations, &Substation::name))
        .def_property_readonly("substation_lat_deg", column(&N::substations, [](const Substation& s) { return s.location.lat_deg; }))
        .def_property_readonly("substation_lon_deg", column(&N::substations, [](const Substation& s) { return s.location.lon_deg; }))
        .def_property_readonly("grounding_ohm",
                               column(&N::substations, [](const Substation& s) { return s.grounding_ohm.value_or(not_a_number); }))
        .def_property_readonly("bus_ids", column(&N::buses, &Bus::id))
        .def_property_readonly("transformer_ids", column(&N::transformers, &Transformer::id))
        .def_property_readonly("transformer_types",
                               column(&N::transformers, [](const Transformer& t) { return std::string(to_string(t.type)); }))
        .def_property_readonly("transformer_substation_ids", column(&N::transformers, [](const N& n, const Transformer& t) {
                                   return n.substations[n.substation_of(t)].id;
                               }))
        .def_property_readonly("line_ids", column(&N::lines, &Line::id))
        .def_property_readonly("line_r_ohm", column(&N::lines, &Line::r_ohm))
        .def_property_readonly("line_length_km", [](const PyGrid& g) { return to_array(line_lengths_km(g.network)); })
        .def("summary",
             [](const PyGrid& g) {
                 return py::dict(py::arg("substations") = g.network.substations.size(), py::arg("buses") = g.network.buses.size(),
                                 py::arg("transformers") = g.network.transformers.size(), py::arg("lines") = g.network.lines.size());
             })
        .def("info", &info,
             "What `swxrisk info` prints, as a dict: counts (transformer_types by type, line_length_km, "
             "series_compensated_lines, dc_nodes) and `warnings` (the CLI's WARNING lines), also emitted as SwxWarning")
        .def("write", [](const PyGrid& g, const std::string& path) { io::write_grid(g.network, path); }, py::arg("path"),
             "Write the grid as a GeoPackage in the swxrisk grid format");

    m.def("read_grid", &read_grid, py::arg("path"), py::arg("gic") = std::string(),
          "Read a grid from any OGR datasource (GeoPackage, folder of GeoJSON files, ...), a PSS/E case (`path` = "
          "CASE.raw with `gic` = CASE.gic) or a MATPOWER-GMD case (CASE.m); problems found are emitted as SwxWarning");
    m.def("synthetic_grid", &synthetic_grid, py::arg("n_substations"), py::arg("seed") = 1);
}

}  // namespace swx::python
