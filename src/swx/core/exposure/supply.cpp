#include <swx/core/exposure/supply.hpp>

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numbers>
#include <vector>

namespace swx {

namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using Point3 = bg::model::point<double, 3, bg::cs::cartesian>;
using Entry = std::pair<Point3, std::size_t>;

Point3 unit_vector(GeoPoint p) {
    const double lat = p.lat_deg * std::numbers::pi / 180.0;
    const double lon = p.lon_deg * std::numbers::pi / 180.0;
    return {std::cos(lat) * std::cos(lon), std::cos(lat) * std::sin(lon), std::sin(lat)};
}

}  // namespace

double great_circle_km(GeoPoint a, GeoPoint b) {
    const double chord = bg::distance(unit_vector(a), unit_vector(b));
    return 2.0 * mean_earth_radius_km * std::asin(std::min(1.0, chord / 2.0));
}

std::vector<bool> supply_capable_substations(const Network& network) {
    std::vector<bool> capable(network.substations.size(), false);
    for (const Transformer& t : network.transformers) {
        if (has_neutral_winding(t.type) && t.hv_bus < network.buses.size()) {
            const std::size_t s = network.substation_of(t);
            if (s < capable.size()) {
                capable[s] = true;
            }
        }
    }
    return capable;
}

struct SubstationIndex::Impl {
    const Network* net = nullptr;
    bgi::rtree<Entry, bgi::rstar<16>> tree;
};

SubstationIndex::SubstationIndex(const Network* network) : m_impl(std::make_unique<Impl>()) {
    m_impl->net = network;
    if (network == nullptr) {
        return;
    }
    const std::vector<bool> capable = supply_capable_substations(*network);
    std::vector<Entry> entries;
    for (std::size_t s = 0; s < network->substations.size(); ++s) {
        if (capable[s] && network->substations[s].location.valid()) {
            entries.emplace_back(unit_vector(network->substations[s].location), s);
        }
    }
    m_impl->tree = bgi::rtree<Entry, bgi::rstar<16>>(entries.begin(), entries.end());
}

SubstationIndex::~SubstationIndex() = default;
SubstationIndex::SubstationIndex(SubstationIndex&&) noexcept = default;
SubstationIndex& SubstationIndex::operator=(SubstationIndex&&) noexcept = default;

std::optional<std::pair<std::size_t, double>> SubstationIndex::nearest(GeoPoint p, double radius_km) const {
    if (m_impl->net == nullptr || m_impl->tree.empty() || !p.valid()) {
        return std::nullopt;
    }
    std::vector<Entry> found;
    m_impl->tree.query(bgi::nearest(unit_vector(p), 1), std::back_inserter(found));
    if (found.empty()) {
        return std::nullopt;
    }
    const double km = great_circle_km(p, m_impl->net->substations[found[0].second].location);
    if (km > radius_km) {
        return std::nullopt;
    }
    return std::make_pair(found[0].second, km);
}

}  // namespace swx
