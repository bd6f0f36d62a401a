// The swxrisk executable killed (SIGKILL) at random moments while writing results: nothing at the
// output path may look complete unless it is, and the next run removes the stale staging folder and
// says so on stderr.
#include <swx/core/network/synthetic_grid.hpp>
#include <swx/io/grid_reader.hpp>

#include <catch2/catch.hpp>

#include "support/cli_run.hpp"
#include "support/grid_fixture.hpp"
#include "test_paths.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

/// Starts `args` with stdout and stderr sent to `log`.
pid_t spawn(const std::vector<std::string>& args, const fs::path& log) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    std::vector<char*> argv;
    for (const auto& a : args) {
        argv.push_back(const_cast<char*>(a.c_str()));
    }
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    REQUIRE(rc == 0);
    return pid;
}

int wait_for(pid_t pid) {
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    return status;
}

std::set<std::string> entries(const fs::path& dir) {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) {
        names.insert(e.path().filename().string());
    }
    return names;
}

std::string read_text(const fs::path& p) {
    std::ifstream in(p);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// The staging folder of process `pid` for `target`, if it exists yet.
std::optional<fs::path> staging_of(const fs::path& target, pid_t pid) {
    const std::string prefix = "." + target.filename().string() + ".partial-" + std::to_string(pid) + "-";
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(target.parent_path(), ec)) {
        if (e.path().filename().string().starts_with(prefix)) {
            return e.path();
        }
    }
    return std::nullopt;
}

}  // namespace

TEST_CASE("swxrisk gic killed at a random moment leaves nothing that looks complete, the next run cleans up",
          "[cli][process][output]") {
    const std::string exe = swx::test::swxrisk_exe();
    if (exe.empty() || !fs::exists(exe)) {
        WARN("skipped: SWXRISK_EXE not set (run through ctest)");
        return;
    }
    const fs::path dir = swx::test::temp_dir("cli-kill");
    swx::SyntheticGridOptions grid_options;
    grid_options.substations = 8000;  // a run takes a second or more: read, solve, write
    swx::io::write_grid(swx::make_synthetic_grid(grid_options), (dir / "grid.gpkg").string());
    auto gic = [&](const fs::path& out, bool overwrite) {
        std::vector<std::string> args{exe, "gic", "--grid", (dir / "grid.gpkg").string(), "--e-v-per-km", "1", "-q",
                                      "--out", out.string()};
        if (overwrite) {
            args.push_back("--overwrite");
        }
        return args;
    };

    // A complete run: the file set of a finished result, and how long a run takes.
    const auto t0 = Clock::now();
    REQUIRE(wait_for(spawn(gic(dir / "done", false), dir / "done.log")) == 0);
    const auto run_time = Clock::now() - t0;
    const std::set<std::string> complete = entries(dir / "done");
    REQUIRE(complete.count("gic.gpkg") == 1);
    INFO("one run takes " << std::chrono::duration<double>(run_time).count() << " s");

    std::mt19937_64 rng(std::random_device{}());
    auto random_moment = [&](Clock::duration span) {
        return std::chrono::microseconds(std::uniform_int_distribution<long>(
            0, std::chrono::duration_cast<std::chrono::microseconds>(span).count())(rng));
    };

    // Killed anywhere in the run: the output is absent, or a complete result.
    {
        for (int i = 0; i < 3; ++i) {
            const fs::path fresh = dir / ("fresh" + std::to_string(i));
            const pid_t a = spawn(gic(fresh, false), dir / "fresh.log");
            const pid_t b = spawn(gic(dir / "done", true), dir / "overwrite.log");  // over an earlier result
            std::this_thread::sleep_for(random_moment(run_time));
            ::kill(a, SIGKILL);
            ::kill(b, SIGKILL);
            (void)wait_for(a);
            (void)wait_for(b);
            if (fs::exists(fresh)) {
                CHECK(entries(fresh) == complete);  // finished before the kill
            }
            CHECK(entries(dir / "done") == complete);
        }
    }

    // Killed while staging: the next run removes the staging folder and prints a warning.
    {
        const fs::path out = dir / "result";
        const pid_t pid = spawn(gic(out, false), dir / "killed.log");
        std::optional<fs::path> staging;
        const auto started = Clock::now();
        while (!staging && Clock::now() - started < std::chrono::seconds(60)) {
            staging = staging_of(out, pid);
            int status = 0;
            if (!staging && ::waitpid(pid, &status, WNOHANG) == pid) {
                FAIL("swxrisk finished before its staging folder was seen: " << read_text(dir / "killed.log"));
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        REQUIRE(staging);
        std::this_thread::sleep_for(random_moment((run_time - (Clock::now() - started)) / 4));
        ::kill(pid, SIGKILL);
        const int status = wait_for(pid);
        if (!WIFSIGNALED(status)) {
            WARN("swxrisk finished before the kill; nothing left to clean up");
            CHECK(entries(out) == complete);
        } else {
            CHECK_FALSE(fs::exists(out));
            CHECK(fs::is_directory(*staging));  // left behind by the killed run

            // The runs killed above left staging folders for their targets; this one cleans its own.
            REQUIRE(wait_for(spawn(gic(out, false), dir / "rerun.log")) == 0);
            const std::string log = read_text(dir / "rerun.log");
            CHECK_THAT(log, Catch::Contains("WARNING: [stale_staging]") && Catch::Contains(staging->filename().string()) &&
                                Catch::Contains(std::to_string(pid)));
            CHECK_FALSE(fs::exists(*staging));
            CHECK(entries(out) == complete);
            for (const auto& name : entries(dir)) {
                if (name.starts_with(".result.")) {
                    CHECK(name.find(".partial-") == std::string::npos);
                }
            }
        }
    }
    fs::remove_all(dir);
}

TEST_CASE("swxrisk run removes a stale staging folder of its output and warns", "[cli][study][output]") {
    const fs::path dir = swx::test::temp_dir("run-stale");
    const pid_t dead = ::fork();
    if (dead == 0) {
        ::_exit(0);
    }
    (void)wait_for(dead);  // reaped: kill(dead, 0) now fails with ESRCH
    const fs::path stale = dir / (".out.partial-" + std::to_string(dead) + "-7");
    fs::create_directories(stale);
    std::ofstream(stale / "sites.csv") << "site_id\n";
    const auto scenario = swx::test::datasets_dir / "demo" / "global-datacentres" / "scenario.toml";
    const auto r = swx::test::swxrisk({"run", scenario.string(), "--out", (dir / "out").string(), "-q"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK_THAT(r.err, Catch::Contains("WARNING: [stale_staging]") && Catch::Contains(stale.filename().string()));
    CHECK_FALSE(fs::exists(stale));
    CHECK(fs::exists(dir / "out" / "sites.csv"));
    fs::remove_all(dir);
}
