// libFuzzer harness: swx::EnsembleResult::deserialize (the bytes Dask workers send back, which
// swxrisk.merge_ensemble_results and EnsemblePlan.tables/write accept from Python) on arbitrary bytes.
// Anything it accepts must answer every statistic without a crash and serialize back to the same bytes.
#include "fuzz_support.hpp"

#include <swx/core/ensemble/ensemble.hpp>

#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    swx::fuzz::expect_swx_errors_only([&] {
        swx::EnsembleResult r = swx::EnsembleResult::deserialize(bytes);
        for (const swx::ExceedanceStats* s : {&r.transformers, &r.substations, &r.supply_groups}) {
            for (std::size_t e = 0; e < s->elements() && e < 64; ++e) {
                (void)s->p_exceed(e);
                (void)s->p_exceed_se(e, true);
                (void)s->p_exceed_se(e, false);
                (void)s->quantile(e, 0.5);
                (void)s->mean(e);
                (void)s->min(e);
                (void)s->max(e);
                for (std::size_t k = 0; k < s->checkpoints().size() && k < 8; ++k) {
                    (void)s->exceed_at_checkpoint(e, k);
                }
            }
        }
        if (r.serialize() != bytes) {
            std::abort();  // FINDING: accepted bytes that do not round-trip
        }
        swx::EnsembleResult twice = r;
        twice.merge(r);
    });
    return 0;
}
