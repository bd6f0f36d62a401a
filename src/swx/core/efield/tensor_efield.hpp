#pragma once
/// @file tensor_efield.hpp
/// E(t) from B(t) through a 2×2 MT impedance tensor (core/earth/mt_site.hpp), the 3-D counterpart of
/// PlaneWaveConverter (efield.hpp). docs/geoelectric-model.md, "MT impedance tensors".

#include <swx/core/earth/mt_site.hpp>
#include <swx/core/efield/efield.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <span>

namespace swx {

/// E(t) from B(t) through a tensor, reusable for one record length and cadence (as PlaneWaveConverter:
/// mean removed, reflected padding, one forward and one inverse complex FFT per record; the tensor is
/// evaluated once per FFT bin at construction). E_x = Z_xx·B_x + Z_xy·B_y, E_y = Z_yx·B_x + Z_yy·B_y per
/// frequency, mV/km → V/km. With tensor_of_1d at every bin it equals PlaneWaveConverter.
class TensorConverter {
public:
    /// @throws InputError as PlaneWaveConverter for n_samples, dt_s, fft_length.
    TensorConverter(const MtImpedance& z, std::size_t n_samples, double dt_s, std::size_t fft_length = 0);
    /// As above, with the tensor given by a function of frequency (Hz) – for validation and 1-D models.
    TensorConverter(const std::function<ImpedanceTensor(double)>& z_of_f, std::size_t n_samples, double dt_s,
                    std::size_t fft_length = 0);
    /// @return E_x, E_y (V/km), edge_samples = edge_zone_samples(n, dt). @throws InputError as PlaneWaveConverter::convert.
    /// Safe to call from several threads at once (the FFT plans are kept per thread).
    [[nodiscard]] GeoelectricSeries convert(std::span<const double> bx_nt, std::span<const double> by_nt) const;
    ~TensorConverter();
    TensorConverter(TensorConverter&&) noexcept;
    TensorConverter& operator=(TensorConverter&&) noexcept;
    TensorConverter(const TensorConverter&) = delete;
    TensorConverter& operator=(const TensorConverter&) = delete;
private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace swx
