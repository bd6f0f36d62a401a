// The bundled driver profile and storm terms against the published anchors they are built from
// (datasets/hazard/*.csv, docs/hazard-model.md), its continuity and monotonicity, and the parsers' errors.
#include <swx/core/storm/hazard_profile.hpp>

#include <swx/core/base/error.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>
#include <string>

using namespace swx;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinRel;

namespace {
const DriverProfile& profile() { return DriverProfile::bundled(); }
}  // namespace

TEST_CASE("driver profile: Love et al. 2016 once-per-century 1-min dB_h/dt at 40 and 55 deg", "[hazard][profile][validation]") {
    // Love, Coisson & Pulkkinen 2016, GRL 43: 200 [140, 290] nT/min at 40 deg, 1000 [690, 1450] at 55 deg.
    for (const double sign : {1.0, -1.0}) {  // both hemispheres
        const Banded at40 = profile().level(sign * 40.0, 100.0);
        CHECK_THAT(at40.value, WithinRel(200.0, 0.005));
        CHECK_THAT(at40.lo, WithinRel(140.0, 0.005));
        CHECK_THAT(at40.hi, WithinRel(290.0, 0.005));
        const Banded at55 = profile().level(sign * 55.0, 100.0);
        CHECK_THAT(at55.value, WithinRel(1000.0, 0.005));
        CHECK_THAT(at55.lo, WithinRel(690.0, 0.005));
        CHECK_THAT(at55.hi, WithinRel(1450.0, 0.005));
    }
}

TEST_CASE("driver profile: Woodroffe et al. 2016 100-year dB/dt 6.9 (3.6-12.9) nT/s at 45-50 deg", "[hazard][profile][validation]") {
    for (double lat = 45.0; lat < 50.0; lat += 0.25) {
        const double v = profile().level(lat, 100.0).value;
        CAPTURE(lat, v);
        CHECK(v >= 3.6 * 60.0);
        CHECK(v <= 12.9 * 60.0);
    }
    CHECK_THAT(profile().level(47.5, 100.0).value, WithinRel(6.9 * 60.0, 0.15));  // 447 vs 414 nT/min
}

TEST_CASE("driver profile: Thomson et al. 2011 100- and 200-year levels at 55-60 deg", "[hazard][profile][validation]") {
    // 1000-4000 nT/min once in 100 years, 1000-6000 once in 200 years, at 55-60 deg geomagnetic.
    for (double lat = 55.0; lat <= 60.0; lat += 0.5) {
        CAPTURE(lat);
        const double d100 = profile().level(lat, 100.0).value;
        const double d200 = profile().level(lat, 200.0).value;
        CHECK(d100 >= 1000.0 * 0.995);
        CHECK(d100 <= 4000.0);
        CHECK(d200 >= 1000.0);
        CHECK(d200 <= 6000.0);
    }
}

TEST_CASE("driver profile: non-decreasing in T and continuous in latitude, pole to pole", "[hazard][profile]") {
    const double periods[] = {10, 15, 20, 30, 50, 70, 100, 150, 200, 300, 500, 700, 1000};
    double previous_lat_value[13] = {};
    for (int i = -9000; i <= 9000; ++i) {
        const double lat = i * 0.01;
        double previous = 0.0;
        for (std::size_t k = 0; k < 13; ++k) {
            const Banded b = profile().level(lat, periods[k]);
            REQUIRE(b.lo <= b.value);
            REQUIRE(b.value <= b.hi);
            REQUIRE(b.value >= previous);  // non-decreasing in T
            previous = b.value;
            if (i > -9000) {
                // no jump: 0.01 deg moves D by less than 0.2 % anywhere (the steepest segment is 0.2 %/0.01 deg)
                REQUIRE(std::fabs(std::log(b.value / previous_lat_value[k])) < 2.0e-3);
            }
            previous_lat_value[k] = b.value;
        }
    }
}

TEST_CASE("driver profile: supported latitudes are those with a published anchor", "[hazard][profile]") {
    CHECK(profile().supported(40.0));
    CHECK(profile().supported(47.0));
    CHECK(profile().supported(-58.0));
    CHECK_FALSE(profile().supported(30.0));
    CHECK_FALSE(profile().supported(17.2));  // Guiyang
    CHECK_FALSE(profile().supported(70.0));
    CHECK(profile().extrapolated(5.0));
    CHECK(profile().extrapolated(2000.0));
    CHECK_FALSE(profile().extrapolated(100.0));
}

