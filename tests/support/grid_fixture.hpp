#pragma once
// A small grid written as a folder of GeoJSON files, for reader, CLI and error tests. Each layer is a
// string so that a test can break exactly one thing.
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace swx::test {

struct GridFixture {
    // Three substations about 100 km apart, 500 kV lines, a GSU, a GY-GY-D and an autotransformer.
    std::string substations = R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"A","name":"Alpha","grounding_ohm":0.2},"geometry":{"type":"Point","coordinates":[-85.0,33.0]}},
{"type":"Feature","properties":{"id":"B","name":"Bravo","grounding_ohm":0.5},"geometry":{"type":"Point","coordinates":[-85.0,34.0]}},
{"type":"Feature","properties":{"id":"C","name":"Charlie","grounding_ohm":0.3},"geometry":{"type":"Point","coordinates":[-84.0,33.5]}}]})";
    std::string buses = R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"A500","substation_id":"A","kv":500},"geometry":null},
{"type":"Feature","properties":{"id":"A22","substation_id":"A","kv":22},"geometry":null},
{"type":"Feature","properties":{"id":"B500","substation_id":"B","kv":500},"geometry":null},
{"type":"Feature","properties":{"id":"B230","substation_id":"B","kv":230},"geometry":null},
{"type":"Feature","properties":{"id":"C500","substation_id":"C","kv":500},"geometry":null},
{"type":"Feature","properties":{"id":"C345","substation_id":"C","kv":345},"geometry":null}]})";
    std::string transformers = R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"TA","type":"gsu","hv_bus":"A500","lv_bus":"A22","r_hv_ohm":0.1,"r_lv_ohm":null,"neutral_blocked":0},"geometry":null},
{"type":"Feature","properties":{"id":"TB","type":"gy_gy_d","hv_bus":"B500","lv_bus":"B230","r_hv_ohm":0.2,"r_lv_ohm":0.1,"neutral_blocked":0},"geometry":null},
{"type":"Feature","properties":{"id":"TC","type":"auto","hv_bus":"C500","lv_bus":"C345","r_hv_ohm":0.04,"r_lv_ohm":0.06,"neutral_blocked":0},"geometry":null}]})";
    std::string lines = R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"L1","from_bus":"A500","to_bus":"B500","r_ohm":2.0,"kv":500,"dc_blocked":0},"geometry":null},
{"type":"Feature","properties":{"id":"L2","from_bus":"B500","to_bus":"C500","r_ohm":2.5,"kv":500,"dc_blocked":0},"geometry":{"type":"LineString","coordinates":[[-85.0,34.0],[-84.5,33.9],[-84.0,33.5]]}},
{"type":"Feature","properties":{"id":"L3","from_bus":"A500","to_bus":"C500","r_ohm":2.2,"kv":500,"dc_blocked":0},"geometry":null}]})";

    /// Writes the four layers into `dir` (created) and returns it.
    std::filesystem::path write(const std::filesystem::path& dir) const {
        std::filesystem::create_directories(dir);
        auto put = [&](const char* name, const std::string& text) { std::ofstream(dir / (std::string(name) + ".geojson")) << text; };
        put("substations", substations);
        put("buses", buses);
        put("transformers", transformers);
        put("lines", lines);
        return dir;
    }
};

/// A fresh, empty temporary folder for one test.
inline std::filesystem::path temp_dir(const std::string& tag) {
    static std::mt19937_64 rng(std::random_device{}());
    auto dir = std::filesystem::temp_directory_path() / ("swxrisk-test-" + tag + "-" + std::to_string(rng() % 1000000007));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

/// Replaces the first occurrence of `from` in `text` (the test fails loudly if absent).
inline std::string replace(std::string text, const std::string& from, const std::string& to) {
    const auto pos = text.find(from);
    if (pos == std::string::npos) {
        throw std::logic_error("fixture text not found: " + from);
    }
    return text.replace(pos, from.size(), to);
}

}  // namespace swx::test
