#pragma once
/// @file qloss.hpp
/// Transformer reactive power loss from the effective GIC, as PowerWorld and PowerModelsGMD compute it
/// on the linear path (docs/gic-model.md):
///   Q = K · V_pu · sqrt(3/2) · kV_H · Ieff / 1000   [Mvar]
/// with Ieff per phase (A), kV_H the HV bus's nominal voltage, V_pu = max of the two buses' case voltage
/// magnitudes (Bus::vm_pu), and K in PowerWorld's per-unit form (on the transformer's own MVA base, with
/// the peak per-phase current base S·1000·sqrt(2)/(sqrt(3)·kV_H); the MVA base cancels).

#include <swx/core/network/network.hpp>

namespace swx {

/// PowerWorld's default K for a core design (docs/gic-model.md cites the table).
[[nodiscard]] double default_k_factor(TransformerCore core);
/// The K a transformer uses: its own k_factor, else default_k_factor(core).
[[nodiscard]] double k_factor_used(const Transformer& transformer);
/// Converts a PSS/E .gic KFACTOR to the per-unit K above: K = KFACTOR·2·sqrt(2/3).
[[nodiscard]] double k_factor_from_psse(double kfactor);
/// Q of one transformer for an effective GIC `ieff_a` (A per phase), Mvar.
[[nodiscard]] double qloss_mvar(const Network& network, const Transformer& transformer, double ieff_a);

}  // namespace swx
