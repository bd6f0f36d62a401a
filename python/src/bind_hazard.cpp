// The hazard curve at one point, through swx::study::run_hazard_point as `swxrisk hazard` runs it
// (docs/hazard-model.md). The dict carries what the CLI's json output carries.

#include "bindings.hpp"

#include <swx/study/hazard_point.hpp>

#include <pybind11/stl.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace swx::python {

namespace {

py::dict band(const Banded& b) {
    py::dict d;
    d["value"] = b.value;
    d["lo"] = b.lo;
    d["hi"] = b.hi;
    return d;
}

py::dict terms(const TermFields& t) {
    py::dict d;
    d["auroral"] = band(t.auroral);
    d["sudden_commencement"] = band(t.sudden_commencement);
    d["main_phase"] = band(t.main_phase);
    return d;
}

py::dict hazard_curve(double lat_deg, double lon_deg, const std::string& earth_model, const std::string& earth_regions,
                      const std::string& models, double epoch, const std::vector<double>& return_periods_years,
                      std::optional<double> field_v_per_km, const std::string& hazard_profile, const std::string& hazard_terms) {
    study::HazardPointRequest r;
    r.lat_deg = lat_deg;
    r.lon_deg = lon_deg;
    r.ground.earth_model = earth_model;
    r.ground.earth_regions = earth_regions;
    r.ground.models_dir = models;
    r.epoch = epoch;
    r.return_periods_years = return_periods_years;
    r.field_v_per_km = field_v_per_km;
    r.hazard_profile = hazard_profile;
    r.hazard_terms = hazard_terms;
    const study::HazardPointResult h = with_problems([&](ProblemSink& problems) { return study::run_hazard_point(r, &problems); });

    const HazardCurve& c = h.curve;
    py::dict d;
    d["lat_deg"] = h.lat_deg;
    d["lon_deg"] = h.lon_deg;
    d["epoch"] = h.epoch;
    d["dipole_lat_deg"] = c.dipole_lat_deg;
    d["dip_lat_deg"] = c.dip_lat_deg;
    d["earth_model"] = c.earth_model;
    d["beta"] = c.beta;
    d["electrojet_factor"] = c.electrojet_factor;
    d["assumptions"] = h.assumptions;
    d["dominant_term"] = c.dominant_term;
    d["unvalidated_latitude"] = c.unvalidated_latitude;
    d["unvalidated_band"] = h.unvalidated_band;
    d["tabulated_periods_years"] = py::make_tuple(h.tabulated_from_years, h.tabulated_to_years);
    py::list levels;
    for (const auto& row : h.rows) {
        py::dict l;
        l["return_period_years"] = row.period_years;
        l["e_v_per_km"] = band(row.e_v_per_km);
        l["terms"] = terms(row.terms);
        l["dominant_term"] = row.dominant_term;
        l["extrapolated"] = row.extrapolated;
        levels.append(l);
    }
    d["return_levels"] = levels;
    if (h.field_v_per_km) {
        const ReturnPeriod& rp = h.field_return_period;
        py::dict f;
        f["e_v_per_km"] = *h.field_v_per_km;
        f["return_period_years"] = rp.years;  // capped at 1e6 years (then "reached" is False)
        f["lo_years"] = rp.lo_years;
        f["hi_years"] = rp.hi_years;
        f["reached"] = rp.years < max_return_period_years;  // the return period is capped at 1e6 years
        f["extrapolated"] = rp.extrapolated;
        d["field"] = f;
    } else {
        d["field"] = py::none();
    }
    py::dict n;
    n["name"] = h.named_storm;
    n["e_v_per_km"] = band(h.named_storm_e_v_per_km);
    n["terms"] = terms(h.named_storm_terms);
    n["dominant_term"] = h.named_storm_dominant_term;
    d["named_storm"] = n;
    return d;
}

}  // namespace

void bind_hazard(py::module_& m) {
    namespace o = io::options;
    m.def("hazard_curve", &hazard_curve, py::arg("lat_deg"), py::arg("lon_deg"), py::kw_only(), arg(o::earth_model) = "",
          arg(o::earth_regions) = "", arg(o::models) = "", arg(o::epoch) = 2025.0,
          arg(o::return_periods_years) = std::vector<double>{10.0, 100.0, 1000.0}, py::arg("field_v_per_km") = py::none(),
          arg(o::hazard_profile) = "", arg(o::hazard_terms) = "",
          "The geoelectric hazard by return period at one point, as `swxrisk hazard` (docs/hazard-model.md): a dict "
          "with the dipole and dip latitudes, earth model (QUE assumed when none is given), beta, electrojet factor, "
          "return_levels (E in V/km with its band and each term per return period), dominant_term, "
          "unvalidated_latitude, the return period of field_v_per_km, and the named storm carrington-1859.");
}

}  // namespace swx::python
