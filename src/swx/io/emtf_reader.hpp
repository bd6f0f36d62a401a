#pragma once
/// @file emtf_reader.hpp
/// EMTF XML (the IRIS SPUD / USGS magnetotelluric transfer-function format; Kelbert 2020, Comput. Geosci.):
/// site id and position, orientation (angle_to_geographic_north; Hx/Hy/Ex/Ey channel orientations),
/// sign convention, units, periods, Z (2×2 complex) and Z.VAR. Read with expat. docs/storm-data.md,
/// "MT transfer functions". Z is returned in (mV/km)/nT, geographic axes, e^{+iωt} convention:
///  - units "[mV/km]/[nT]" as is; "ohm" / "[V/m]/[T]"… converted (Ω → ×795.77);
///  - sign convention exp(-iωt) conjugated;
///  - channels not at 0°/90° or a non-zero angle_to_geographic_north rotated to geographic.
/// Periods are sorted ascending. A component given as NaN (or absent) at a period is kept as NaN (not
/// measured; MtImpedance interpolates each component over its own finite periods), with one summary
/// warning per file; a period with no finite component is dropped with a warning naming the period. In
/// a rotated file a period with any NaN component is dropped (the rotation mixes all four; one warning
/// listing them). Fewer than 2 usable periods, or Zxy or Zyx with no finite value, is an error.

#include <swx/core/earth/mt_site.hpp>

#include <string>
#include <vector>

namespace swx {
class ProblemSink;
}

namespace swx::io {

/// Reads one EMTF XML file. @throws InputError naming the file, the element (e.g. "Data/Period[5]/Z/value
/// Zxy") and what was expected, for malformed XML, a missing site position, unknown units or sign
/// convention, fewer than 2 usable periods, or Zxy / Zyx not measured at any period. Dropped periods and
/// missing components are warnings in `problems` (may be null).
[[nodiscard]] MtSite read_emtf_xml(const std::string& path, ProblemSink* problems = nullptr);

/// Reads every *.xml file of a folder (sorted by name), or a comma-separated list of files.
/// @throws InputError for an empty folder, duplicate site ids (naming both files), or a bad file.
[[nodiscard]] std::vector<MtSite> read_mt_sites(const std::string& source, ProblemSink* problems = nullptr);

/// Writes a site as EMTF XML (for tests and for a 1-D model written as an MT site). Whole or not at all.
void write_emtf_xml(const MtSite& site, const std::string& path);

}  // namespace swx::io
