#pragma once
// The ensemble tests' one-line case and its single field source.
#include <swx/core/ensemble/ensemble.hpp>

#include "support/two_gsu_network.hpp"

#include <utility>
#include <vector>

namespace swx::test {

/// Two grounded GSUs joined by one north-south line. Rg(A) = 0.5 Ω; Rg(B) = 1e-9 Ω, so a factor on
/// every grounding resistance acts on A's alone. Per phase the loop is 3·Rg(A) + 0.1 + 2 + 0.1 Ω.
inline Network one_line() { return two_gsu_network(0.5, 1e-9); }

/// One source, model "M": the lines' EMFs under the study's field, `north_v` northward and `east_v` eastward.
inline EnsembleProblem one_source(const Network& net, std::vector<double> north_v, std::vector<double> east_v) {
    EnsembleProblem p;
    p.network = &net;
    EnsembleSource s;
    s.model = "M";
    s.options = {"M"};
    s.weights = {1.0};
    s.emf_north_v = {std::move(north_v)};
    s.emf_east_v = {std::move(east_v)};
    p.sources = {s};
    return p;
}

}  // namespace swx::test
