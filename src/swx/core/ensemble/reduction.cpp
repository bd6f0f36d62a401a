#include <swx/core/ensemble/reduction.hpp>

#include <swx/core/base/error.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

namespace swx {

namespace {
constexpr std::int64_t sum_carry = std::int64_t{1} << 62;
constexpr double sum_quantum_per_a = 16777216.0;  // 2^24 units per ampere
constexpr double largest_summed_a = 0x1p37;       // values above are summed as this (137 GA: no physical current)

void add_fixed(std::int64_t& hi, std::int64_t& lo, std::int64_t q) {
    lo += q;  // |lo| < 2^62 and |q| ≤ 2^61: no overflow
    if (lo >= sum_carry) {
        lo -= sum_carry;
        ++hi;
    } else if (lo <= -sum_carry) {
        lo += sum_carry;
        --hi;
    }
}

template <class T>
void put(std::string& out, T v) {
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    out.append(b, sizeof(T));
}

template <class T>
T get(const std::string& in, std::size_t& at) {
    if (at + sizeof(T) > in.size()) {
        throw Error("ensemble statistics: truncated serialized data");
    }
    T v;
    std::memcpy(&v, in.data() + at, sizeof(T));
    at += sizeof(T);
    return v;
}

template <class T>
void put_vector(std::string& out, const std::vector<T>& v) {
    put<std::uint64_t>(out, v.size());
    out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

template <class T>
std::vector<T> get_vector(const std::string& in, std::size_t& at) {
    const auto n = get<std::uint64_t>(in, at);
    if (n > (in.size() - at) / sizeof(T)) {
        throw Error("ensemble statistics: truncated serialized data");
    }
    std::vector<T> v(n);
    if (n > 0) {  // an empty vector's data() may be null, which memcpy must not get
        std::memcpy(v.data(), in.data() + at, n * sizeof(T));
    }
    at += n * sizeof(T);
    return v;
}

constexpr std::uint32_t serial_magic = 0x53584532U;  // "SXE2": histogram counts as LEB128 varints

/// Appends v as an unsigned LEB128 varint (7 bits a byte, low first; 1 byte below 128): histogram
/// counts are mostly small, so a partial result a Dask worker sends is about a quarter of its
/// fixed-width size.
void put_varint(std::string& out, std::uint32_t v) {
    while (v >= 0x80U) {
        out.push_back(static_cast<char>((v & 0x7FU) | 0x80U));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

/// Reads a varint written by put_varint. Refuses truncation, values above 32 bits and non-minimal
/// encodings (a last byte of 0 after the first), so that accepted bytes serialize back identically.
std::uint32_t get_varint(const std::string& in, std::size_t& at) {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
        if (at >= in.size()) {
            throw Error("ensemble statistics: truncated serialized data");
        }
        const auto byte = static_cast<unsigned char>(in[at++]);
        v |= static_cast<std::uint64_t>(byte & 0x7FU) << shift;
        if ((byte & 0x80U) == 0) {
            if ((byte == 0 && shift > 0) || v > 0xFFFFFFFFULL) {
                throw Error("ensemble statistics: inconsistent serialized histogram (count encoding)");
            }
            return static_cast<std::uint32_t>(v);
        }
    }
    throw Error("ensemble statistics: inconsistent serialized histogram (count encoding)");
}
}  // namespace

static_assert(QuantileBins::bins_per_octave == 64, "bin_of takes the top 6 bits of the mantissa");

std::size_t QuantileBins::bin_of(double value) noexcept {
    if (value == 0.0) {
        return zero_bin;
    }
    if (!std::isfinite(value)) {
        return over_bin;
    }
    // value = (1 + f)·2^exponent: the exponent and the top 6 bits of f straight from the IEEE 754 bits
    // (what floor((2m − 1)·64) of frexp's mantissa m gives, without the call).
    const auto bits = std::bit_cast<std::uint64_t>(value);
    const int exponent = static_cast<int>((bits >> 52U) & 0x7ffU) - 1023;  // subnormals: -1023, below the range
    if (exponent < min_exponent) {
        return under_bin;
    }
    if (exponent >= max_exponent) {
        return over_bin;
    }
    const auto sub = static_cast<std::size_t>((bits >> 46U) & 63U);
    return first_log_bin + static_cast<std::size_t>(exponent - min_exponent) * bins_per_octave + sub;
}

double QuantileBins::centre(std::size_t bin) noexcept {
    if (bin == zero_bin) {
        return 0.0;
    }
    if (bin == under_bin) {
        return std::ldexp(1.0, min_exponent - 1);
    }
    if (bin >= over_bin) {
        return std::ldexp(1.0, max_exponent + 1);
    }
    const std::size_t k = bin - first_log_bin;
    const int exponent = min_exponent + static_cast<int>(k / bins_per_octave);
    const double sub = static_cast<double>(k % bins_per_octave);
    const double lo = 1.0 + sub / bins_per_octave;
    const double hi = 1.0 + (sub + 1.0) / bins_per_octave;
    return std::ldexp(std::sqrt(lo * hi), exponent);
}

ExceedanceStats::ExceedanceStats(std::size_t elements, double threshold_a, std::vector<std::uint64_t> checkpoints)
    : m_threshold_a(threshold_a), m_checkpoints(std::move(checkpoints)), m_exceed(elements, 0), m_sum_c2(elements, 0),
      m_sum_cn(elements, 0), m_open_c(elements, 0), m_hist(elements * QuantileBins::count, 0), m_sum_hi(elements, 0),
      m_sum_lo(elements, 0), m_min(elements, std::numeric_limits<double>::infinity()),
      m_max(elements, -std::numeric_limits<double>::infinity()), m_checkpoint_exceed(elements * m_checkpoints.size(), 0) {}

void ExceedanceStats::add_members(std::uint64_t first_member, std::size_t n, const double* values) {
    if (n == 0) {
        return;
    }
    m_members += n;
    m_open_n += n;
    const std::size_t nk = m_checkpoints.size();
    for (std::size_t e = 0; e < m_exceed.size(); ++e) {
        const double* v = values + e * n;
        std::uint32_t* hist = m_hist.data() + e * QuantileBins::count;
        std::uint64_t c = 0;
        std::int64_t hi = m_sum_hi[e];
        std::int64_t lo = m_sum_lo[e];
        double lo_v = m_min[e];
        double hi_v = m_max[e];
        for (std::size_t j = 0; j < n; ++j) {
            const double x = v[j];
            if (std::isnan(x)) {
                continue;
            }
            if (x > m_threshold_a) {
                ++c;
                for (std::size_t k = 0; k < nk; ++k) {
                    if (first_member + j < m_checkpoints[k]) {
                        ++m_checkpoint_exceed[e * nk + k];
                    }
                }
            }
            ++hist[QuantileBins::bin_of(x)];
            add_fixed(hi, lo, std::llrint(std::min(x, largest_summed_a) * sum_quantum_per_a));  // to nearest (even)
            lo_v = std::min(lo_v, x);
            hi_v = std::max(hi_v, x);
        }
        m_exceed[e] += c;
        m_open_c[e] += c;
        m_sum_hi[e] = hi;
        m_sum_lo[e] = lo;
        m_min[e] = lo_v;
        m_max[e] = hi_v;
    }
}

void ExceedanceStats::close_cluster() {
    if (m_open_n == 0) {
        return;
    }
    ++m_clusters;
    m_sum_n2 += m_open_n * m_open_n;  // Σn² <= (Σn)² < 2^64 for fewer than 2^32 members
    for (std::size_t e = 0; e < m_exceed.size(); ++e) {
        const std::uint64_t c = m_open_c[e];
        m_sum_c2[e] += c * c;
        m_sum_cn[e] += c * m_open_n;
        m_open_c[e] = 0;
    }
    m_open_n = 0;
}

void ExceedanceStats::merge(const ExceedanceStats& o) {
    if (m_open_n != 0 || o.m_open_n != 0) {
        throw Error("ensemble statistics: merging a reduction with an open cluster (close_cluster first)");
    }
    if (o.m_exceed.size() != m_exceed.size() || o.m_threshold_a != m_threshold_a || o.m_checkpoints != m_checkpoints) {
        throw Error("ensemble statistics: merging reductions of different elements, thresholds or checkpoints");
    }
    m_members += o.m_members;
    m_clusters += o.m_clusters;
    m_sum_n2 += o.m_sum_n2;
    for (std::size_t e = 0; e < m_exceed.size(); ++e) {
        m_exceed[e] += o.m_exceed[e];
        m_sum_c2[e] += o.m_sum_c2[e];
        m_sum_cn[e] += o.m_sum_cn[e];
        m_sum_hi[e] += o.m_sum_hi[e];
        add_fixed(m_sum_hi[e], m_sum_lo[e], o.m_sum_lo[e] / 2);
        add_fixed(m_sum_hi[e], m_sum_lo[e], o.m_sum_lo[e] - o.m_sum_lo[e] / 2);
        m_min[e] = std::min(m_min[e], o.m_min[e]);
        m_max[e] = std::max(m_max[e], o.m_max[e]);
    }
    for (std::size_t i = 0; i < m_hist.size(); ++i) {
        m_hist[i] += o.m_hist[i];
    }
    for (std::size_t i = 0; i < m_checkpoint_exceed.size(); ++i) {
        m_checkpoint_exceed[i] += o.m_checkpoint_exceed[i];
    }
}

std::uint64_t ExceedanceStats::valued(std::size_t e) const {
    std::uint64_t n = 0;
    const std::uint32_t* h = m_hist.data() + e * QuantileBins::count;
    for (std::size_t b = 0; b < QuantileBins::count; ++b) {
        n += h[b];
    }
    return n;
}

double ExceedanceStats::p_exceed(std::size_t e) const {
    return m_members == 0 ? std::numeric_limits<double>::quiet_NaN()
                          : static_cast<double>(m_exceed[e]) / static_cast<double>(m_members);
}

double ExceedanceStats::p_exceed_se(std::size_t e, bool clustered) const {
    const double n = static_cast<double>(m_members);
    if (m_members == 0) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    const double p = p_exceed(e);
    if (!clustered) {
        return std::sqrt(p * (1.0 - p) / n);
    }
    if (m_clusters < 2) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    const double g = static_cast<double>(m_clusters);
    // Σ(c_g − p n_g)² = Σc² − 2pΣcn + p²Σn², from exact integer sums.
    const double ss = static_cast<double>(m_sum_c2[e]) - 2.0 * p * static_cast<double>(m_sum_cn[e]) +
                      p * p * static_cast<double>(m_sum_n2);
    return std::sqrt(std::max(0.0, g / (g - 1.0) * ss)) / n;
}

double ExceedanceStats::quantile(std::size_t e, double q) const {
    const std::uint64_t n = valued(e);
    if (n == 0 || !(q > 0.0 && q < 1.0)) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    const auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(n)));
    const std::uint32_t* h = m_hist.data() + e * QuantileBins::count;
    std::uint64_t seen = 0;
    for (std::size_t b = 0; b < QuantileBins::count; ++b) {
        seen += h[b];
        if (seen >= std::max<std::uint64_t>(rank, 1)) {
            const double c = QuantileBins::centre(b);
            return m_min[e] <= m_max[e] ? std::clamp(c, m_min[e], m_max[e]) : c;
        }
    }
    return m_max[e];
}

double ExceedanceStats::mean(std::size_t e) const {
    const std::uint64_t n = valued(e);
    if (n == 0) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    const long double sum = (static_cast<long double>(m_sum_hi[e]) * static_cast<long double>(sum_carry) +
                             static_cast<long double>(m_sum_lo[e])) /
                            static_cast<long double>(sum_quantum_per_a);
    return static_cast<double>(sum / static_cast<long double>(n));
}

std::string ExceedanceStats::serialize() const {
    if (m_open_n != 0) {
        throw Error("ensemble statistics: serializing a reduction with an open cluster (close_cluster first)");
    }
    std::string out;
    put(out, serial_magic);
    put(out, m_threshold_a);
    put(out, m_members);
    put(out, m_clusters);
    put(out, m_sum_n2);
    put_vector(out, m_checkpoints);
    put_vector(out, m_exceed);
    put_vector(out, m_sum_c2);
    put_vector(out, m_sum_cn);
    put_vector(out, m_sum_hi);
    put_vector(out, m_sum_lo);
    put_vector(out, m_min);
    put_vector(out, m_max);
    put_vector(out, m_checkpoint_exceed);
    // Histograms: per element the first and last non-empty bin, then the counts between (varints).
    for (std::size_t e = 0; e < m_exceed.size(); ++e) {
        const std::uint32_t* h = m_hist.data() + e * QuantileBins::count;
        std::size_t a = 0;
        while (a < QuantileBins::count && h[a] == 0) {
            ++a;
        }
        std::size_t b = QuantileBins::count;
        while (b > a && h[b - 1] == 0) {
            --b;
        }
        put<std::uint32_t>(out, static_cast<std::uint32_t>(a));
        put<std::uint32_t>(out, static_cast<std::uint32_t>(b));
        for (std::size_t i = a; i < b; ++i) {
            put_varint(out, h[i]);
        }
    }
    return out;
}

ExceedanceStats ExceedanceStats::deserialize(const std::string& in) {
    std::size_t at = 0;
    if (get<std::uint32_t>(in, at) != serial_magic) {
        throw Error("ensemble statistics: not a serialized reduction (bad magic)");
    }
    ExceedanceStats s;
    s.m_threshold_a = get<double>(in, at);
    s.m_members = get<std::uint64_t>(in, at);
    s.m_clusters = get<std::uint64_t>(in, at);
    s.m_sum_n2 = get<std::uint64_t>(in, at);
    s.m_checkpoints = get_vector<std::uint64_t>(in, at);
    s.m_exceed = get_vector<std::uint64_t>(in, at);
    const std::size_t n = s.m_exceed.size();
    s.m_sum_c2 = get_vector<std::uint64_t>(in, at);
    s.m_sum_cn = get_vector<std::uint64_t>(in, at);
    s.m_sum_hi = get_vector<std::int64_t>(in, at);
    s.m_sum_lo = get_vector<std::int64_t>(in, at);
    s.m_min = get_vector<double>(in, at);
    s.m_max = get_vector<double>(in, at);
    s.m_checkpoint_exceed = get_vector<std::uint32_t>(in, at);
    if (s.m_sum_c2.size() != n || s.m_sum_cn.size() != n || s.m_sum_hi.size() != n || s.m_sum_lo.size() != n || s.m_min.size() != n ||
        s.m_max.size() != n || s.m_checkpoint_exceed.size() != n * s.m_checkpoints.size()) {
        throw Error("ensemble statistics: inconsistent serialized reduction");
    }
    for (std::size_t e = 0; e < n; ++e) {
        // The fixed-point sums of real members: |lo| < 2^62 by construction, |hi| far below 2^40.
        if (s.m_sum_lo[e] <= -sum_carry || s.m_sum_lo[e] >= sum_carry || s.m_sum_hi[e] <= -(std::int64_t{1} << 40) ||
            s.m_sum_hi[e] >= (std::int64_t{1} << 40)) {
            throw Error("ensemble statistics: inconsistent serialized sums");
        }
    }
    s.m_open_c.assign(n, 0);
    s.m_hist.assign(n * QuantileBins::count, 0);
    for (std::size_t e = 0; e < n; ++e) {
        const auto a = get<std::uint32_t>(in, at);
        const auto b = get<std::uint32_t>(in, at);
        if (a > b || b > QuantileBins::count || b - a > in.size() - at || (a == b && a != QuantileBins::count)) {
            throw Error("ensemble statistics: inconsistent serialized histogram");
        }
        std::uint32_t* h = s.m_hist.data() + e * QuantileBins::count;
        for (std::size_t i = a; i < b; ++i) {
            h[i] = get_varint(in, at);
        }
        if (a < b && (h[a] == 0 || h[b - 1] == 0)) {
            throw Error("ensemble statistics: inconsistent serialized histogram (range not trimmed)");
        }
    }
    if (at != in.size()) {
        throw Error("ensemble statistics: trailing bytes after the serialized reduction");
    }
    return s;
}

}  // namespace swx
