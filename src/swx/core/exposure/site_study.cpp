#include <swx/core/exposure/site_study.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/parallel.hpp>
#include <swx/core/base/text.hpp>

#include <algorithm>
#include <cmath>
#include <map>

namespace swx {

namespace {

/// The substations a site lists, as indices into the network (duplicates dropped). A listed
/// substation that cannot supply a site (a switching station: no grounded transformer) is an error.
std::vector<std::size_t> listed_supplies(const Site& site, const GridExposure& grid,
                                         const std::map<std::string, std::size_t>& sub_index,
                                         const std::vector<bool>& capable, ProblemSink& problems,
                                         const std::string& sites_source, const std::string& grid_source) {
    std::vector<std::size_t> listed;
    for (const auto& id : site.supply_substations) {
        if (grid.network == nullptr) {
            problems.warn("no_grid", site.id, sites_source, "supply_substations given but the study has no grid");
            break;
        }
        const auto it = sub_index.find(id);
        if (it == sub_index.end()) {
            throw InputError({"readers.sites", sites_source, "", site.id, "supply_substations"},
                             "unknown substation id '" + id + "' (not in the substations layer of " + grid_source + ")");
        }
        if (!capable[it->second]) {
            throw InputError({"readers.sites", sites_source, "", site.id, "supply_substations"},
                             "substation '" + id + "' has no grounded transformer (a switching station?) and cannot supply a "
                             "site; list the substation whose transformers feed it (substations layer of " + grid_source + ")");
        }
        if (std::find(listed.begin(), listed.end(), it->second) == listed.end()) {
            listed.push_back(it->second);
        }
    }
    return listed;
}

/// The supply side of one evaluated point: listed substations, else the nearest within the radius.
void add_supplies(SiteResult& r, GeoPoint p, const std::vector<std::size_t>& listed, const GridExposure& grid,
                  const SubstationIndex& nearest, double supply_radius_km) {
    if (!listed.empty()) {
        const Network& net = *grid.network;
        r.n_supplies = listed.size();
        r.ieff_max_a = 0.0;
        r.dist_substation_km = INFINITY;
        for (const std::size_t s : listed) {
            r.ieff_max_a = std::max(r.ieff_max_a, grid.substation_ieff_a[s]);
            r.supplies.push_back(net.substations[s].id);
            if (net.substations[s].location.valid()) {
                r.dist_substation_km = std::min(r.dist_substation_km, great_circle_km(p, net.substations[s].location));
            }
        }
        if (!std::isfinite(r.dist_substation_km)) {
            r.dist_substation_km = not_a_number;
        }
    } else if (const auto n = nearest.nearest(p, supply_radius_km)) {
        r.n_supplies = 1;
        r.ieff_max_a = grid.substation_ieff_a[n->first];
        r.supplies = {grid.network->substations[n->first].id};
        r.dist_substation_km = n->second;
    } else {
        r.flags += std::string(r.flags.empty() ? "" : ",") + "no_grid";
    }
}

void add_flag(std::string& flags, const char* flag) { flags += std::string(flags.empty() ? "" : ",") + flag; }

/// E* at a point: the field that drives the worst supplying transformer (Ieff_ref at the reference
/// field e_ref) to the threshold, +inf where it carries no GIC; without a supply, the stated field.
double e_star(double e_ref_v_per_km, std::size_t n_supplies, double ieff_ref_a, const ReturnPeriodSettings& set) {
    if (n_supplies > 0 && std::isfinite(ieff_ref_a)) {
        return ieff_ref_a > 0.0 ? set.threshold_a * e_ref_v_per_km / ieff_ref_a : INFINITY;
    }
    return set.no_grid_e_star_v_per_km;
}

/// The return period of one evaluated point: its hazard curve, E*, and the period E* is reached at.
SiteReturnPeriod return_period_at(const HazardCurve& curve, const SiteResult& r, const ReturnLevelHazard& levels, std::string& flags) {
    const ReturnPeriodSettings& set = levels.settings();
    SiteReturnPeriod out;
    out.dip_lat_deg = curve.dip_lat_deg;
    out.electrojet_factor = curve.electrojet_factor;
    out.periods_years = set.report_periods_years;
    for (const double t : set.report_periods_years) {
        out.e_v_per_km.push_back(curve.e_at(t));
    }
    if (curve.earth_model.empty()) {
        const Banded nan{not_a_number, not_a_number, not_a_number};
        out.reference_terms = {nan, nan, nan};
        return out;
    }
    out.reference_terms = curve.reference_terms;
    out.dominant_term = curve.dominant_term;
    if (r.n_supplies > 0 && std::isfinite(r.ieff_max_a)) {
        out.ieff_reference_a = r.ieff_max_a;
    }
    out.e_star_v_per_km = e_star(curve.e_at(set.reference_period_years).value, r.n_supplies, r.ieff_max_a, set);
    out.return_period = return_period_of(curve, out.e_star_v_per_km);
    if (curve.unvalidated_latitude) {
        add_flag(flags, "unvalidated_latitude");
    }
    if (std::any_of(set.report_periods_years.begin(), set.report_periods_years.end(),
                    [&](double t) { return levels.profile().extrapolated(t); })) {
        add_flag(flags, "return_level_extrapolated");  // an e_<T>yr column lies outside the profile's periods
    }
    if (std::isinf(out.e_star_v_per_km)) {
        add_flag(flags, "threshold_not_reached");
    } else if (out.return_period.extrapolated) {
        add_flag(flags, "return_period_extrapolated");
    }
    return out;
}

/// Higher annual probability first; NaN last.
bool more_probable(const SiteResult& a, const SiteResult& b) {
    const double pa = a.return_period ? a.return_period->return_period.annual_probability() : not_a_number;
    const double pb = b.return_period ? b.return_period->return_period.annual_probability() : not_a_number;
    if (std::isnan(pb)) {
        return !std::isnan(pa);
    }
    return pa > pb;
}

}  // namespace

void add_named_storm_terms(std::vector<SiteResult>& sites, const NamedStormHazard& storm) {
    const ReturnLevelHazard& levels = storm.levels();
    for (auto& s : sites) {
        if (std::isnan(s.e_peak_v_per_km)) {
            continue;
        }
        const TermFields t = storm.terms_at(s.evaluated_at);
        s.storm_terms = t;
        s.dominant_term = dominant_term_name(t);
        if (!term_supported(s.dominant_term, s.geomagnetic_lat_deg, levels.profile(), levels.terms())) {
            add_flag(s.flags, "unvalidated_latitude");
        }
    }
}

std::vector<double> substation_worst(const Network& network, const std::vector<double>& per_transformer) {
    std::vector<double> out(network.substations.size(), 0.0);
    for (std::size_t t = 0; t < network.transformers.size() && t < per_transformer.size(); ++t) {
        const std::size_t s = network.substation_of(network.transformers[t]);
        out[s] = std::max(out[s], per_transformer[t]);
    }
    return out;
}

namespace {
/// The grid's substation ids, for the sites' listed supplies (empty when no site lists any: not needed).
std::map<std::string, std::size_t> substation_ids(const GridExposure& grid, const std::vector<Site>& sites) {
    std::map<std::string, std::size_t> sub_index;
    const bool listed = std::any_of(sites.begin(), sites.end(), [](const Site& s) { return !s.supply_substations.empty(); });
    if (grid.network != nullptr && listed) {
        for (std::size_t s = 0; s < grid.network->substations.size(); ++s) {
            sub_index[grid.network->substations[s].id] = s;
        }
    }
    return sub_index;
}
}  // namespace

void check_supplies(const std::vector<Site>& sites, const GridExposure& grid, ProblemSink& problems,
                    const std::string& sites_source, const std::string& grid_source) {
    const auto sub_index = substation_ids(grid, sites);
    const std::vector<bool> capable = grid.network != nullptr ? supply_capable_substations(*grid.network) : std::vector<bool>{};
    for (const Site& site : sites) {
        (void)listed_supplies(site, grid, sub_index, capable, problems, sites_source, grid_source);
    }
}

std::vector<SiteResult> evaluate_sites(const std::vector<Site>& sites, const HazardModel& hazard, const GridExposure& grid,
                                       const ExposureParameters& index, double supply_radius_km, ProblemSink& problems,
                                       const std::string& sites_source, const std::string& grid_source,
                                       const ReturnLevelHazard* levels) {
    const auto sub_index = substation_ids(grid, sites);
    const std::vector<bool> capable = grid.network != nullptr ? supply_capable_substations(*grid.network) : std::vector<bool>{};
    const SubstationIndex nearest(grid.network);
    // The supplies each site lists are checked first, in input order (errors and warnings name the first
    // offending site as before); then the sites are evaluated on all cores.
    std::vector<std::vector<std::size_t>> listed(sites.size());
    for (std::size_t i = 0; i < sites.size(); ++i) {
        listed[i] = listed_supplies(sites[i], grid, sub_index, capable, problems, sites_source, grid_source);
    }
    std::vector<SiteResult> out(sites.size());
    parallel_for(sites.size(), [&](std::size_t i) {
        const Site& site = sites[i];
        std::vector<GeoPoint> candidates{site.location};
        for (const auto& outline : site.outlines) {
            candidates.insert(candidates.end(), outline.begin(), outline.end());
        }
        SiteResult best;
        bool first = true;
        for (const GeoPoint& p : candidates) {
            SiteResult r;
            r.evaluated_at = p;
            // A return-period study reads the peak field off the site's curve (one evaluation of the terms).
            std::optional<HazardCurve> curve;
            PointHazard h;
            if (levels != nullptr) {
                curve = levels->curve(p);
                h.geomagnetic_lat_deg = curve->dipole_lat_deg;
                h.alpha = nerc_alpha(curve->dipole_lat_deg);
                h.earth_model = curve->earth_model;
                h.beta = curve->beta;
                h.e_peak_v_per_km = curve->earth_model.empty() ? not_a_number : curve->e_at(levels->settings().reference_period_years).value;
            } else {
                h = hazard.at(p);
            }
            r.geomagnetic_lat_deg = h.geomagnetic_lat_deg;
            r.alpha = h.alpha;
            r.earth_model = h.earth_model;
            r.beta = h.beta;
            r.e_peak_v_per_km = h.e_peak_v_per_km;
            r.flags = std::isnan(r.e_peak_v_per_km) ? "no_ground" : "";
            add_supplies(r, p, listed[i], grid, nearest, supply_radius_km);
            r.exposure_index = exposure_index(r.e_peak_v_per_km, r.ieff_max_a, r.n_supplies, index);
            if (levels != nullptr) {
                r.return_period = return_period_at(*curve, r, *levels, r.flags);
            }
            const bool better = levels != nullptr ? more_probable(r, best)
                                                  : !std::isnan(r.exposure_index) &&
                                                        (std::isnan(best.exposure_index) || r.exposure_index > best.exposure_index);
            if (first || better) {
                best = std::move(r);
            }
            first = false;
        }
        best.site = site;
        if (trim(best.site.name).empty()) {
            best.site.name = best.site.id;  // a blank name reads as the id everywhere (docs/scenario-format.md)
        }
        best.exposure_class = std::isnan(best.exposure_index) ? "unknown" : std::string(to_string(exposure_class(best.exposure_index)));
        out[i] = std::move(best);
    });
    std::vector<double> idx;
    std::vector<double> crit;
    for (const auto& s : out) {
        // A return-period study ranks by annual probability (the index breaks no ties: criticality does).
        idx.push_back(levels != nullptr && s.return_period ? s.return_period->return_period.annual_probability() : s.exposure_index);
        crit.push_back(s.site.criticality);
    }
    const auto ranks = rank_sites(idx, crit);
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i].rank = ranks[i];
    }
    return out;
}

