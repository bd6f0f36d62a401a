#include <swx/io/hdf5_file.hpp>

#include <swx/core/base/error.hpp>
#include <swx/core/base/parallel.hpp>

#include <hdf5.h>
#include <hdf5_hl.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <limits>
#include <mutex>
#include <system_error>
#include <thread>
#include <type_traits>

namespace swx::io {

namespace {

constexpr const char* stage = "writers.hdf5";

/// Closes an HDF5 identifier of the given kind on scope exit.
class Handle {
public:
    Handle(hid_t id, herr_t (*close)(hid_t)) : m_id(id), m_close(close) {}
    Handle(const Handle&) = delete;
    Handle(Handle&&) = delete;
    Handle& operator=(const Handle&) = delete;
    Handle& operator=(Handle&&) = delete;
    ~Handle() {
        if (m_id >= 0) {
            m_close(m_id);
        }
    }
    [[nodiscard]] hid_t get() const noexcept { return m_id; }
    [[nodiscard]] bool ok() const noexcept { return m_id >= 0; }

private:
    hid_t m_id;
    herr_t (*m_close)(hid_t);
};

hid_t string_type() {
    const hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    return t;
}

}  // namespace

/// Writes whole chunks (H5Dwrite_chunk) on a thread of its own, in the order they were queued, while the
/// caller computes and lays out the next ones: the time series is written while it is computed. The
/// HDF5 library (Debian's is built without its thread-safety option) is only ever called by one thread
/// at a time: `hdf5` is held by the writer around each chunk and by the caller around its own calls.
struct Hdf5File::ChunkWriter {
    struct Job {
        hid_t dataset = -1;  // opened for this job, closed by the writer
        std::string name;
        std::vector<std::array<hsize_t, 2>> offsets;  // one per chunk, in the order of `data`
        std::size_t chunk_bytes = 0;
        std::unique_ptr<std::byte[]> data;
        std::size_t capacity = 0;  // bytes of `data`
    };
    /// Bytes of chunk buffers held at once (queued, being written or kept for reuse): the overlap's memory.
    static constexpr std::size_t max_bytes = std::size_t{192} << 20;

    std::mutex hdf5;
    std::mutex m;
    std::condition_variable cv;
    std::deque<Job> queue;
    std::vector<Job> spare;  // written jobs whose buffers are reused
    std::size_t owned_bytes = 0;
    bool busy = false;
    bool stop = false;
    std::string error, error_dataset;
    std::thread thread;  // last: started once everything above exists

    ChunkWriter() : thread([this] { run(); }) {}
    ChunkWriter(const ChunkWriter&) = delete;
    ChunkWriter(ChunkWriter&&) = delete;
    ChunkWriter& operator=(const ChunkWriter&) = delete;
    ChunkWriter& operator=(ChunkWriter&&) = delete;
    /// Writes what is still queued, then ends the thread.
    ~ChunkWriter() {
        {
            const std::lock_guard<std::mutex> lock(m);
            stop = true;
        }
        cv.notify_all();
        thread.join();
    }

    void run() {
        std::unique_lock<std::mutex> lock(m);
        for (;;) {
            cv.wait(lock, [&] { return stop || !queue.empty(); });
            if (queue.empty()) {
                return;
            }
            Job job = std::move(queue.front());
            queue.pop_front();
            busy = true;
            const bool skip = !error.empty();  // after a failure nothing more is written
            lock.unlock();
            bool ok = true;
            for (std::size_t i = 0; i < job.offsets.size() && ok && !skip; ++i) {
                const std::lock_guard<std::mutex> h(hdf5);
                ok = H5Dwrite_chunk(job.dataset, H5P_DEFAULT, 0, job.offsets[i].data(), job.chunk_bytes,
                                    job.data.get() + i * job.chunk_bytes) >= 0;
            }
            {
                const std::lock_guard<std::mutex> h(hdf5);
                H5Dclose(job.dataset);
            }
            lock.lock();
            if (!ok && error.empty()) {
                error = "write failed (disk full?)";
                error_dataset = job.name;
            }
            job.dataset = -1;
            job.offsets.clear();
            if (owned_bytes <= max_bytes) {
                spare.push_back(std::move(job));
            } else {
                owned_bytes -= job.capacity;  // over the bound (one job larger than it): freed
            }
            busy = false;
            cv.notify_all();
        }
    }

