#include <swx/study/hazard_point.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>
#include <swx/core/storm/geomag.hpp>
#include <swx/io/ground_loader.hpp>
#include <swx/io/hazard_tables.hpp>
#include <swx/io/options.hpp>

#include <algorithm>
#include <cmath>
#include <functional>

namespace swx::study {

namespace {

/// The band of |dipole latitude| around |lat| (0.5° steps) where `supported` is false, as "a–b°"; "" if supported.
std::string unsupported_band(double lat_deg, const std::function<bool(double)>& supported) {
    const double a = std::min(std::abs(lat_deg), 90.0);
    if (supported(a)) {
        return {};
    }
    double lo = a;
    while (lo - 0.5 >= 0.0 && !supported(lo - 0.5)) {
        lo -= 0.5;
    }
    double hi = a;
    while (hi + 0.5 <= 90.0 && !supported(hi + 0.5)) {
        hi += 0.5;
    }
    lo = std::floor(lo);
    hi = std::ceil(hi);
    return format_number(lo) + "-" + format_number(hi) + " deg |dipole latitude|";
}

}  // namespace

HazardPointResult run_hazard_point(const HazardPointRequest& r, ProblemSink* problems) {
    if (!(std::isfinite(r.lat_deg) && r.lat_deg >= -90.0 && r.lat_deg <= 90.0)) {
        throw ConfigError({"hazard", "", "", "", "lat"}, "expected a latitude from -90 to 90 degrees north, got " + format_number(r.lat_deg));
    }
    if (!(std::isfinite(r.lon_deg) && r.lon_deg >= -360.0 && r.lon_deg <= 360.0)) {
        throw ConfigError({"hazard", "", "", "", "lon"}, "expected a longitude from -360 to 360 degrees east, got " + format_number(r.lon_deg));
    }
    io::options::epoch.check(r.epoch, {"hazard", "", "", "", std::string(io::options::epoch.key)});
    ReturnPeriodSettings settings;
    settings.report_periods_years = r.return_periods_years;
    try {
        settings.validate();
    } catch (const ConfigError& e) {
        // The keys of this request, not the scenario file's table (CLI --return-periods-years, Python return_periods_years).
        ErrorContext where = e.context();
        where.field = std::string(io::options::return_periods_years.key);
        throw ConfigError(where, e.why());
    }
    if (r.field_v_per_km) {
        if (!(std::isfinite(*r.field_v_per_km) && *r.field_v_per_km > 0.0)) {
            throw ConfigError({"hazard", "", "", "", "field_v_per_km"}, "expected a field > 0 V/km, got " + format_number(*r.field_v_per_km));
        }
    }

    HazardPointResult out;
    out.lat_deg = r.lat_deg;
    out.lon_deg = r.lon_deg;
    out.epoch = r.epoch;
    GroundRequest g = r.ground;
    if (!g.given()) {
        g.earth_model = "QUE";
        out.assumptions.push_back("earth model QUE (Quebec, the NERC reference earth) assumed: no earth_model or earth_regions given");
    }
    ProblemSink local;
    ProblemSink& sink = problems != nullptr ? *problems : local;
    const Ground ground = io::load_ground(g.earth_regions, g.earth_model, g.models_dir, sink);
    const BetaResolver betas = io::load_beta_resolver(NercEvent::benchmark, ground, "");
    const DipoleCoefficients dipole = dipole_coefficients(r.epoch, &sink);
    const DipLatitudeFn dip = io::igrf_dip_latitude(r.epoch);  // the epoch warning comes once, from dipole_coefficients
    const DriverProfile profile = io::load_driver_profile(r.hazard_profile);
    const StormTerms terms = io::load_storm_terms(r.hazard_terms);
    out.profile_source = profile.source();
    out.terms_source = terms.file;
    const ReturnLevelHazard hazard(ground, betas, dipole, dip, profile, terms, settings);

    const GeoPoint p{r.lon_deg, r.lat_deg};
    out.curve = hazard.curve(p);
    if (out.curve.earth_model.empty()) {
        throw InputError({"hazard", g.earth_regions, "", "", std::string(io::options::earth_regions.key)},
                         "no earth model at " + format_number(r.lat_deg) + " N, " + format_number(r.lon_deg) +
                             " E (outside every earth region and no earth_model given)");
    }
    const auto& periods = profile.return_periods_years();
    out.tabulated_from_years = periods.front();
    out.tabulated_to_years = periods.back();
    for (const double t : r.return_periods_years) {
        HazardPeriodRow row;
        row.period_years = t;
        row.e_v_per_km = out.curve.e_at(t);
        row.terms = hazard.terms_at(p, out.curve.earth_model, t);
        row.dominant_term = dominant_term_name(row.terms);
        row.extrapolated = profile.extrapolated(t);
        out.rows.push_back(row);
    }
    out.field_v_per_km = r.field_v_per_km;
    if (r.field_v_per_km) {
        out.field_return_period = return_period_of(out.curve, *r.field_v_per_km);
    }

    const NamedStorm& storm = named_storm("carrington-1859");
    out.named_storm = storm.name;
    // The hazard already holds every model's response to the named storm's rises: no second hazard to build.
    out.named_storm_terms = hazard.terms_at(p, out.curve.earth_model, storm.auroral_return_period_years, &storm);
    out.named_storm_e_v_per_km = largest_term(out.named_storm_terms);
    out.named_storm_dominant_term = dominant_term_name(out.named_storm_terms);

    if (out.curve.unvalidated_latitude) {
        const std::string& d = out.curve.dominant_term;
        out.unvalidated_band =
            unsupported_band(out.curve.dipole_lat_deg, [&](double a) { return term_supported(d, a, profile, terms); });
    }
    return out;
}

}  // namespace swx::study
