// OutputDirectory staging: unique staging folders per run (also for two runs in one process), stale
// staging folders of dead processes removed by the next run, with a notice.
#include <swx/core/base/error.hpp>
#include <swx/io/output_directory.hpp>
#include <swx/io/study_config.hpp>

#include <catch2/catch.hpp>

#include "support/grid_fixture.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using swx::io::OutputDirectory;

namespace {

/// The pid of a process that has exited and been reaped (so kill(pid, 0) fails with ESRCH).
pid_t dead_pid() {
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return pid;
}

std::vector<std::string> hidden_entries(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) {
        if (e.path().filename().string().starts_with(".")) {
            names.push_back(e.path().filename().string());
        }
    }
    return names;
}

}  // namespace

TEST_CASE("OutputDirectory: two runs for one target in one process stage in different folders", "[io][output]") {
    const fs::path dir = swx::test::temp_dir("outdir-unique");
    const fs::path target = dir / "result";
    {
        OutputDirectory a(target, false);
        OutputDirectory b(target, false);
        CHECK(a.staging() != b.staging());
        CHECK(a.staging().parent_path() == dir);
        CHECK(a.staging().filename().string().starts_with(".result.partial-" + std::to_string(::getpid()) + "-"));
        CHECK(fs::is_directory(a.staging()));
        CHECK(fs::is_directory(b.staging()));
        CHECK(a.notices().empty());  // each other's folders belong to this (living) process
        std::ofstream(a.staged("a.csv")) << "a\n";
        std::ofstream(b.staged("b.csv")) << "b\n";
        a.commit();
        b.commit();  // the target exists now: b's files are moved in one by one
    }
    CHECK(fs::exists(target / "a.csv"));
    CHECK(fs::exists(target / "b.csv"));
    CHECK(hidden_entries(dir).empty());
    fs::remove_all(dir);
}

TEST_CASE("OutputDirectory: concurrent runs from threads never share a staging folder", "[io][output]") {
    const fs::path dir = swx::test::temp_dir("outdir-threads");
    constexpr int n = 8;
    std::vector<std::string> staging(n);
    {
        std::vector<std::thread> threads;
        std::vector<std::unique_ptr<OutputDirectory>> outs(n);
        for (int i = 0; i < n; ++i) {
            threads.emplace_back([&, i] {
                outs[i] = std::make_unique<OutputDirectory>(dir / "result", true);
                staging[i] = outs[i]->staging().string();
            });
        }
        for (auto& t : threads) {
            t.join();
        }
    }
    CHECK(std::set<std::string>(staging.begin(), staging.end()).size() == n);
    CHECK(hidden_entries(dir).empty());  // uncommitted: each removed its own staging folder
    fs::remove_all(dir);
}

TEST_CASE("OutputDirectory: stale staging folders of dead processes are removed, with a notice", "[io][output]") {
    const fs::path dir = swx::test::temp_dir("outdir-stale");
    const pid_t dead = dead_pid();
    const fs::path stale_new = dir / (".result.partial-" + std::to_string(dead) + "-3");
    const fs::path stale_old = dir / (".result.partial-" + std::to_string(dead));  // the naming before the counter
    const fs::path alive = dir / (".result.partial-" + std::to_string(::getppid()) + "-1");  // a living process
    const fs::path other = dir / (".other.partial-" + std::to_string(dead) + "-1");          // another target
    const fs::path not_a_pid = dir / ".result.partial-12ab";
    for (const auto& p : {stale_new, stale_old, alive, other, not_a_pid}) {
        fs::create_directories(p);
        std::ofstream(p / "sites.csv") << "half a file";
    }
    {
        OutputDirectory out(dir / "result", false);
        REQUIRE(out.notices().size() == 2);
        for (const auto& notice : out.notices()) {
            CHECK_THAT(notice, Catch::Contains("interrupted run") && Catch::Contains(std::to_string(dead)));
        }
        std::ofstream(out.staged("sites.csv")) << "id\n";
        out.commit();
    }
    CHECK_FALSE(fs::exists(stale_new));
    CHECK_FALSE(fs::exists(stale_old));
    CHECK(fs::exists(alive));
    CHECK(fs::exists(other));
    CHECK(fs::exists(not_a_pid));
    CHECK(fs::exists(dir / "result" / "sites.csv"));
    CHECK(OutputDirectory::remove_stale_staging(dir / "result").empty());
    fs::remove_all(dir);
}

TEST_CASE("overwrite knows every file a study can write (study_output_names is within swxrisk_output_names)",
          "[output][overwrite]") {
    swx::io::StudyConfig config;
    config.area = swx::GridSpec{};
    config.write_map_png = true;
    const auto& known = swx::io::swxrisk_output_names();
    for (const auto& name : swx::io::study_output_names(config)) {
        const bool listed = std::find(known.begin(), known.end(), name) != known.end();
        // a QGIS style sidecar is removed with its raster (<stem>.qml)
        const bool sidecar = fs::path(name).extension() == ".qml" &&
                             std::find(known.begin(), known.end(), fs::path(name).stem().string() + ".tif") != known.end();
        INFO(name);
        CHECK((listed || sidecar));
    }
}
