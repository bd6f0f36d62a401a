#include <swx/study/storm_field_input.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/text.hpp>
#include <swx/io/emtf_reader.hpp>
#include <swx/io/magnetometer_set.hpp>
#include <swx/io/options.hpp>

#include <filesystem>

namespace swx::study {

StormFieldInput load_storm_field(const StormRequest& storm, const Ground& ground, ProblemSink& problems, const std::string& stage,
                                 bool flags) {
    const io::FieldConfig& fc = storm.field;
    const ErrorContext where{stage, "", "", "", ""};
    const auto name = [&](const io::OptionSpec& o) { return flags ? o.flag() : o.dotted(); };
    if (!fc.magnetometers.empty() && !storm.magnetometer.empty()) {
        throw ConfigError({stage, "", "", "", name(io::options::magnetometers)},
                          "give either " + name(io::options::magnetometer) + " (one record) or " + name(io::options::magnetometers) +
                              " (many), not both");
    }
    if (fc.magnetometers.empty() && storm.magnetometer.empty()) {
        throw ConfigError({stage, "", "", "", name(io::options::magnetometer)},
                          "a storm record is needed" + std::string(fc.mt_sites.empty() ? "" : " (MT sites act on one)") + ": give " +
                              name(io::options::magnetometer) + " or " + name(io::options::magnetometers));
    }
    fc.check_used(where, flags);
    const StormFieldOptions options = fc.field_options(where, flags);
    StormFieldInput in;
    if (!fc.magnetometers.empty()) {
        io::MagnetometerSetOptions mo;
        mo.record = storm.magnetometer_options;
        mo.stations = fc.stations;
        mo.set.baseline = fc.baseline_method(where, flags);
        in.records = io::read_magnetometers(fc.magnetometers, mo, problems);
    } else {
        // One record: a uniform source field; its position plays no part (no SECS fit).
        io::MagnetometerSeries b = io::read_magnetometer(storm.magnetometer, storm.magnetometer_options);
        io::warn_gap_filling(b, problems);
        StationRecord s;
        s.id = b.station.empty() ? std::filesystem::path(storm.magnetometer).stem().string() : b.station;
        s.source_path = storm.magnetometer;
        s.location = {b.longitude_deg, b.latitude_deg};
        s.position_source = "not used (one record: uniform field)";
        in.records.stations = {s};
        in.records.t0_unix_s = b.t0_unix_s;
        in.records.dt_s = b.dt_s;
        in.records.bx_nt = {std::move(b.bx_nt)};
        in.records.by_nt = {std::move(b.by_nt)};
        in.records.baseline_x_nt = {0.0};
        in.records.baseline_y_nt = {0.0};
        in.records.n_interpolated = b.n_interpolated;
    }
    if (!fc.mt_sites.empty()) {
        in.mt_sites = io::read_mt_sites(fc.mt_sites, &problems);
    }
    in.field = std::make_unique<StormField>(in.records, ground, in.mt_sites, options);
    std::string ids;
    for (std::size_t s = 0; s < in.records.size() && s < 8; ++s) {
        ids += (s ? ", " : "") + in.records.stations[s].id;
    }
    if (in.records.size() > 8) {
        ids += ", ...";
    }
    in.storm_text = std::to_string(in.records.size()) + (in.records.size() == 1 ? " magnetometer (" : " magnetometers (") + ids + "), " +
                    std::to_string(in.records.steps()) + " steps of " + format_number(in.records.dt_s) + " s from " +
                    format_iso8601_utc(in.records.t0_unix_s);
    in.method_text = in.records.size() > 1
                         ? "B between stations by divergence-free SECS (pole spacing " + format_number(options.secs.pole_spacing_deg) +
                               " deg, " + (options.secs.regularisation == SecsRegularisation::truncated_svd ? "truncated SVD" : "Tikhonov") +
                               " epsilon " + format_number(options.secs.epsilon) + "), baseline " + baseline_name(in.records.baseline) +
                               " removed"
                         : "uniform B (one record)";
    in.method_text += in.mt_sites.empty() ? "; E = Z(f)B(f)/mu0 over the 1-D earth model of each region"
                                          : "; E through the MT impedance tensor of the " +
                                                std::string(options.mt_interpolation == MtInterpolation::nearest ? "nearest site"
                                                                                                                 : "nearest sites (1/d^2)") +
                                                " within " + format_number(options.mt_max_distance_km) + " km (" +
                                                std::to_string(in.mt_sites.size()) + " sites), the 1-D model elsewhere";
    return in;
}

}  // namespace swx::study