ExposureRasters exposure_rasters(const GridSpec& spec, const HazardModel& hazard, const GridExposure& grid,
                                 const ExposureParameters& index, double supply_radius_km, const ReturnLevelHazard* levels) {
    ExposureRasters out{Raster::nodata(spec, "peak geoelectric field magnitude, " + hazard.description(), "V/km"),
                        Raster::nodata(spec, "site exposure index (as if a site stood in each cell)", "index 0-100"), std::nullopt};
    if (levels != nullptr) {
        out.return_period = Raster::nodata(spec,
                                           "return period of the threshold (" + format_number(levels->settings().threshold_a) +
                                               " A at the nearest substation within the supply radius, else a field of " +
                                               format_number(levels->settings().no_grid_e_star_v_per_km) +
                                               " V/km), as if a site stood in each cell; nodata where the nearest substation carries no GIC",
                                           "years");
    }
    const SubstationIndex nearest(grid.network);
    // Without a hazard curve the peak field comes from the hazard, a raster row at a time (a storm field
    // predicts B for a whole row at once).
    std::vector<double> row_peak;
    if (levels == nullptr && hazard.prefers_batches()) {
        row_peak.assign(spec.width() * spec.height(), not_a_number);
        std::vector<GeoPoint> points(spec.width());
        for (std::size_t row = 0; row < spec.height(); ++row) {
            for (std::size_t col = 0; col < spec.width(); ++col) {
                points[col] = spec.cell_center(col, row);
            }
            hazard.e_peak_many(points, std::span<double>(row_peak).subspan(row * spec.width(), spec.width()));
        }
    }
    for_each_cell(spec, [&](std::size_t col, std::size_t row, GeoPoint p) {
        std::optional<HazardCurve> curve;
        if (levels != nullptr) {
            curve = levels->curve(p);  // the peak field is read off the curve: one evaluation of the terms
        }
        const double e = curve ? (curve->earth_model.empty() ? not_a_number : curve->e_at(levels->settings().reference_period_years).value)
                         : row_peak.empty() ? hazard.e_peak_v_per_km(p)
                                            : row_peak[row * spec.width() + col];
        out.peak_e.at(col, row) = static_cast<float>(e);
        double ieff = not_a_number;
        std::size_t n = 0;
        if (const auto s = nearest.nearest(p, supply_radius_km)) {
            ieff = grid.substation_ieff_a[s->first];
            n = 1;
        }
        out.exposure.at(col, row) = static_cast<float>(exposure_index(e, ieff, n, index));
        if (levels != nullptr && !std::isnan(e)) {
            // Only the period is needed here (not the site's columns and flags). A cell whose nearest substation
            // carries no GIC never reaches the threshold in this model: nodata, not the longest return period
            // (which the map would show as its least exposed class).
            const double field = e_star(e, n, ieff, levels->settings());
            out.return_period->at(col, row) = std::isinf(field) ? NAN : static_cast<float>(return_period_of(*curve, field).years);
        }
    });
    return out;
}