TEST_CASE("driver profile: parse errors name the file, line and column", "[hazard][profile][errors]") {
    const std::string header =
        "abs_dipole_lat_deg,return_period_years,dbdt_nt_per_min,dbdt_lo_nt_per_min,dbdt_hi_nt_per_min,supported,source\n";
    const std::string ok = header + "0,10,1,1,1,0,a\n0,100,2,1,3,0,a\n90,10,1,1,1,0,a\n90,100,2,1,3,1,a\n";
    CHECK_NOTHROW(DriverProfile::parse(ok, "p.csv"));
    CHECK_THAT(DriverProfile::parse(ok, "p.csv").level(45.0, 100.0).value, WithinRel(2.0, 1e-12));
    REQUIRE_THROWS_AS(DriverProfile::parse("lat,t\n", "p.csv"), InputError);
    CHECK_THROWS_WITH(DriverProfile::parse("lat,t\n", "p.csv"), Contains("p.csv") && Contains("line 1") && Contains("header"));
    CHECK_THROWS_WITH(DriverProfile::parse(header + "0,10,x,1,1,0,a\n", "p.csv"),
                      Contains("line 2") && Contains("dbdt_nt_per_min") && Contains("finite number"));
    CHECK_THROWS_WITH(DriverProfile::parse(header + "0,10,1,1,1,0,a\n0,100,2,1,3,0,a\n90,10,1,1,1,0,a\n", "p.csv"),
                      Contains("no row for latitude 90"));
    CHECK_THROWS_WITH(DriverProfile::parse(header + "0,10,3,1,4,0,a\n0,100,2,1,4,0,a\n90,10,1,1,1,0,a\n90,100,2,1,3,1,a\n", "p.csv"),
                      Contains("line 3") && Contains("must not decrease"));
    CHECK_THROWS_WITH(DriverProfile::parse(header + "0,10,1,2,3,0,a\n", "p.csv"), Contains("lo <= value <= hi"));
    CHECK_THROWS_WITH(DriverProfile::parse(header + "0,10,1,1,1,2,a\n", "p.csv"), Contains("supported"));
    CHECK_THROWS_WITH(DriverProfile::parse(header + "0,10,1,1,1,0,a\n0,10,1,1,1,0,a\n", "p.csv"), Contains("second row"));
    CHECK_THROWS_WITH(DriverProfile::parse(header + "0,10,1,1,1,0,a\n0,100,2,1,3,0,a\n45,10,1,1,1,0,a\n45,100,2,1,3,1,a\n", "p.csv"),
                      Contains("0 to 90"));
    CHECK_THROWS_WITH(DriverProfile::parse(header + "0,10,1,1,1\n", "p.csv"), Contains("expected 7 fields"));
}

TEST_CASE("storm terms: the Kakioka 100- and 1000-year SC and storm amplitudes (EPS 72:124, 2020)", "[hazard][terms][validation]") {
    const StormTerms& t = StormTerms::bundled();
    const double kak = t.sudden_commencement.ref_dipole_lat_deg;
    CHECK_THAT(kak, WithinRel(27.2, 0.01));
    CHECK_THAT(t.sudden_commencement.amplitude(kak, 100.0).value, WithinRel(230.0, 1e-9));
    CHECK_THAT(t.sudden_commencement.amplitude(kak, 1000.0).value, WithinRel(450.0, 1e-9));
    CHECK_THAT(t.main_phase.amplitude(kak, 100.0).value, WithinRel(750.0, 1e-9));
    CHECK_THAT(t.main_phase.amplitude(kak, 1000.0).value, WithinRel(1100.0, 1e-9));
    // The intermediate rows follow the same power law as the two anchors (no kink at 100 years).
    CHECK_THAT(t.sudden_commencement.amplitude(kak, 300.0).value, WithinRel(230.0 * std::pow(3.0, std::log10(450.0 / 230.0)), 2e-3));
    CHECK_THAT(t.main_phase.amplitude(kak, 30.0).value, WithinRel(750.0 * std::pow(0.3, std::log10(1100.0 / 750.0)), 2e-3));
    // Araki 2014: SC rise mostly 3-4 min, 28 s in the most extreme case.
    CHECK(t.sudden_commencement.rise_time_s.value >= 120.0);
    CHECK(t.sudden_commencement.rise_time_s.value <= 240.0);
    CHECK(t.sudden_commencement.rise_time_s.lo <= 30.0);
    // cos(lat) scaling: the equator gets cos 0 / cos 27.2 = 1.124 times Kakioka's amplitude.
    CHECK_THAT(t.sudden_commencement.amplitude(0.0, 100.0).value, WithinRel(230.0 / std::cos(27.2 * M_PI / 180.0), 2e-3));
    CHECK(t.sudden_commencement.supported(27.0));
    CHECK_FALSE(t.sudden_commencement.supported(10.0));
}

