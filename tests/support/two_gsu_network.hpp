#pragma once
// The smallest grid with a GIC loop: two grounded 500 kV GSUs, A at (−85°, 33°) and B at (−85°, 34°),
// joined by one north-south line "L" of 2 ohm per phase; r_gsu = 0.1 ohm (HV), no LV resistance (the
// delta carries no DC). Per phase the loop is 3·Rg(A) + 0.1 + 2 + 0.1 + 3·Rg(B). Tests change what they
// need on the copy they get (names, grounding, voltages, k factors).
#include <swx/core/network/network.hpp>

namespace swx::test {

inline Network two_gsu_network(double grounding_a_ohm = 0.5, double grounding_b_ohm = 0.5) {
    Network n;
    n.substations = {{"A", "A", {-85.0, 33.0}, grounding_a_ohm}, {"B", "B", {-85.0, 34.0}, grounding_b_ohm}};
    n.buses = {{"A500", 0, 500.0}, {"A22", 0, 22.0}, {"B500", 1, 500.0}, {"B22", 1, 22.0}};
    n.transformers = {{"TA", TransformerType::gsu, 0, 1, 0.1, not_a_number, false},
                      {"TB", TransformerType::gsu, 2, 3, 0.1, not_a_number, false}};
    Line l;
    l.id = "L";
    l.from_bus = 0;
    l.to_bus = 2;
    l.r_ohm = 2.0;
    l.kv = 500.0;
    n.lines = {l};
    return n;
}

}  // namespace swx::test
