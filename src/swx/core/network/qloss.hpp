#pragma once
/// @file qloss.hpp
/// Transformer reactive power loss from the effective GIC, as PowerWorld computes it on the linear
/// path (docs/gic-model.md, "Transformer reactive power loss"):
///   Q = K · V_pu · sqrt(3/2) · kV_H · Ieff / 1000   [Mvar]
/// with Ieff per phase (A), kV_H the HV bus's nominal voltage, V_pu the case voltage magnitude
/// (Bus::vm_pu) of the transformer's from bus (the HV bus, or the LV bus when
/// Transformer::qloss_v_at_lv), and K in PowerWorld's per-unit form (on the transformer's own MVA base,
/// with the peak per-phase current base S·1000·sqrt(2)/(sqrt(3)·kV_H); the MVA base cancels).
/// Checked against PowerWorld v23 (b4gic, epri, uiuc150: 77 transformers) to 0.0013 Mvar.

#include <swx/core/network/network.hpp>

#include <optional>
#include <string_view>

namespace swx {

/// The grid format's name of a core design: unknown, single_phase, three_leg, five_leg, shell, seven_leg.
[[nodiscard]] std::string_view to_string(TransformerCore core);
/// Parses a core name (case-insensitive, '-' or ' ' equal to '_'; "" = unknown). @return nullopt if unknown.
[[nodiscard]] std::optional<TransformerCore> parse_transformer_core(std::string_view text);

/// The default K for a core design (docs/gic-model.md gives its source): 1.80 per unit for every
/// design, the value PowerWorld wrote for the all-default uiuc150 case.
[[nodiscard]] double default_k_factor(TransformerCore core);
/// The K a transformer uses: its own k_factor, else default_k_factor(core).
[[nodiscard]] double k_factor_used(const Transformer& transformer);
/// True if the transformer has no k_factor of its own (k_factor_used is the default, an assumption).
[[nodiscard]] bool k_factor_assumed(const Transformer& transformer);
/// Converts a PSS/E .gic KFACTOR to the per-unit K above: K = KFACTOR·2·sqrt(2/3).
[[nodiscard]] double k_factor_from_psse(double kfactor);
/// Mvar per ampere of effective GIC for one transformer: Q = qloss_mvar_per_a · Ieff.
[[nodiscard]] double qloss_mvar_per_a(const Network& network, const Transformer& transformer);
/// Q of one transformer for an effective GIC `ieff_a` (A per phase; its magnitude is used), Mvar.
[[nodiscard]] double qloss_mvar(const Network& network, const Transformer& transformer, double ieff_a);

}  // namespace swx