std::vector<const SiteResult*> by_rank(const std::vector<SiteResult>& sites) {
    std::vector<const SiteResult*> order;
    order.reserve(sites.size());
    for (const auto& s : sites) {
        order.push_back(&s);
    }
    std::stable_sort(order.begin(), order.end(), [](auto a, auto b) { return a->rank < b->rank; });
    return order;
}

namespace {
void add_return_period_columns(FeatureTable& t, const std::vector<SiteResult>& sites) {
    const SiteReturnPeriod none;
    auto of = [&](const SiteResult& s) -> const SiteReturnPeriod& { return s.return_period ? *s.return_period : none; };
    auto column = [&](const std::string& name, auto value, const std::string& note = "") {
        std::vector<double> v;
        for (const auto& s : sites) {
            v.push_back(value(of(s)));
        }
        t.add(name, std::move(v), note);
    };
    column("return_period_years", [](const SiteReturnPeriod& r) { return r.return_period.years; },
           "years until the worst supplying transformer reaches the threshold (or a site without a grid sees e_star_v_per_km); "
           "capped at 1e6");
    column("return_period_years_lo", [](const SiteReturnPeriod& r) { return r.return_period.lo_years; }, "from the upper band");
    column("return_period_years_hi", [](const SiteReturnPeriod& r) { return r.return_period.hi_years; }, "from the lower band");
    column("annual_probability", [](const SiteReturnPeriod& r) { return r.return_period.annual_probability(); },
           "1 - exp(-1/T): at least one exceedance in a year");
    column("e_star_v_per_km", [](const SiteReturnPeriod& r) { return r.e_star_v_per_km; },
           "field at the site that drives the worst supplying transformer to the threshold");
    std::vector<std::string> basis;
    for (const auto& s : sites) {
        const SiteReturnPeriod& r = of(s);
        basis.push_back(std::isnan(r.return_period.years) ? ""
                        : std::isinf(r.e_star_v_per_km)   ? "threshold_not_reached"
                        : std::isfinite(r.ieff_reference_a) ? "threshold_a"
                                                            : "e_star_v_per_km");
    }
    t.add("return_period_basis", std::move(basis),
          "threshold_a: the worst supplying transformer reaches the threshold; e_star_v_per_km: no grid, the stated field; "
          "threshold_not_reached: the supplying transformers carry no GIC");
    const std::vector<double> periods = sites.front().return_period ? sites.front().return_period->periods_years : std::vector<double>{};
    for (std::size_t k = 0; k < periods.size(); ++k) {
        const std::string base = "e_" + format_number(periods[k]) + "yr_v_per_km";
        auto at = [k](const SiteReturnPeriod& r) { return k < r.e_v_per_km.size() ? r.e_v_per_km[k] : Banded{not_a_number, not_a_number, not_a_number}; };
        column(base, [&](const SiteReturnPeriod& r) { return at(r).value; }, "peak field once in " + format_number(periods[k]) + " years");
        column(base + "_lo", [&](const SiteReturnPeriod& r) { return at(r).lo; });
        column(base + "_hi", [&](const SiteReturnPeriod& r) { return at(r).hi; });
    }
    column("ieff_100yr_a", [](const SiteReturnPeriod& r) { return r.ieff_reference_a; },
           "worst effective GIC per phase of the supplying transformers under the 100-year field, A");
    std::vector<std::string> dominant;
    for (const auto& s : sites) {
        dominant.push_back(of(s).dominant_term);
    }
    t.add("dominant_term", std::move(dominant), "auroral, sudden_commencement or main_phase (at 100 years)");
    column("dip_lat_deg", [](const SiteReturnPeriod& r) { return r.dip_lat_deg; }, "IGRF-14 dip latitude");
    column("electrojet_factor", [](const SiteReturnPeriod& r) { return r.electrojet_factor; });
    column("e_100yr_auroral_v_per_km", [](const SiteReturnPeriod& r) { return r.reference_terms.auroral.value; });
    column("e_100yr_sudden_commencement_v_per_km", [](const SiteReturnPeriod& r) { return r.reference_terms.sudden_commencement.value; });
    column("e_100yr_main_phase_v_per_km", [](const SiteReturnPeriod& r) { return r.reference_terms.main_phase.value; });
}
}  // namespace

