// swxrisk gic / efield / efield-map / run with many magnetometers (SECS) and MT sites (EMTF XML): the
// field varies in space. Synthetic records and MT files written in a temporary folder; the MT files of a
// 1-D model must reproduce the 1-D run (the issue's check of units and signs through the whole chain).
#include <swx/cli/cli.hpp>
#include <swx/core/earth/earth_model_library.hpp>
#include <swx/io/earth_models.hpp>
#include <swx/io/emtf_reader.hpp>

#include <catch2/catch.hpp>
#include <gdal.h>
#include <hdf5.h>
#include <hdf5_hl.h>

#include "support/cli_run.hpp"
#include "support/temp_dir.hpp"
#include "test_paths.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>

namespace fs = std::filesystem;
using swx::test::read_csv;
using swx::test::swxrisk;
using Catch::Matchers::Contains;

namespace {

std::string horton() { return (swx::test::datasets_dir / "horton2012").string(); }

/// A temporary folder named for the test (removed at scope exit).
struct TempDir : swx::test::TempDir {
    explicit TempDir(const std::string& name) : swx::test::TempDir("swx_storm_field_" + name + "_") {}
};

/// One station's synthetic storm (a substorm bay moving with `phase`), 1-min samples over one day.
void write_record(const fs::path& file, double phase, double scale) {
    std::ofstream out(file);
    out << "time,X,Y\n";
    for (int i = 0; i < 1440; ++i) {
        const double t = i * 60.0;
        const double x = 20000.0 - scale * 900.0 * std::exp(-std::pow((t - 43200.0 - 600.0 * phase) / 1200.0, 2));
        const double y = -3000.0 + scale * 150.0 * std::sin(t / 700.0 + phase);
        char row[96];
        std::snprintf(row, sizeof row, "2024-05-10T%02d:%02d:00Z,%.4f,%.4f\n", i / 60, i % 60, x, y);
        out << row;
    }
}

/// Four stations around the Horton grid (33–35 N, 87–83 W) with a stations table.
fs::path write_station_folder(const fs::path& dir) {
    const fs::path mags = dir / "mags";
    fs::create_directories(mags);
    const struct {
        const char* id;
        double lat, lon;
    } s[] = {{"AAA", 32.8, -88.0}, {"BBB", 35.2, -87.5}, {"CCC", 33.5, -83.0}, {"DDD", 35.5, -83.5}};
    std::ofstream table(mags / "stations.csv");
    table << "id,lat_deg,lon_deg\n";
    for (int k = 0; k < 4; ++k) {
        write_record(mags / (std::string(s[k].id) + ".csv"), 0.5 * k, 1.0 + 0.25 * k);
        table << s[k].id << ',' << s[k].lat << ',' << s[k].lon << '\n';
    }
    return mags;
}

/// A 1-D model written as an EMTF XML site at `at`, 10 periods per decade from 0.1 s to 1e6 s.
void write_mt_site(const fs::path& file, const swx::EarthModel& m, const std::string& id, swx::GeoPoint at) {
    swx::MtSite s;
    s.id = id;
    s.location = at;
    for (int i = -10; i <= 60; ++i) {
        const double period = std::pow(10.0, 0.1 * i);
        s.periods_s.push_back(period);
        s.z.push_back(swx::tensor_of_1d(m, 1.0 / period));
        s.z_variance.push_back({0.01, 0.01, 0.01, 0.01});
    }
    swx::io::write_emtf_xml(s, file.string());
}

/// A string attribute of `object` (variable or fixed length), "<missing>" if absent.
std::string string_attribute(hid_t file, const char* object, const char* name) {
    if (H5Aexists_by_name(file, object, name, H5P_DEFAULT) <= 0) {
        return "<missing>";
    }
    const hid_t a = H5Aopen_by_name(file, object, name, H5P_DEFAULT, H5P_DEFAULT);
    const hid_t t = H5Aget_type(a);
    std::string out;
    if (H5Tis_variable_str(t) > 0) {
        char* text = nullptr;
        H5Aread(a, t, &text);
        out = text != nullptr ? text : "";
        H5free_memory(text);
    } else {
        out.resize(H5Tget_size(t));
        H5Aread(a, t, out.data());
        out = out.c_str();
    }
    H5Tclose(t);
    H5Aclose(a);
    return out;
}

double double_attribute(hid_t file, const char* object, const char* name) {
    double v = NAN;
    if (H5Aexists_by_name(file, object, name, H5P_DEFAULT) > 0) {
        const hid_t a = H5Aopen_by_name(file, object, name, H5P_DEFAULT, H5P_DEFAULT);
        H5Aread(a, H5T_NATIVE_DOUBLE, &v);
        H5Aclose(a);
    }
    return v;
}

std::map<std::string, double> column(const fs::path& csv, const std::string& id, const std::string& name) {
    std::map<std::string, double> out;
    for (const auto& row : read_csv(csv)) {
        out[row.at(id)] = std::stod(row.at(name));
    }
    return out;
}

}  // namespace