TEST_CASE("storm terms: the equatorial electrojet doubles the SC at the dip equator only (Carter et al. 2016)", "[hazard][terms]") {
    const ElectrojetTerm& e = StormTerms::bundled().electrojet;
    CHECK_THAT(e.factor(0.0).value, WithinRel(2.0, 1e-12));
    CHECK(e.factor(3.0).value < 1.4);         // one half-width out
    CHECK(e.factor(24.14).value < 1.0 + 1e-9);  // Guiyang's dip latitude: no enhancement
    CHECK(e.factor(-0.13).value > 1.99);      // Huancayo
}

TEST_CASE("storm terms: parse errors", "[hazard][terms][errors]") {
    const std::string header = "term,parameter,return_period_years,value,lo,hi,unit,source\n";
    CHECK_THROWS_WITH(StormTerms::parse(header + "storm,amplitude_nt,100,1,1,1,nT,a\n", "t.csv"),
                      Contains("t.csv") && Contains("line 2") && Contains("unknown term 'storm'"));
    CHECK_THROWS_WITH(StormTerms::parse(header + "main_phase,size,,1,,,nT,a\n", "t.csv"), Contains("unknown parameter"));
    CHECK_THROWS_WITH(StormTerms::parse(header + "main_phase,amplitude_nt,100,1,2,3,nT,a\n", "t.csv"), Contains("lo <= value"));
    CHECK_THROWS_WITH(StormTerms::parse(header, "t.csv"), Contains("no amplitude_nt rows"));
    CHECK_THROWS_WITH(named_storm("halloween"), Contains("carrington-1859"));
    CHECK(named_storm("carrington-1859").main_phase_nt.lo == 900.0);  // |Dst| (Cliver & Dietrich 2013)
    // Every parameter is required: a replacement table that drops a row is refused, not filled with a value
    // that lowers the hazard (e.g. no electrojet factor would make the factor 1 - g).
    const std::string bundled_text = [] {
        std::string t;
        for (const char* row : {"auroral,reference_e_v_per_km,100,8,8,8,V/km,a", "auroral,reference_dipole_lat_deg,,60,60,60,deg,a",
                                "sudden_commencement,amplitude_nt,100,230,153,345,nT,a", "sudden_commencement,reference_dipole_lat_deg,,27.2,,,deg,a",
                                "sudden_commencement,rise_time_s,,180,30,600,s,a", "sudden_commencement,supported_from_deg,,22,,,deg,a",
                                "sudden_commencement,supported_to_deg,,32,,,deg,a", "main_phase,amplitude_nt,100,750,500,1125,nT,a",
                                "main_phase,reference_dipole_lat_deg,,27.2,,,deg,a", "main_phase,rise_time_s,,10800,3600,32400,s,a",
                                "main_phase,supported_from_deg,,22,,,deg,a", "main_phase,supported_to_deg,,32,,,deg,a",
                                "electrojet,peak_factor,,2,1.5,2.5,,a", "electrojet,half_width_deg,,3,,,deg,a"}) {
            t += std::string(row) + "\n";
        }
        return t;
    }();
    CHECK_NOTHROW(StormTerms::parse(header + bundled_text, "t.csv"));
    for (const char* dropped : {"electrojet,peak_factor", "sudden_commencement,reference_dipole_lat_deg", "main_phase,supported_to_deg"}) {
        std::string text = header;
        std::istringstream in(bundled_text);
        for (std::string line; std::getline(in, line);) {
            if (line.rfind(dropped, 0) != 0) {
                text += line + "\n";
            }
        }
        CAPTURE(dropped);
        CHECK_THROWS_WITH(StormTerms::parse(text, "t.csv"), Contains("is required"));
    }
    CHECK_THROWS_WITH(StormTerms::parse(header + bundled_text + "main_phase,amplitude_nt,100.0,750,500,1125,nT,a\n", "t.csv"),
                      Contains("second row"));
    std::string swapped = header + bundled_text;
    swapped.replace(swapped.find("main_phase,supported_from_deg,,22"), 33, "main_phase,supported_from_deg,,40");
    CHECK_THROWS_WITH(StormTerms::parse(swapped, "t.csv"), Contains("supported_from_deg <= supported_to_deg"));
    CHECK_THROWS_WITH(StormTerms::parse("term,parameter,return_period_years,value,lo,hi,unit,source,extra\n", "t.csv"),
                      Contains("exactly the header"));
}
