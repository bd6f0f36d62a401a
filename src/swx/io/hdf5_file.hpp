#pragma once
/// @file hdf5_file.hpp
/// A small RAII writer over the HDF5 C API: groups, 1-D and 2-D datasets with `units` and
/// `description` attributes, variable-length UTF-8 string arrays, and 2-D datasets written in blocks
/// of columns (time steps), 3-D float32 cubes and dimension scales (HDF5 high-level H5DS). HDF5's automatic error printing is silenced; failures become swx::Error
/// naming the file and dataset.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace swx::io {

/// Chunk shape and compression of a matrix. The defaults, 1024 rows × 32 columns (128 KiB of float32),
/// suit both reads: one element's series of 1,440 steps touches 45 chunks, one step's snapshot of 100k
/// rows 98; and blocks of a multiple of 32 columns (run_gic_timeseries) write whole chunks only.
struct Hdf5MatrixLayout {
    std::size_t chunk_rows = 1024;
    std::size_t chunk_cols = 32;
    int deflate_level = 0;  ///< 0: none; 1-9: HDF5's shuffle + deflate filters at that level
};

class Hdf5File {
public:
    /// Creates (truncates) the file. @throws Error if it cannot be created.
    explicit Hdf5File(const std::filesystem::path& path);
    Hdf5File(const Hdf5File&) = delete;
    Hdf5File(Hdf5File&&) = delete;
    Hdf5File& operator=(const Hdf5File&) = delete;
    Hdf5File& operator=(Hdf5File&&) = delete;
    ~Hdf5File();

    void create_group(const std::string& name);
    void write_doubles(const std::string& dataset, std::span<const double> values, const std::string& units,
                       const std::string& description);
    void write_int64(const std::string& dataset, std::span<const std::int64_t> values, const std::string& units,
                     const std::string& description);
    void write_strings(const std::string& dataset, const std::vector<std::string>& values, const std::string& description);
    /// A rows × cols dataset, chunked, filled later by write_columns().
    /// `single_precision` stores IEEE float32 (7 significant digits; half the size) instead of float64.
    void create_matrix(const std::string& dataset, std::size_t rows, std::size_t cols, const std::string& units,
                       const std::string& description, bool single_precision = false, const Hdf5MatrixLayout& layout = {});
    /// Writes columns [first_col, first_col + ncols) of a matrix from a column-major block (rows × ncols).
    /// Blocks of whole chunks of an unfiltered matrix are converted and laid out as chunks here, then written
    /// by a background thread while the caller goes on (at most 192 MiB waiting): the data are copied, so
    /// the block may be reused at once. A write that failed there is reported by the next write_columns()
    /// or by close(); every other call waits until the queued chunks are written.
    void write_columns(const std::string& dataset, std::size_t first_col, std::size_t ncols, const double* column_major);
    /// An n0 × n1 × n2 float32 dataset (time × lat × lon), chunked (min(n0, 1440) × 1 × min(n2, 256)) and
    /// deflated at `deflate_level` (0: none), filled later by write_slab().
    void create_cube(const std::string& dataset, std::size_t n0, std::size_t n1, std::size_t n2, const std::string& units,
                     const std::string& description, int deflate_level = 0);
    /// Writes index i1 of the middle dimension: n0 × n2 values, row-major (all n2 for each i0 in turn).
    void write_slab(const std::string& dataset, std::size_t i1, const float* values);
    /// Attributes on the root ("/") or on a dataset or group.
    void set_attribute(const std::string& object, const std::string& name, const std::string& value);
    void set_attribute(const std::string& object, const std::string& name, double value);
    /// A float32 attribute (e.g. `_FillValue` of a float32 dataset, which netCDF wants of the dataset's type).
    void set_float_attribute(const std::string& object, const std::string& name, float value);
    /// A scalar int32 dataset with no data of interest, holding attributes only (a CF grid-mapping variable).
    void create_scalar(const std::string& dataset);
    /// Makes the 1-D dataset `scale` an HDF5 dimension scale (H5DS, what netCDF-4 and xarray read as a dimension
    /// coordinate) named after itself.
    void make_dimension_scale(const std::string& scale);
    /// Attaches dimension scale `scale` to dimension `dim` of `dataset`.
    void attach_dimension_scale(const std::string& dataset, const std::string& scale, unsigned dim);
    /// Closes the file (flushes). Called by the destructor too; throws only from here.
    void close();

private:
    struct ChunkWriter;
    [[noreturn]] void fail(const std::string& dataset, const std::string& what) const;
    /// Waits until the background writer has written every queued chunk; throws the first error it met.
    void drain();
    std::string m_path;
    std::int64_t m_file = -1;  // hid_t
    std::vector<double> m_scratch;       // write_columns' transposed block, kept between calls
    std::vector<float> m_scratch_float;  // the same for float32 datasets
    std::unique_ptr<ChunkWriter> m_writer;  // the background chunk writer, started by the first direct write
    bool m_writer_failed = false;           // no thread could be created: chunks are written by the caller
};

}  // namespace swx::io