TEST_CASE("gic --magnetometers: a field varying in space over the grid, what drove each line", "[cli][storm_field]") {
    TempDir tmp("gic");
    const fs::path mags = write_station_folder(tmp.path());
    const auto r = swxrisk({"gic", "--grid", horton(), "--magnetometers", mags.string(), "--earth-model", "PT1", "--out",
                            (tmp.path() / "out").string()});
    INFO(r.out << r.err);
    REQUIRE(r.code == 0);
    CHECK_THAT(r.out, Contains("4 magnetometers") || Contains("field sources"));
    const auto lines = read_csv(tmp.path() / "out" / "lines.csv");
    REQUIRE(!lines.empty());
    REQUIRE(lines.front().count("stations") == 1);
    CHECK(lines.front().at("mt_site").empty());
    CHECK_THAT(lines.front().at("stations"), Contains("AAA") || Contains("BBB") || Contains("CCC") || Contains("DDD"));
    const auto ieff = column(tmp.path() / "out" / "transformers.csv", "transformer_id", "ieff_peak_a");
    double top = 0.0;
    for (const auto& [id, v] : ieff) {
        top = std::max(top, v);
    }
    CHECK(top > 1.0);
    CHECK(fs::exists(tmp.path() / "out" / "gic_timeseries.h5"));
    // The baseline changes B only: E and GIC are the same with the mean removed instead of the median.
    const auto mean = swxrisk({"gic", "--grid", horton(), "--magnetometers", mags.string(), "--earth-model", "PT1", "--baseline", "mean",
                               "--out", (tmp.path() / "mean").string()});
    REQUIRE(mean.code == 0);
    const auto ieff_mean = column(tmp.path() / "mean" / "transformers.csv", "transformer_id", "ieff_peak_a");
    for (const auto& [id, v] : ieff) {
        CHECK(ieff_mean.at(id) == Approx(v).epsilon(1e-12).margin(1e-6));  // the CSV keeps 10 significant digits
    }
}

TEST_CASE("gic --mt-sites: a 1-D model written as EMTF files reproduces the 1-D run", "[cli][storm_field][validation]") {
    TempDir tmp("mt1d");
    write_record(tmp.path() / "storm.csv", 0.0, 1.0);
    const swx::EarthModelLibrary lib = swx::io::load_earth_models_with("");
    const swx::EarthModel& pt1 = lib.find("PT1");
    fs::create_directories(tmp.path() / "emtf");
    // MT sites every 1° over the grid, all PT1: every point of every line is within 100 km of one.
    int n = 0;
    for (double lat = 33.0; lat <= 35.01; lat += 1.0) {
        for (double lon = -88.0; lon <= -82.99; lon += 1.0) {
            write_mt_site(tmp.path() / "emtf" / ("S" + std::to_string(n) + ".xml"), pt1, "S" + std::to_string(n), {lon, lat});
            ++n;
        }
    }
    const auto one_d = swxrisk({"gic", "--grid", horton(), "--magnetometer", (tmp.path() / "storm.csv").string(), "--earth-model", "PT1",
                                "--out", (tmp.path() / "a").string()});
    const auto mt = swxrisk({"gic", "--grid", horton(), "--magnetometer", (tmp.path() / "storm.csv").string(), "--earth-model", "PT1",
                             "--mt-sites", (tmp.path() / "emtf").string(), "--out", (tmp.path() / "b").string()});
    INFO(one_d.err << mt.err);
    REQUIRE(one_d.code == 0);
    REQUIRE(mt.code == 0);
    const auto a = column(tmp.path() / "a" / "transformers.csv", "transformer_id", "ieff_peak_a");
    const auto b = column(tmp.path() / "b" / "transformers.csv", "transformer_id", "ieff_peak_a");
    REQUIRE(a.size() == b.size());
    double worst = 0.0, top = 0.0;
    for (const auto& [id, v] : a) {
        top = std::max(top, v);
        worst = std::max(worst, std::abs(v - b.at(id)));
    }
    INFO("largest peak Ieff " << top << " A; 1-D vs the same model as MT tensors: largest difference " << worst << " A");
    CHECK(top > 1.0);
    CHECK(worst < 0.005 * top);
    const auto lines = read_csv(tmp.path() / "b" / "lines.csv");
    CHECK_FALSE(lines.front().at("mt_site").empty());
    CHECK(std::stod(lines.front().at("mt_distance_km")) <= 100.0);
}