FeatureTable sites_table(const std::vector<SiteResult>& sites) {
    FeatureTable t;
    t.name = "sites";
    t.geometry_kind = GeometryKind::point;
    std::vector<std::string> id, name, cls, model, supplies, flags;
    std::vector<double> idx, rank, glat, alpha, beta, e, ieff, n, dist, crit, lat, lon, elat, elon;
    for (const auto& s : sites) {
        id.push_back(s.site.id);
        name.push_back(s.site.name);
        idx.push_back(s.exposure_index);
        cls.push_back(s.exposure_class);
        rank.push_back(static_cast<double>(s.rank));
        glat.push_back(s.geomagnetic_lat_deg);
        alpha.push_back(s.alpha);
        model.push_back(s.earth_model);
        beta.push_back(s.beta);
        e.push_back(s.e_peak_v_per_km);
        ieff.push_back(s.ieff_max_a);
        n.push_back(static_cast<double>(s.n_supplies));
        supplies.push_back(format_supply_ids(s.supplies));
        dist.push_back(s.dist_substation_km);
        crit.push_back(s.site.criticality);
        flags.push_back(s.flags);
        lat.push_back(s.site.location.lat_deg);
        lon.push_back(s.site.location.lon_deg);
        elat.push_back(s.evaluated_at.lat_deg);
        elon.push_back(s.evaluated_at.lon_deg);
        t.geometry.push_back({s.site.location});
    }
    t.add("site_id", std::move(id));
    t.add("name", std::move(name));
    t.add("exposure_index", std::move(idx), "0-100, docs/exposure-index.md");
    t.add("class", std::move(cls));
    t.add("rank", std::move(rank));
    t.add("geomagnetic_lat_deg", std::move(glat), "centred-dipole latitude at the study epoch");
    t.add("alpha", std::move(alpha));
    t.add("earth_model", std::move(model));
    t.add("beta", std::move(beta));
    t.add("e_peak_v_per_km", std::move(e));
    t.add("ieff_max_a", std::move(ieff), "worst effective GIC per phase in the supplying substations, A");
    t.add("n_supplies", std::move(n));
    t.add("supply_substations", std::move(supplies));
    t.add("dist_substation_km", std::move(dist));
    t.add("criticality", std::move(crit));
    t.add("flags", std::move(flags),
          "no_ground: no earth model here; no_grid: no supplying substation known; return-period studies also "
          "unvalidated_latitude, return_period_extrapolated, threshold_not_reached, return_level_extrapolated "
          "(docs/hazard-model.md); storm records with many magnetometers also secs_extrapolated (outside the SECS pole grid); "
          "network_assumed: the supplying network has assumed values (a grid built from a public map; see ieff_low_a, ieff_high_a)");
    t.add("lat_deg", std::move(lat));
    t.add("lon_deg", std::move(lon));
    t.add("evaluated_lat_deg", std::move(elat), "polygon sites: the worst point");
    t.add("evaluated_lon_deg", std::move(elon));
    if (std::any_of(sites.begin(), sites.end(), [](const SiteResult& s) { return std::isfinite(s.ieff_low_a); })) {
        std::vector<double> low, high;
        for (const auto& s : sites) {
            low.push_back(s.ieff_low_a);
            high.push_back(s.ieff_high_a);
        }
        t.add("ieff_low_a", std::move(low),
              "network_assumed: ieff_max_a with the assumed resistances and groundings at the high ends of their ranges, A");
        t.add("ieff_high_a", std::move(high),
              "network_assumed: ieff_max_a with the assumed resistances and groundings at the low ends of their ranges, A");
    }
    if (!sites.empty() && sites.front().return_period) {
        add_return_period_columns(t, sites);
    }
    if (std::any_of(sites.begin(), sites.end(), [](const SiteResult& s) { return s.field_source.has_value(); })) {
        std::vector<FieldProvenance> provenance;
        for (const auto& s : sites) {
            provenance.push_back(s.field_source.value_or(FieldProvenance{}));
        }
        add_field_provenance_columns(t, provenance);
    }
    if (std::any_of(sites.begin(), sites.end(), [](const SiteResult& s) { return s.storm_terms.has_value(); })) {
        std::vector<std::string> dominant;
        std::vector<double> aur, sc, mp;
        for (const auto& s : sites) {
            dominant.push_back(s.dominant_term);
            aur.push_back(s.storm_terms ? s.storm_terms->auroral.value : not_a_number);
            sc.push_back(s.storm_terms ? s.storm_terms->sudden_commencement.value : not_a_number);
            mp.push_back(s.storm_terms ? s.storm_terms->main_phase.value : not_a_number);
        }
        t.add("dominant_term", std::move(dominant), "the largest term of the named storm: auroral, sudden_commencement, main_phase");
        t.add("e_auroral_v_per_km", std::move(aur));
        t.add("e_sudden_commencement_v_per_km", std::move(sc), "including the equatorial-electrojet factor");
        t.add("e_main_phase_v_per_km", std::move(mp));
    }
    return t;
}

}  // namespace swx