    /// A job with a buffer of at least `bytes`: a spare one, a new one within max_bytes, or (waiting for
    /// the writer) one freed by it. A single job larger than max_bytes is still given, once nothing else is held.
    Job acquire(std::size_t bytes) {
        std::unique_lock<std::mutex> lock(m);
        for (;;) {
            auto best = spare.end();
            for (auto it = spare.begin(); it != spare.end(); ++it) {
                if (it->capacity >= bytes && (best == spare.end() || it->capacity < best->capacity)) {
                    best = it;
                }
            }
            if (best != spare.end()) {
                Job job = std::move(*best);
                spare.erase(best);
                return job;
            }
            if (!spare.empty() && owned_bytes + bytes > max_bytes) {  // too small ones make room
                owned_bytes -= spare.back().capacity;
                spare.pop_back();
                continue;
            }
            if (owned_bytes + bytes <= max_bytes || (queue.empty() && !busy)) {
                Job job;
                job.data.reset(new std::byte[bytes]);
                job.capacity = bytes;
                owned_bytes += bytes;
                return job;
            }
            cv.wait(lock);
        }
    }

    void submit(Job job) {
        {
            const std::lock_guard<std::mutex> lock(m);
            queue.push_back(std::move(job));
        }
        cv.notify_all();
    }

    /// Waits until every queued chunk is written.
    void wait_idle() {
        std::unique_lock<std::mutex> lock(m);
        cv.wait(lock, [&] { return queue.empty() && !busy; });
    }