TEST_CASE("efield --at: E(t) through the nearest MT site, else the 1-D model", "[cli][storm_field]") {
    TempDir tmp("efield");
    write_record(tmp.path() / "storm.csv", 0.0, 1.0);
    const swx::EarthModel rho = swx::EarthModel::uniform(250.0, "R250");
    fs::create_directories(tmp.path() / "emtf");
    write_mt_site(tmp.path() / "emtf" / "MTA.xml", rho, "MTA", {-86.0, 34.0});
    const auto near = swxrisk({"efield", "--magnetometer", (tmp.path() / "storm.csv").string(), "--mt-sites", (tmp.path() / "emtf").string(),
                               "--at", "34.1,-86.0", "--earth-model", "PT1", "--out", (tmp.path() / "near.csv").string()});
    INFO(near.out << near.err);
    REQUIRE(near.code == 0);
    CHECK_THAT(near.out, Contains("MT site MTA"));
    const auto far = swxrisk({"efield", "--magnetometer", (tmp.path() / "storm.csv").string(), "--mt-sites", (tmp.path() / "emtf").string(),
                              "--at", "36.0,-86.0", "--earth-model", "PT1", "--out", (tmp.path() / "far.csv").string()});
    REQUIRE(far.code == 0);
    CHECK_THAT(far.out, Contains("PT1"));
    const auto one_d = swxrisk({"efield", "--magnetometer", (tmp.path() / "storm.csv").string(), "--earth-model", "PT1", "--out",
                                (tmp.path() / "pt1.csv").string()});
    REQUIRE(one_d.code == 0);
    const auto fa = read_csv(tmp.path() / "far.csv");
    const auto fb = read_csv(tmp.path() / "pt1.csv");
    REQUIRE(fa.size() == fb.size());
    double worst = 0.0;
    for (std::size_t i = 0; i < fa.size(); ++i) {
        worst = std::max(worst, std::abs(std::stod(fa[i].at("ex_v_per_km")) - std::stod(fb[i].at("ex_v_per_km"))));
    }
    CHECK(worst < 1e-9);
    // Usage errors: no --at, both record options, MT sites without a record.
    CHECK(swxrisk({"efield", "--magnetometer", (tmp.path() / "storm.csv").string(), "--mt-sites", (tmp.path() / "emtf").string(), "--out",
                   (tmp.path() / "x.csv").string()})
              .code == 2);
    CHECK(swxrisk({"gic", "--grid", horton(), "--mt-sites", (tmp.path() / "emtf").string(), "--earth-model", "PT1", "--out",
                   (tmp.path() / "y").string()})
              .code == 2);
    // Options of a part of the field that is not in use are refused, not ignored.
    const auto ignored = swxrisk({"gic", "--grid", horton(), "--magnetometer", (tmp.path() / "storm.csv").string(), "--earth-model", "PT1",
                                  "--baseline", "mean", "--out", (tmp.path() / "z").string()});
    CHECK(ignored.code == 2);
    CHECK_THAT(ignored.err, Contains("--baseline belongs to --magnetometers"));
    const auto distance = swxrisk({"efield", "--magnetometer", (tmp.path() / "storm.csv").string(), "--earth-model", "PT1",
                                   "--mt-max-distance-km", "5", "--out", (tmp.path() / "w.csv").string()});
    CHECK(distance.code == 2);
    CHECK_THAT(distance.err, Contains("--mt-max-distance-km belongs to --mt-sites"));
}

