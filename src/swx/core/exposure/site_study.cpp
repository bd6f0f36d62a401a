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

}  // namespace

std::vector<double> substation_worst(const Network& network, const std::vector<double>& per_transformer) {
    std::vector<double> out(network.substations.size(), 0.0);
    for (std::size_t t = 0; t < network.transformers.size() && t < per_transformer.size(); ++t) {
        const std::size_t s = network.substation_of(network.transformers[t]);
        out[s] = std::max(out[s], per_transformer[t]);
    }
    return out;
}

namespace {
std::map<std::string, std::size_t> substation_ids(const GridExposure& grid) {
    std::map<std::string, std::size_t> sub_index;
    if (grid.network != nullptr) {
        for (std::size_t s = 0; s < grid.network->substations.size(); ++s) {
            sub_index[grid.network->substations[s].id] = s;
        }
    }
    return sub_index;
}
}  // namespace

void check_supplies(const std::vector<Site>& sites, const GridExposure& grid, ProblemSink& problems,
                    const std::string& sites_source, const std::string& grid_source) {
    const auto sub_index = substation_ids(grid);
    const std::vector<bool> capable = grid.network != nullptr ? supply_capable_substations(*grid.network) : std::vector<bool>{};
    for (const Site& site : sites) {
        (void)listed_supplies(site, grid, sub_index, capable, problems, sites_source, grid_source);
    }
}

std::vector<SiteResult> evaluate_sites(const std::vector<Site>& sites, const HazardModel& hazard, const GridExposure& grid,
                                       const ExposureParameters& index, double supply_radius_km, ProblemSink& problems,
                                       const std::string& sites_source, const std::string& grid_source) {
    const auto sub_index = substation_ids(grid);
    const std::vector<bool> capable = grid.network != nullptr ? supply_capable_substations(*grid.network) : std::vector<bool>{};
    const SubstationIndex nearest(grid.network);
    std::vector<SiteResult> out;
    out.reserve(sites.size());
    for (const Site& site : sites) {
        const std::vector<std::size_t> listed = listed_supplies(site, grid, sub_index, capable, problems, sites_source, grid_source);
        std::vector<GeoPoint> candidates{site.location};
        for (const auto& outline : site.outlines) {
            candidates.insert(candidates.end(), outline.begin(), outline.end());
        }
        SiteResult best;
        bool first = true;
        for (const GeoPoint& p : candidates) {
            SiteResult r;
            r.site = site;
            r.evaluated_at = p;
            const PointHazard h = hazard.at(p);
            r.geomagnetic_lat_deg = h.geomagnetic_lat_deg;
            r.alpha = h.alpha;
            r.earth_model = h.earth_model;
            r.beta = h.beta;
            r.e_peak_v_per_km = h.e_peak_v_per_km;
            r.flags = std::isnan(r.e_peak_v_per_km) ? "no_ground" : "";
            add_supplies(r, p, listed, grid, nearest, supply_radius_km);
            r.exposure_index = exposure_index(r.e_peak_v_per_km, r.ieff_max_a, r.n_supplies, index);
            if (first || (!std::isnan(r.exposure_index) && (std::isnan(best.exposure_index) || r.exposure_index > best.exposure_index))) {
                best = std::move(r);
            }
            first = false;
        }
        if (trim(best.site.name).empty()) {
            best.site.name = best.site.id;  // a blank name reads as the id everywhere (docs/scenario-format.md)
        }
        best.exposure_class = std::isnan(best.exposure_index) ? "unknown" : std::string(to_string(exposure_class(best.exposure_index)));
        out.push_back(std::move(best));
    }
    std::vector<double> idx;
    std::vector<double> crit;
    for (const auto& s : out) {
        idx.push_back(s.exposure_index);
        crit.push_back(s.site.criticality);
    }
    const auto ranks = rank_sites(idx, crit);
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i].rank = ranks[i];
    }
    return out;
}

ExposureRasters exposure_rasters(const GridSpec& spec, const HazardModel& hazard, const GridExposure& grid,
                                 const ExposureParameters& index, double supply_radius_km) {
    ExposureRasters out{Raster::nodata(spec, "peak geoelectric field magnitude, " + hazard.description(), "V/km"),
                        Raster::nodata(spec, "site exposure index (as if a site stood in each cell)", "index 0-100")};
    const SubstationIndex nearest(grid.network);
    for_each_cell(spec, [&](std::size_t col, std::size_t row, GeoPoint p) {
        const double e = hazard.e_peak_v_per_km(p);
        out.peak_e.at(col, row) = static_cast<float>(e);
        double ieff = not_a_number;
        std::size_t n = 0;
        if (const auto s = nearest.nearest(p, supply_radius_km)) {
            ieff = grid.substation_ieff_a[s->first];
            n = 1;
        }
        out.exposure.at(col, row) = static_cast<float>(exposure_index(e, ieff, n, index));
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
    t.add("flags", std::move(flags), "no_ground: no earth model here; no_grid: no supplying substation known");
    t.add("lat_deg", std::move(lat));
    t.add("lon_deg", std::move(lon));
    t.add("evaluated_lat_deg", std::move(elat), "polygon sites: the worst point");
    t.add("evaluated_lon_deg", std::move(elon));
    return t;
}

}  // namespace swx
