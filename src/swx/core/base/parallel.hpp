#pragma once
/// @file parallel.hpp
/// Running a function over every cell of a raster grid on all cores.

#include <swx/core/base/raster.hpp>

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace swx {

/// Evaluates f(cell centre) for every cell of `spec` on up to `threads` threads (0 = hardware).
template <class F>
void for_each_cell(const GridSpec& spec, F&& f, unsigned threads = 0) {
    const std::size_t height = spec.height();
    const std::size_t width = spec.width();
    if (threads == 0) {
        threads = std::max(1U, std::thread::hardware_concurrency());
    }
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, height)));
    auto work = [&](std::size_t first_row, std::size_t last_row) {
        for (std::size_t row = first_row; row < last_row; ++row) {
            for (std::size_t col = 0; col < width; ++col) {
                f(col, row, spec.cell_center(col, row));
            }
        }
    };
    std::vector<std::thread> pool;
    const std::size_t per = (height + threads - 1) / threads;
    for (unsigned t = 1; t < threads; ++t) {
        const std::size_t a = t * per;
        const std::size_t b = std::min(height, a + per);
        if (a < b) {
            pool.emplace_back(work, a, b);
        }
    }
    work(0, std::min(height, per));
    for (auto& th : pool) {
        th.join();
    }
}

}  // namespace swx
