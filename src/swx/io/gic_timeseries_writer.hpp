#pragma once
/// @file gic_timeseries_writer.hpp
/// Streams a GIC time series into an HDF5 file (layout in docs/output-formats.md): the time axis,
/// element ids, effective GIC per transformer, ground GIC per substation, line EMFs and the field of
/// every source (earth model), each with units, plus provenance attributes.

#include <swx/core/gic/gic_timeseries.hpp>
#include <swx/core/network/network.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace swx::io {

/// A regular UTC time axis.
struct TimeAxis {
    std::int64_t t0_unix_s = 0;
    double dt_s = 0.0;
    std::size_t steps = 0;
    /// ISO 8601 time of a step ("1989-03-13T21:44:00Z"; fractional seconds when dt is not whole).
    [[nodiscard]] std::string iso(std::size_t step) const;
    /// UTC seconds since 1970-01-01 of every step, t0 + i·dt (fractional seconds kept).
    [[nodiscard]] std::vector<double> unix_times() const;
};

/// What produced a result, stored as attributes.
struct Provenance {
    std::string grid;
    std::string earth_regions;
    std::string fallback_model;
    std::string storm;
    std::string method;
    std::vector<std::string> models;
    double epoch = 0.0;
};

class GicTimeSeriesWriter {
public:
    /// Creates the file and writes the axis, ids, the field sources and provenance.
    /// `deflate_level` 1-9 compresses the series with HDF5's shuffle + deflate filters (0: none).
    /// @throws Error naming the file if HDF5 cannot create it.
    GicTimeSeriesWriter(const std::filesystem::path& path, const Network& network, const TimeAxis& axis,
                        const std::vector<std::string>& source_names, const FieldSources& fields, const Provenance& provenance,
                        double threshold_a, int deflate_level = 0);
    GicTimeSeriesWriter(const GicTimeSeriesWriter&) = delete;
    GicTimeSeriesWriter(GicTimeSeriesWriter&&) = delete;
    GicTimeSeriesWriter& operator=(const GicTimeSeriesWriter&) = delete;
    GicTimeSeriesWriter& operator=(GicTimeSeriesWriter&&) = delete;
    ~GicTimeSeriesWriter();

    /// Writes one block of time steps (columns of the block's matrices).
    void write_block(const GicBlock& block);
    /// Writes the per-element statistics and closes the file.
    void finish(const GicTimeSeriesStats& stats);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace swx::io