TEST_CASE("efield --at --magnetometers as HDF5: the point, the stations and what B is", "[cli][storm_field]") {
    TempDir tmp("at_h5");
    const fs::path mags = write_station_folder(tmp.path());
    const auto r = swxrisk({"efield", "--magnetometers", mags.string(), "--at", "34.0,-85.5", "--earth-model", "PT1", "--out",
                            (tmp.path() / "at.h5").string()});
    INFO(r.out << r.err);
    REQUIRE(r.code == 0);
    const hid_t f = H5Fopen((tmp.path() / "at.h5").string().c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    REQUIRE(f >= 0);
    CHECK(double_attribute(f, "/", "point_lat_deg") == Approx(34.0).margin(1e-12));
    CHECK(double_attribute(f, "/", "point_lon_deg") == Approx(-85.5).margin(1e-12));
    CHECK(string_attribute(f, "/", "station_latitude_deg") == "<missing>");
    CHECK(string_attribute(f, "/", "station") == "<missing>");
    const std::string stations = string_attribute(f, "/", "stations");
    CHECK_THAT(stations, Contains("AAA") || Contains("BBB") || Contains("CCC") || Contains("DDD"));
    CHECK(string_attribute(f, "/", "b_source") == "SECS prediction from 4 records, baseline removed");
    CHECK_THAT(string_attribute(f, "bx_nt", "description"), Contains("SECS prediction from 4 records") && !Contains("as read"));
    CHECK_THAT(string_attribute(f, "by_nt", "description"), Contains("eastward") && Contains("SECS prediction"));
    H5Fclose(f);
    // One record (uniform source) over MT ground: B is the record as read.
    const swx::EarthModel rho = swx::EarthModel::uniform(250.0, "R250");
    fs::create_directories(tmp.path() / "emtf");
    write_mt_site(tmp.path() / "emtf" / "MTA.xml", rho, "MTA", {-86.0, 34.0});
    write_record(tmp.path() / "storm.csv", 0.0, 1.0);
    const auto one = swxrisk({"efield", "--magnetometer", (tmp.path() / "storm.csv").string(), "--mt-sites", (tmp.path() / "emtf").string(),
                              "--at", "34.1,-86.0", "--earth-model", "PT1", "--out", (tmp.path() / "one.h5").string()});
    INFO(one.out << one.err);
    REQUIRE(one.code == 0);
    const hid_t g = H5Fopen((tmp.path() / "one.h5").string().c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    REQUIRE(g >= 0);
    CHECK_THAT(string_attribute(g, "/", "b_source"), Contains("the record as read"));
    CHECK(double_attribute(g, "/", "point_lat_deg") == Approx(34.1).margin(1e-12));
    H5Fclose(g);
}

TEST_CASE("efield-map --magnetometers --series-out: peak GeoTIFF and E(t) on the grid as HDF5", "[cli][storm_field]") {
    TempDir tmp("map");
    const fs::path mags = write_station_folder(tmp.path());
    const auto r = swxrisk({"efield-map", "--magnetometers", mags.string(), "--earth-model", "PT1", "--bbox", "-88,33,-83,35",
                            "--resolution", "0.5", "--out", (tmp.path() / "peak.tif").string(), "--series-out", (tmp.path() / "e.h5").string()});
    INFO(r.out << r.err);
    REQUIRE(r.code == 0);
    REQUIRE(fs::exists(tmp.path() / "peak.tif"));
    REQUIRE(fs::exists(tmp.path() / "e.h5"));
    const hid_t f = H5Fopen((tmp.path() / "e.h5").string().c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    REQUIRE(f >= 0);
    const hid_t ds = H5Dopen2(f, "ex_v_per_km", H5P_DEFAULT);
    REQUIRE(ds >= 0);
    const hid_t space = H5Dget_space(ds);
    hsize_t d[3] = {0, 0, 0};
    CHECK(H5Sget_simple_extent_dims(space, d, nullptr) == 3);
    CHECK(d[0] == 1440);
    CHECK(d[1] == 4);
    CHECK(d[2] == 10);
    std::vector<float> v(d[0] * d[1] * d[2]);
    H5Dread(ds, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
    float peak = 0.0F;
    for (const float x : v) {
        peak = std::max(peak, std::abs(x));
    }
    CHECK(peak > 0.01F);
    // The area (88-83 W, 33-35 N) lies inside the SECS pole grid of the four stations: no extrapolation warning.
    CHECK_THAT(r.err, !Contains("secs_extrapolation"));
    H5Sclose(space);
    // Dimension scales (what netCDF-4 / xarray read as dimensions) attached to (time, lat, lon), CF attributes.
    CHECK(H5Aexists(ds, "DIMENSION_LIST") > 0);
    const char* scales[3] = {"time_unix_s", "lat_deg", "lon_deg"};
    for (const char* cube : {"ex_v_per_km", "ey_v_per_km"}) {
        const hid_t c = H5Dopen2(f, cube, H5P_DEFAULT);
        REQUIRE(c >= 0);
        for (unsigned dim = 0; dim < 3; ++dim) {
            INFO(cube << " dim " << dim);
            CHECK(H5DSget_num_scales(c, dim) == 1);
            for (unsigned k = 0; k < 3; ++k) {
                const hid_t sc = H5Dopen2(f, scales[k], H5P_DEFAULT);
                CHECK(H5DSis_scale(sc) > 0);
                CHECK((H5DSis_attached(c, sc, dim) > 0) == (k == dim));
                H5Dclose(sc);
            }
        }
        CHECK(string_attribute(f, cube, "grid_mapping") == "crs");
        const hid_t fill = H5Aopen_by_name(f, cube, "_FillValue", H5P_DEFAULT, H5P_DEFAULT);
        REQUIRE(fill >= 0);
        const hid_t ft = H5Aget_type(fill);
        CHECK(H5Tequal(ft, H5T_IEEE_F32LE) > 0);
        float fv = 0.0F;
        H5Aread(fill, H5T_NATIVE_FLOAT, &fv);
        CHECK(std::isnan(fv));
        H5Tclose(ft);
        H5Aclose(fill);
        H5Dclose(c);
    }
    CHECK(string_attribute(f, "/", "Conventions") == "CF-1.8");
    CHECK(string_attribute(f, "time_unix_s", "units") == "seconds since 1970-01-01 00:00:00");
    CHECK(string_attribute(f, "time_unix_s", "calendar") == "standard");
    CHECK(string_attribute(f, "time_unix_s", "standard_name") == "time");
    CHECK(string_attribute(f, "lat_deg", "units") == "degrees_north");
    CHECK(string_attribute(f, "lat_deg", "standard_name") == "latitude");
    CHECK(string_attribute(f, "lon_deg", "units") == "degrees_east");
    CHECK(string_attribute(f, "lon_deg", "standard_name") == "longitude");
    CHECK(string_attribute(f, "crs", "grid_mapping_name") == "latitude_longitude");
    H5Dclose(ds);
    H5Fclose(f);
    // The storm GeoTIFF says what its band is.
    GDALAllRegister();
    GDALDatasetH tif = GDALOpen((tmp.path() / "peak.tif").string().c_str(), GA_ReadOnly);
    REQUIRE(tif != nullptr);
    CHECK(std::string(GDALGetDescription(GDALGetRasterBand(tif, 1))) == "peak geoelectric field magnitude (storm records)");
    CHECK(std::string(GDALGetRasterUnitType(GDALGetRasterBand(tif, 1))) == "V/km");
    GDALClose(tif);
}

TEST_CASE("efield-map --series-out: both targets checked before any computation, size limit", "[cli][storm_field]") {
    TempDir tmp("map_guard");
    const fs::path mags = write_station_folder(tmp.path());
    const auto args = [&](const std::string& resolution, const std::string& bbox) {
        return std::vector<std::string>{"efield-map", "--magnetometers", mags.string(), "--earth-model", "PT1", "--bbox", bbox, "--resolution",
                                        resolution, "--out", (tmp.path() / "peak.tif").string(), "--series-out", (tmp.path() / "e.h5").string()};
    };
    // An existing peak.tif without --overwrite: refused at once (a large grid would take minutes to compute first).
    { std::ofstream(tmp.path() / "peak.tif") << "old"; }
    const auto t0 = std::chrono::steady_clock::now();
    const auto exists = swxrisk(args("0.05", "-100,25,-70,45"));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    INFO(exists.out << exists.err);
    CHECK(exists.code == 2);
    CHECK_THAT(exists.err, Contains("peak.tif") && Contains("already exists"));
    CHECK(seconds < 5.0);
    CHECK_FALSE(fs::exists(tmp.path() / "e.h5"));
    fs::remove(tmp.path() / "peak.tif");
    // An existing e.h5 the same.
    { std::ofstream(tmp.path() / "e.h5") << "old"; }
    const auto h5_exists = swxrisk(args("0.5", "-88,33,-83,35"));
    CHECK(h5_exists.code == 2);
    CHECK_THAT(h5_exists.err, Contains("e.h5") && Contains("already exists"));
    CHECK_FALSE(fs::exists(tmp.path() / "peak.tif"));
    fs::remove(tmp.path() / "e.h5");
    // 1440 steps x 3600 x 1800 cells x 8 bytes = 74.6 GB > 64 GB: refused, naming --series-out and --resolution.
    const auto big = swxrisk(args("0.1", "-180,-90,180,90"));
    INFO(big.out << big.err);
    CHECK(big.code == 2);
    CHECK_THAT(big.err, Contains("--series-out") && Contains("--resolution") && Contains("74.6 GB"));
    CHECK_FALSE(fs::exists(tmp.path() / "peak.tif"));
    CHECK_FALSE(fs::exists(tmp.path() / "e.h5"));
}

TEST_CASE("efield-map --magnetometers far from every station: cells flagged as SECS extrapolation", "[cli][storm_field]") {
    TempDir tmp("far");
    const fs::path mags = write_station_folder(tmp.path());
    const auto r = swxrisk({"efield-map", "--magnetometers", mags.string(), "--earth-model", "PT1", "--bbox", "-110,25,-100,30",
                            "--resolution", "1", "--out", (tmp.path() / "peak.tif").string()});
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK_THAT(r.err, Contains("secs_extrapolation") && Contains("50 of 50 cells"));
}

TEST_CASE("run with [storm] magnetometers and [inputs] mt_sites: sites say what drove them", "[cli][storm_field]") {
    TempDir tmp("run");
    const fs::path mags = write_station_folder(tmp.path());
    fs::create_directories(tmp.path() / "emtf");
    const swx::EarthModelLibrary lib = swx::io::load_earth_models_with("");
    write_mt_site(tmp.path() / "emtf" / "MTA.xml", lib.find("CP1"), "MTA", {-86.0, 34.0});
    {
        std::ofstream sites(tmp.path() / "sites.geojson");
        sites << R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"near","name":"near MTA"},"geometry":{"type":"Point","coordinates":[-86.05,34.02]}},
{"type":"Feature","properties":{"id":"far","name":"far"},"geometry":{"type":"Point","coordinates":[-84.0,34.5]}}]})";
        std::ofstream toml(tmp.path() / "scenario.toml");
        toml << "[inputs]\nsites = \"sites.geojson\"\ngrid = \"" << horton() << "\"\nearth_model = \"PT1\"\nmt_sites = \"emtf\"\n"
             << "mt_max_distance_km = 50\n[storm]\nmagnetometers = \"mags\"\n[outputs]\nfolder = \"out\"\nmap_png = false\n";
    }
    const auto r = swxrisk({"run", (tmp.path() / "scenario.toml").string()});
    INFO(r.out << r.err);
    REQUIRE(r.code == 0);
    std::map<std::string, std::map<std::string, std::string>> by_id;
    for (const auto& row : read_csv(tmp.path() / "out" / "sites.csv")) {
        by_id[row.at("site_id")] = row;
    }
    REQUIRE(by_id.count("near") == 1);
    CHECK(by_id["near"].at("mt_site") == "MTA");
    CHECK(std::stod(by_id["near"].at("mt_distance_km")) < 10.0);
    CHECK(by_id["far"].at("mt_site").empty());
    CHECK(by_id["far"].at("mt_distance_km").empty());
    CHECK_FALSE(by_id["far"].at("stations").empty());
    // The far site (84.0 W, 34.5 N) is nearest to DDD (83.5 W, 35.5 N): 120.16 km on the mean sphere (haversine).
    CHECK(std::stod(by_id["far"].at("nearest_station_km")) == Approx(120.16).margin(0.05));
    CHECK(std::stod(by_id["near"].at("e_peak_v_per_km")) > 0.0);
    CHECK(std::isfinite(std::stod(by_id["near"].at("ieff_max_a"))));
}
