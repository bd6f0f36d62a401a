#include <swx/io/hazard_tables.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/storm/igrf.hpp>

#include <fstream>
#include <memory>
#include <sstream>

namespace swx::io {

namespace {
std::string read_text(const std::string& path, const char* what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw InputError({"hazard", path, "", "", ""}, std::string("cannot read the ") + what + " file");
    }
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}
}  // namespace

DriverProfile load_driver_profile(const std::string& path) {
    return path.empty() ? DriverProfile::bundled() : DriverProfile::parse(read_text(path, "driver profile"), path);
}

StormTerms load_storm_terms(const std::string& path) {
    return path.empty() ? StormTerms::bundled() : StormTerms::parse(read_text(path, "storm terms"), path);
}

DipLatitudeFn igrf_dip_latitude(double epoch_year, ProblemSink* problems) {
    auto c = std::make_shared<const IgrfCoefficients>(igrf_coefficients(epoch_year, problems));
    return [c](GeoPoint p) { return dip_latitude_deg(p.lat_deg, p.lon_deg, *c); };
}

}  // namespace swx::io
