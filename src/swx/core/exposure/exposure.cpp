#include <swx/core/exposure/exposure.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace swx {

void ExposureParameters::validate() const {
    auto check = [](double v, bool strictly, const char* name) {
        if (!std::isfinite(v) || v < 0.0 || (strictly && v == 0.0)) {
            throw ConfigError({"exposure", "", "index", "", name},
                              std::string("must be a finite number ") + (strictly ? "> 0" : ">= 0") + ", got " + format_number(v));
        }
    };
    check(weight_hazard, false, "weight_hazard");
    check(weight_grid, false, "weight_grid");
    check(e0_v_per_km, true, "e0_v_per_km");
    check(i0_a, true, "i0_a");
    check(redundancy_exponent, false, "redundancy_exponent");
    if (weight_hazard + weight_grid <= 0.0) {
        throw ConfigError({"exposure", "", "index", "", "weight_hazard"}, "weight_hazard + weight_grid must be > 0");
    }
}

std::string_view to_string(ExposureClass c) {
    switch (c) {
        case ExposureClass::low: return "low";
        case ExposureClass::moderate: return "moderate";
        case ExposureClass::high: return "high";
        case ExposureClass::severe: return "severe";
    }
    return "unknown";
}

ExposureClass exposure_class(double index) {
    if (index < 25.0) {
        return ExposureClass::low;
    }
    if (index < 50.0) {
        return ExposureClass::moderate;
    }
    if (index < 75.0) {
        return ExposureClass::high;
    }
    return ExposureClass::severe;
}

double exposure_index(double e_peak_v_per_km, double ieff_max_a, std::size_t n_supplies, const ExposureParameters& p) {
    if (std::isnan(e_peak_v_per_km)) {
        return std::nan("");
    }
    const double h = 1.0 - std::exp(-std::max(0.0, e_peak_v_per_km) / p.e0_v_per_km);
    const bool grid_known = std::isfinite(ieff_max_a) && ieff_max_a >= 0.0 && n_supplies > 0;
    const double g = grid_known
                         ? ieff_max_a / (ieff_max_a + p.i0_a) * std::pow(static_cast<double>(n_supplies), -p.redundancy_exponent)
                         : 1.0;  // hazard-only form: unknown supply taken as the worst coupling
    const double x = 100.0 * h * (p.weight_hazard + p.weight_grid * g) / (p.weight_hazard + p.weight_grid);
    return std::clamp(x, 0.0, 100.0);  // rounding must not step outside the documented bounds
}

std::vector<std::size_t> rank_sites(const std::vector<double>& index, const std::vector<double>& criticality) {
    std::vector<std::size_t> order(index.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    auto crit = [&](std::size_t i) { return i < criticality.size() && std::isfinite(criticality[i]) ? criticality[i] : 1.0; };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const bool na = std::isnan(index[a]);
        const bool nb = std::isnan(index[b]);
        if (na != nb) {
            return nb;  // known before unknown
        }
        if (!na && index[a] != index[b]) {
            return index[a] > index[b];
        }
        return crit(a) > crit(b);
    });
    std::vector<std::size_t> rank(index.size());
    for (std::size_t r = 0; r < order.size(); ++r) {
        rank[order[r]] = r + 1;
    }
    return rank;
}

}  // namespace swx