    /// The first error met, and the dataset it concerns ("" if none).
    std::pair<std::string, std::string> first_error() {
        const std::lock_guard<std::mutex> lock(m);
        return {error, error_dataset};
    }
};

Hdf5File::Hdf5File(const std::filesystem::path& path) : m_path(path.string()) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // our messages, not HDF5's error-stack print
    m_file = H5Fcreate(m_path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (m_file < 0) {
        fail("", "cannot create the HDF5 file");
    }
}

Hdf5File::~Hdf5File() {
    m_writer.reset();  // writes what is queued
    if (m_file >= 0) {
        H5Fclose(static_cast<hid_t>(m_file));
    }
}

void Hdf5File::close() {
    std::pair<std::string, std::string> error;
    if (m_writer) {
        m_writer->wait_idle();
        error = m_writer->first_error();
        m_writer.reset();
    }
    if (m_file >= 0) {
        const herr_t status = H5Fclose(static_cast<hid_t>(m_file));
        m_file = -1;
        if (!error.first.empty()) {
            fail(error.second, error.first);
        }
        if (status < 0) {
            fail("", "closing the file failed (disk full?)");
        }
    }
}

void Hdf5File::drain() {
    if (m_writer) {
        m_writer->wait_idle();
        const auto error = m_writer->first_error();
        if (!error.first.empty()) {
            fail(error.second, error.first);
        }
    }
}

void Hdf5File::fail(const std::string& dataset, const std::string& what) const {
    throw Error({stage, m_path, dataset, "", ""}, what);
}

void Hdf5File::create_group(const std::string& name) {
    drain();
    Handle g(H5Gcreate2(static_cast<hid_t>(m_file), name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
    if (!g.ok()) {
        fail(name, "cannot create the group");
    }
}

void Hdf5File::write_doubles(const std::string& dataset, std::span<const double> values, const std::string& units,
                             const std::string& description) {
    drain();
    const hsize_t dims[1] = {values.size()};
    Handle space(H5Screate_simple(1, dims, nullptr), H5Sclose);
    Handle ds(H5Dcreate2(static_cast<hid_t>(m_file), dataset.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT,
                         H5P_DEFAULT),
              H5Dclose);
    if (!ds.ok() || (!values.empty() && H5Dwrite(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)) {
        fail(dataset, "cannot write the dataset");
    }
    set_attribute(dataset, "units", units);
    set_attribute(dataset, "description", description);
}

void Hdf5File::write_int64(const std::string& dataset, std::span<const std::int64_t> values, const std::string& units,
                           const std::string& description) {
    drain();
    const hsize_t dims[1] = {values.size()};
    Handle space(H5Screate_simple(1, dims, nullptr), H5Sclose);
    Handle ds(H5Dcreate2(static_cast<hid_t>(m_file), dataset.c_str(), H5T_STD_I64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT,
                         H5P_DEFAULT),
              H5Dclose);
    if (!ds.ok() || (!values.empty() && H5Dwrite(ds.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)) {
        fail(dataset, "cannot write the dataset");
    }
    set_attribute(dataset, "units", units);
    set_attribute(dataset, "description", description);
}

void Hdf5File::write_strings(const std::string& dataset, const std::vector<std::string>& values, const std::string& description) {
    drain();
    std::vector<const char*> pointers;
    pointers.reserve(values.size());
    for (const auto& v : values) {
        pointers.push_back(v.c_str());
    }
    const hsize_t dims[1] = {values.size()};
    Handle type(string_type(), H5Tclose);
    Handle space(H5Screate_simple(1, dims, nullptr), H5Sclose);
    Handle ds(H5Dcreate2(static_cast<hid_t>(m_file), dataset.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
              H5Dclose);
    if (!ds.ok() || (!values.empty() && H5Dwrite(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()) < 0)) {
        fail(dataset, "cannot write the dataset");
    }
    set_attribute(dataset, "description", description);
}

void Hdf5File::create_matrix(const std::string& dataset, std::size_t rows, std::size_t cols, const std::string& units,
                             const std::string& description, bool single_precision, const Hdf5MatrixLayout& layout) {
    drain();
    const hsize_t dims[2] = {rows, cols};
    Handle space(H5Screate_simple(2, dims, nullptr), H5Sclose);
    Handle plist(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
    if (rows > 0 && cols > 0) {
        // Blocks of whole chunk columns are written without HDF5 ever reading a chunk back to finish it
        // (with chunks wider than the block, far more than the chunk cache holds, each chunk was written
        // several times and read back: 3-4x the I/O for a 10k-substation grid).
        const hsize_t chunk[2] = {std::min<hsize_t>(rows, std::max<std::size_t>(1, layout.chunk_rows)),
                                  std::min<hsize_t>(cols, std::max<std::size_t>(1, layout.chunk_cols))};
        H5Pset_chunk(plist.get(), 2, chunk);
        if (layout.deflate_level > 0) {
            H5Pset_shuffle(plist.get());
            H5Pset_deflate(plist.get(), static_cast<unsigned>(std::min(layout.deflate_level, 9)));
        }
    }
    Handle ds(H5Dcreate2(static_cast<hid_t>(m_file), dataset.c_str(), single_precision ? H5T_IEEE_F32LE : H5T_IEEE_F64LE,
                         space.get(), H5P_DEFAULT, plist.get(),
                         H5P_DEFAULT),
              H5Dclose);
    if (!ds.ok()) {
        fail(dataset, "cannot create the dataset");
    }
    set_attribute(dataset, "units", units);
    set_attribute(dataset, "description", description);
}

void Hdf5File::write_columns(const std::string& dataset, std::size_t first_col, std::size_t ncols, const double* column_major) {
    // What the dataset is, asked under the writer's lock (it may be writing chunks of another dataset).
    hsize_t dims[2] = {0, 0};
    hsize_t chunk[2] = {0, 0};
    bool single = false, direct = false;
    {
        std::unique_lock<std::mutex> lock;
        if (m_writer) {
            lock = std::unique_lock<std::mutex>(m_writer->hdf5);
        }
        Handle ds(H5Dopen2(static_cast<hid_t>(m_file), dataset.c_str(), H5P_DEFAULT), H5Dclose);
        if (!ds.ok()) {
            fail(dataset, "no such dataset");
        }
        Handle file_space(H5Dget_space(ds.get()), H5Sclose);
        H5Sget_simple_extent_dims(file_space.get(), dims, nullptr);
        Handle type(H5Dget_type(ds.get()), H5Tclose);
        single = H5Tget_class(type.get()) == H5T_FLOAT && H5Tget_size(type.get()) == sizeof(float);
        Handle dcpl(H5Dget_create_plist(ds.get()), H5Pclose);
        const bool chunked = H5Pget_layout(dcpl.get()) == H5D_CHUNKED && H5Pget_chunk(dcpl.get(), 2, chunk) == 2;
        // Whole chunks without filters are formed here (transposed, converted) and written as they are with
        // H5Dwrite_chunk: HDF5 then neither gathers the selection nor passes the data through its chunk cache
        // (one copy instead of three). Blocks that do not start on a chunk boundary, end inside a
        // chunk before the end of the dataset, or datasets with filters (deflate) go through H5Dwrite.
        direct = std::endian::native == std::endian::little && chunked && H5Pget_nfilters(dcpl.get()) == 0 &&
                 first_col % chunk[1] == 0 && (ncols % chunk[1] == 0 || first_col + ncols == dims[1]);
    }
    if (first_col + ncols > dims[1]) {
        fail(dataset, "internal error (bug): columns beyond the dataset");
    }
    if (m_writer) {  // a failure of the chunks written so far stops the file here
        const auto error = m_writer->first_error();
        if (!error.first.empty()) {
            fail(error.second, error.first);
        }
    }
    // The block is column-major (rows × ncols): as a C array it is ncols × rows, i.e. the transpose. It is
    // transposed (both sides stay in cache) and converted to float32 here for float32 datasets (round to
    // nearest, as HDF5's own conversion), which halves what HDF5 copies.
    const auto rows = static_cast<std::size_t>(dims[0]);
    const auto convert = [](double v, auto* tag) {
        using T = std::remove_pointer_t<decltype(tag)>;
        if constexpr (std::is_same_v<T, float>) {
            // beyond float's range: ±infinity (a plain cast would be undefined there)
            constexpr float inf = std::numeric_limits<float>::infinity();
            return std::abs(v) > static_cast<double>(std::numeric_limits<float>::max()) ? (v > 0.0 ? inf : -inf) : static_cast<float>(v);
        } else {
            return v;
        }
    };
    if (direct) {
        const auto cr = static_cast<std::size_t>(chunk[0]);
        const auto cc = static_cast<std::size_t>(chunk[1]);
        const std::size_t row_chunks = (rows + cr - 1) / cr;
        const std::size_t col_chunks = (ncols + cc - 1) / cc;
        const std::size_t elem = single ? sizeof(float) : sizeof(double);
        const std::size_t chunk_bytes = cr * cc * elem;
        if (!m_writer && !m_writer_failed) {
            try {
                m_writer = std::make_unique<ChunkWriter>();
            } catch (const std::system_error&) {
                m_writer_failed = true;  // no thread to be had: the chunks are written here, in turn
            }
        }
        // Every chunk of the block, column of chunks by column of chunks, each formed by one thread; then
        // queued for the writer thread (or written here without one).
        ChunkWriter::Job job = m_writer ? m_writer->acquire(row_chunks * col_chunks * chunk_bytes) : ChunkWriter::Job{};
        if (!m_writer) {
            job.data.reset(new std::byte[row_chunks * col_chunks * chunk_bytes]);
        }
        const auto form = [&](auto* buf) {
            using T = std::remove_pointer_t<decltype(buf)>;
            parallel_for(row_chunks * col_chunks, [&](std::size_t i) {
                const std::size_t jc = i / row_chunks;
                const std::size_t k = i % row_chunks;
                const std::size_t c0 = jc * cc;
                const std::size_t c1 = std::min(ncols, c0 + cc);
                const std::size_t r0 = k * cr;
                const std::size_t r1 = std::min(rows, r0 + cr);
                T* out = buf + i * cr * cc;
                if (r1 - r0 < cr || c1 - c0 < cc) {
                    std::fill(out, out + cr * cc, T{0});  // an edge chunk is stored whole
                }
                for (std::size_t r = r0; r < r1; ++r) {
                    T* dst = out + (r - r0) * cc;
                    for (std::size_t c = c0; c < c1; ++c) {
                        dst[c - c0] = convert(column_major[c * rows + r], out);
                    }
                }
            }, 0, 4);
        };
        if (single) {
            form(reinterpret_cast<float*>(job.data.get()));
        } else {
            form(reinterpret_cast<double*>(job.data.get()));
        }
        job.name = dataset;
        job.chunk_bytes = chunk_bytes;
        job.offsets.resize(row_chunks * col_chunks);
        for (std::size_t i = 0; i < job.offsets.size(); ++i) {
            job.offsets[i] = {(i % row_chunks) * cr, first_col + (i / row_chunks) * cc};
        }
        if (!m_writer) {
            Handle ds(H5Dopen2(static_cast<hid_t>(m_file), dataset.c_str(), H5P_DEFAULT), H5Dclose);
            for (std::size_t i = 0; i < job.offsets.size(); ++i) {
                if (H5Dwrite_chunk(ds.get(), H5P_DEFAULT, 0, job.offsets[i].data(), chunk_bytes, job.data.get() + i * chunk_bytes) < 0) {
                    fail(dataset, "write failed (disk full?)");
                }
            }
            return;
        }
        {
            const std::lock_guard<std::mutex> lock(m_writer->hdf5);
            job.dataset = H5Dopen2(static_cast<hid_t>(m_file), dataset.c_str(), H5P_DEFAULT);
        }
        if (job.dataset < 0) {
            fail(dataset, "no such dataset");
        }
        m_writer->submit(std::move(job));
        return;
    }
    drain();  // below, HDF5 is called without the writer's lock
    Handle ds(H5Dopen2(static_cast<hid_t>(m_file), dataset.c_str(), H5P_DEFAULT), H5Dclose);
    Handle file_space(H5Dget_space(ds.get()), H5Sclose);
    const auto transpose = [&](auto* out) {
        constexpr std::size_t tile = 64;
        for (std::size_t r0 = 0; r0 < rows; r0 += tile) {
            const std::size_t r1 = std::min(rows, r0 + tile);
            for (std::size_t c0 = 0; c0 < ncols; c0 += tile) {
                const std::size_t c1 = std::min(ncols, c0 + tile);
                for (std::size_t r = r0; r < r1; ++r) {
                    for (std::size_t c = c0; c < c1; ++c) {
                        out[r * ncols + c] = convert(column_major[c * rows + r], out);
                    }
                }
            }
        }
    };
    const void* buffer = nullptr;
    if (single) {
        m_scratch_float.resize(rows * ncols);
        transpose(m_scratch_float.data());
        buffer = m_scratch_float.data();
    } else {
        m_scratch.resize(rows * ncols);
        transpose(m_scratch.data());
        buffer = m_scratch.data();
    }
    const hsize_t start[2] = {0, first_col};
    const hsize_t count[2] = {dims[0], ncols};
    H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start, nullptr, count, nullptr);
    Handle mem_space(H5Screate_simple(2, count, nullptr), H5Sclose);
    if (H5Dwrite(ds.get(), single ? H5T_NATIVE_FLOAT : H5T_NATIVE_DOUBLE, mem_space.get(), file_space.get(), H5P_DEFAULT, buffer) < 0) {
        fail(dataset, "write failed (disk full?)");
    }
}

void Hdf5File::create_cube(const std::string& dataset, std::size_t n0, std::size_t n1, std::size_t n2, const std::string& units,
                           const std::string& description, int deflate_level) {
    drain();
    const hsize_t dims[3] = {n0, n1, n2};
    Handle space(H5Screate_simple(3, dims, nullptr), H5Sclose);
    Handle plist(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
    if (n0 > 0 && n1 > 0 && n2 > 0) {
        const hsize_t chunk[3] = {std::min<hsize_t>(n0, 1440), 1, std::min<hsize_t>(n2, 256)};
        H5Pset_chunk(plist.get(), 3, chunk);
        const float fill = std::numeric_limits<float>::quiet_NaN();  // never-written cells read as NaN (= _FillValue)
        H5Pset_fill_value(plist.get(), H5T_NATIVE_FLOAT, &fill);
        if (deflate_level > 0) {
            H5Pset_shuffle(plist.get());
            H5Pset_deflate(plist.get(), static_cast<unsigned>(std::min(deflate_level, 9)));
        }
    }
    Handle ds(H5Dcreate2(static_cast<hid_t>(m_file), dataset.c_str(), H5T_IEEE_F32LE, space.get(), H5P_DEFAULT, plist.get(), H5P_DEFAULT),
              H5Dclose);
    if (!ds.ok()) {
        fail(dataset, "cannot create the dataset");
    }
    set_attribute(dataset, "units", units);
    set_attribute(dataset, "description", description);
}

void Hdf5File::write_slab(const std::string& dataset, std::size_t i1, const float* values) {
    drain();
    Handle ds(H5Dopen2(static_cast<hid_t>(m_file), dataset.c_str(), H5P_DEFAULT), H5Dclose);
    if (!ds.ok()) {
        fail(dataset, "no such dataset");
    }
    Handle file_space(H5Dget_space(ds.get()), H5Sclose);
    hsize_t dims[3] = {0, 0, 0};
    H5Sget_simple_extent_dims(file_space.get(), dims, nullptr);
    if (i1 >= dims[1]) {
        fail(dataset, "internal error (bug): slab beyond the dataset");
    }
    const hsize_t start[3] = {0, i1, 0};
    const hsize_t count[3] = {dims[0], 1, dims[2]};
    H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start, nullptr, count, nullptr);
    Handle mem_space(H5Screate_simple(3, count, nullptr), H5Sclose);
    if (H5Dwrite(ds.get(), H5T_NATIVE_FLOAT, mem_space.get(), file_space.get(), H5P_DEFAULT, values) < 0) {
        fail(dataset, "write failed (disk full?)");
    }
}

void Hdf5File::set_attribute(const std::string& object, const std::string& name, const std::string& value) {
    drain();
    Handle obj(H5Oopen(static_cast<hid_t>(m_file), object.c_str(), H5P_DEFAULT), H5Oclose);
    if (!obj.ok()) {
        fail(object, "no such object for attribute " + name);
    }
    Handle type(string_type(), H5Tclose);
    Handle space(H5Screate(H5S_SCALAR), H5Sclose);
    Handle attr(H5Acreate2(obj.get(), name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    const char* text = value.c_str();
    if (!attr.ok() || H5Awrite(attr.get(), type.get(), &text) < 0) {
        fail(object, "cannot write attribute " + name);
    }
}

void Hdf5File::set_attribute(const std::string& object, const std::string& name, double value) {
    drain();
    Handle obj(H5Oopen(static_cast<hid_t>(m_file), object.c_str(), H5P_DEFAULT), H5Oclose);
    if (!obj.ok()) {
        fail(object, "no such object for attribute " + name);
    }
    Handle space(H5Screate(H5S_SCALAR), H5Sclose);
    Handle attr(H5Acreate2(obj.get(), name.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    if (!attr.ok() || H5Awrite(attr.get(), H5T_NATIVE_DOUBLE, &value) < 0) {
        fail(object, "cannot write attribute " + name);
    }
}

void Hdf5File::set_float_attribute(const std::string& object, const std::string& name, float value) {
    drain();
    Handle obj(H5Oopen(static_cast<hid_t>(m_file), object.c_str(), H5P_DEFAULT), H5Oclose);
    if (!obj.ok()) {
        fail(object, "no such object for attribute " + name);
    }
    Handle space(H5Screate(H5S_SCALAR), H5Sclose);
    Handle attr(H5Acreate2(obj.get(), name.c_str(), H5T_IEEE_F32LE, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    if (!attr.ok() || H5Awrite(attr.get(), H5T_NATIVE_FLOAT, &value) < 0) {
        fail(object, "cannot write attribute " + name);
    }
}

void Hdf5File::create_scalar(const std::string& dataset) {
    drain();
    Handle space(H5Screate(H5S_SCALAR), H5Sclose);
    Handle ds(H5Dcreate2(static_cast<hid_t>(m_file), dataset.c_str(), H5T_STD_I32LE, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
              H5Dclose);
    const int zero = 0;
    if (!ds.ok() || H5Dwrite(ds.get(), H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, &zero) < 0) {
        fail(dataset, "cannot write the dataset");
    }
}

void Hdf5File::make_dimension_scale(const std::string& scale) {
    drain();
    Handle ds(H5Dopen2(static_cast<hid_t>(m_file), scale.c_str(), H5P_DEFAULT), H5Dclose);
    if (!ds.ok() || H5DSset_scale(ds.get(), scale.c_str()) < 0) {
        fail(scale, "cannot make the dataset a dimension scale");
    }
}

void Hdf5File::attach_dimension_scale(const std::string& dataset, const std::string& scale, unsigned dim) {
    drain();
    Handle ds(H5Dopen2(static_cast<hid_t>(m_file), dataset.c_str(), H5P_DEFAULT), H5Dclose);
    Handle sc(H5Dopen2(static_cast<hid_t>(m_file), scale.c_str(), H5P_DEFAULT), H5Dclose);
    if (!ds.ok() || !sc.ok() || H5DSattach_scale(ds.get(), sc.get(), dim) < 0) {
        fail(dataset, "cannot attach dimension scale " + scale + " to dimension " + std::to_string(dim));
    }
}

}  // namespace swx::io
