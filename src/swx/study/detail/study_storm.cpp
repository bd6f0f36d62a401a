// The storm of a site study (study_storm.hpp).

#include <swx/study/detail/study_storm.hpp>

#include <swx/io/ground_loader.hpp>
#include <swx/io/hazard_tables.hpp>
#include <swx/io/options.hpp>

namespace swx::study::detail {

namespace {

/// The study's storm request as the shared loader takes it.
StormRequest storm_request(const io::StudyConfig& c) {
    StormRequest r;
    r.magnetometer = c.magnetometer;
    r.magnetometer_options = c.magnetometer_options;
    r.field = c.field;
    r.epoch = c.epoch;
    return r;
}

}  // namespace

using io::is_named_storm;

Storm read_storm(const io::StudyConfig& c, const Ground& ground, ProblemSink& problems) {
    Storm s{dipole_coefficients(c.epoch, &problems), std::nullopt, std::nullopt, nullptr, nullptr, nullptr, std::nullopt};
    if (!c.hazard.empty() || is_named_storm(c.scenario)) {
        // The hazard model's auroral term takes β of the NERC benchmark waveform (docs/hazard-model.md).
        s.betas.emplace(io::load_beta_resolver(NercEvent::benchmark, ground, c.waveform));
        const DriverProfile profile = io::load_driver_profile(c.hazard_profile);
        const StormTerms terms = io::load_storm_terms(c.hazard_terms);
        DipLatitudeFn dip = io::igrf_dip_latitude(c.epoch);  // the epoch warning comes from the dipole above
        if (!c.hazard.empty()) {
            auto h = std::make_unique<ReturnLevelHazard>(ground, *s.betas, s.dipole, std::move(dip), profile, terms, c.return_period);
            s.levels = h.get();
            s.hazard = std::move(h);
        } else {
            auto h = std::make_unique<NamedStormHazard>(named_storm(c.scenario), ground, *s.betas, s.dipole, std::move(dip), profile, terms);
            s.named = h.get();
            s.hazard = std::move(h);
        }
    } else if (!c.scenario.empty()) {
        const NercEvent event = parse_nerc_event(c.scenario);
        s.betas.emplace(io::load_beta_resolver(event, ground, c.waveform));
        s.hazard = std::make_unique<NercHazard>(event, ground, *s.betas, s.dipole);
    } else if (c.field.varying()) {
        s.field.emplace(load_storm_field(storm_request(c), ground, problems, "study", false));
        s.hazard = std::make_unique<StormFieldHazard>(*s.field->field, s.dipole);
    } else {
        s.record = io::read_magnetometer(c.magnetometer, c.magnetometer_options);
        io::warn_gap_filling(*s.record, problems);
        s.betas.emplace(io::load_beta_resolver(NercEvent::benchmark, ground, c.waveform));
        s.hazard = std::make_unique<RecordHazard>(ground, *s.betas, s.dipole, s.record->bx_nt, s.record->by_nt, s.record->dt_s,
                                                  c.magnetometer);
    }
    return s;
}

}  // namespace swx::study::detail
