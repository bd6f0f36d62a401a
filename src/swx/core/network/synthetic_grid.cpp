#include <swx/core/network/synthetic_grid.hpp>

#include <swx/core/emf/line_emf.hpp>

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <cmath>
#include <numbers>
#include <random>
#include <set>
#include <string>
#include <utility>

namespace swx {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {

using Point = bg::model::point<double, 2, bg::cs::cartesian>;  // (x km east, y km north), local plane
using Entry = std::pair<Point, std::size_t>;

double length_km(const GeoPoint& a, const GeoPoint& b) {
    const Displacement d = nerc_displacement(a, b);
    return std::hypot(d.north_km, d.east_km);
}

}  // namespace

// 85 lines on purpose: one pass that places substations, buses, transformers and lines in the order the
// random stream is consumed; splitting it would make the seed-to-grid mapping harder to follow.
Network make_synthetic_grid(const SyntheticGridOptions& o) {
    Network net;
    std::mt19937_64 rng(o.seed);
    std::uniform_real_distribution<double> u01(0.0, 1.0);
    const std::size_t n = o.substations;
    const double lat0 = 0.5 * (o.south_deg + o.north_deg) * std::numbers::pi / 180.0;

    std::vector<Entry> all;
    std::vector<Entry> backbone;
    all.reserve(n);
    net.substations.reserve(n);
    std::vector<std::size_t> bus345(n), bus500(n, SIZE_MAX);
    for (std::size_t i = 0; i < n; ++i) {
        Substation s;
        s.id = "S" + std::to_string(i + 1);
        s.name = "Synthetic " + std::to_string(i + 1);
        s.location = {o.west_deg + (o.east_deg - o.west_deg) * u01(rng), o.south_deg + (o.north_deg - o.south_deg) * u01(rng)};
        s.grounding_ohm = 0.1 + 0.9 * u01(rng);
        const Point p(s.location.lon_deg * 111.32 * std::cos(lat0), s.location.lat_deg * 110.57);
        all.emplace_back(p, i);
        net.substations.push_back(std::move(s));

        bus345[i] = net.buses.size();
        net.buses.push_back({"B" + std::to_string(i + 1) + "_345", i, 345.0});
        const double kind = u01(rng);
        const std::size_t lv = net.buses.size();
        if (kind < 0.3) {  // power plant: GSU(s) from a 22 kV generator bus
            net.buses.push_back({"B" + std::to_string(i + 1) + "_22", i, 22.0});
            const int units = u01(rng) < 0.5 ? 1 : 2;
            for (int k = 0; k < units; ++k) {
                net.transformers.push_back({"T" + std::to_string(i + 1) + "_G" + std::to_string(k + 1), TransformerType::gsu,
                                            bus345[i], lv, 0.1 + 0.2 * u01(rng), not_a_number, u01(rng) < o.fraction_blocked});
            }
        } else {  // load substation: GY-GY-D step-down to 138 kV
            net.buses.push_back({"B" + std::to_string(i + 1) + "_138", i, 138.0});
            const int units = u01(rng) < 0.7 ? 1 : 2;
            for (int k = 0; k < units; ++k) {
                net.transformers.push_back({"T" + std::to_string(i + 1) + "_D" + std::to_string(k + 1), TransformerType::gy_gy_d,
                                            bus345[i], lv, 0.2 + 0.3 * u01(rng), 0.1 + 0.2 * u01(rng),
                                            u01(rng) < o.fraction_blocked});
            }
        }
        if (u01(rng) < o.fraction_500kv) {
            bus500[i] = net.buses.size();
            net.buses.push_back({"B" + std::to_string(i + 1) + "_500", i, 500.0});
            net.transformers.push_back({"T" + std::to_string(i + 1) + "_A", TransformerType::autotransformer, bus500[i], bus345[i],
                                        0.03 + 0.03 * u01(rng), 0.04 + 0.04 * u01(rng), false});
            backbone.emplace_back(p, i);
        }
    }

    // Lines to nearest neighbours through an R-tree (packing constructor: O(n log n)).
    std::set<std::pair<std::size_t, std::size_t>> seen;
    auto connect = [&](const std::vector<Entry>& nodes, const std::vector<std::size_t>& bus_of, double kv, double r_per_km) {
        const bgi::rtree<Entry, bgi::quadratic<16>> tree(nodes.begin(), nodes.end());
        std::vector<Entry> found;
        for (const auto& [p, i] : nodes) {
            found.clear();
            tree.query(bgi::nearest(p, static_cast<unsigned>(o.neighbours + 1)), std::back_inserter(found));
            for (const auto& [q, j] : found) {
                if (i == j) {
                    continue;
                }
                const auto key = std::minmax(i, j);
                if (!seen.insert({key.first * 2 + (kv > 400 ? 1 : 0), key.second}).second) {
                    continue;
                }
                const double km = std::max(1.0, length_km(net.substations[i].location, net.substations[j].location));
                Line line;
                line.id = "L" + std::to_string(net.lines.size() + 1);
                line.from_bus = bus_of[i];
                line.to_bus = bus_of[j];
                line.kv = kv;
                line.r_ohm = km * r_per_km * (0.8 + 0.4 * u01(rng));
                line.dc_blocked = u01(rng) < o.fraction_series_capacitor;
                net.lines.push_back(std::move(line));
            }
        }
    };
    connect(all, bus345, 345.0, 0.037);
    if (backbone.size() > 1) {
        connect(backbone, bus500, 500.0, 0.0185);
    }
    return net;
}

}  // namespace swx
