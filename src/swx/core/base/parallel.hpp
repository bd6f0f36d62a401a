#pragma once
/// @file parallel.hpp
/// Running a function over every cell of a raster grid, or over an index range, on all cores.

#include <swx/core/base/raster.hpp>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace swx {

/// Calls f(i) for every i in [0, n) on up to `threads` threads (0 = hardware), in contiguous blocks of at
/// least `min_block` indices. An exception thrown by f stops the other blocks at their next index and the
/// first one is rethrown here.
template <class F>
void parallel_for(std::size_t n, F&& f, unsigned threads = 0, std::size_t min_block = 64) {
    if (threads == 0) {
        threads = std::max(1U, std::thread::hardware_concurrency());
    }
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, n / std::max<std::size_t>(1, min_block))));
    std::exception_ptr error;
    std::mutex error_mutex;
    std::atomic<bool> failed{false};
    auto work = [&](std::size_t a, std::size_t b) {
        try {
            for (std::size_t i = a; i < b; ++i) {
                if (failed.load(std::memory_order_relaxed)) {
                    return;
                }
                f(i);
            }
        } catch (...) {
            const std::lock_guard<std::mutex> lock(error_mutex);
            if (!failed.exchange(true)) {
                error = std::current_exception();
            }
        }
    };
    std::vector<std::thread> pool;
    const std::size_t per = (n + threads - 1) / std::max(1U, threads);
    for (unsigned t = 1; t < threads; ++t) {
        const std::size_t a = t * per;
        const std::size_t b = std::min(n, a + per);
        if (a < b) {
            try {
                pool.emplace_back(work, a, b);
            } catch (const std::system_error&) {
                work(a, b);  // no thread to be had (a process or container limit): this block on the calling thread
            }
        }
    }
    work(0, std::min(n, per));
    for (auto& th : pool) {
        th.join();
    }
    if (error) {
        std::rethrow_exception(error);
    }
}

/// Evaluates f(col, row, cell centre) for every cell of `spec` on up to `threads` threads (0 = hardware),
/// a block of rows per thread (parallel_for over the rows; an exception thrown by f is rethrown here).
template <class F>
void for_each_cell(const GridSpec& spec, F&& f, unsigned threads = 0) {
    const std::size_t width = spec.width();
    parallel_for(
        spec.height(),
        [&](std::size_t row) {
            for (std::size_t col = 0; col < width; ++col) {
                f(col, row, spec.cell_center(col, row));
            }
        },
        threads, 1);
}

}  // namespace swx
