#pragma once
/// @file numpy.hpp
/// Conversions between the library's types and numpy arrays / Python dicts, shared by the bind_*.cpp
/// files. Header-only and private to the module.

#include <swx/core/base/error.hpp>
#include <swx/core/base/table.hpp>
#include <swx/io/table_writer.hpp>

#include <Eigen/Core>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace swx::python {

namespace py = pybind11;

/// A float64 array as every binding takes it: C order, other dtypes and lists cast.
using Array = py::array_t<double, py::array::c_style | py::array::forcecast>;

inline Array to_array(const std::vector<double>& v) {
    Array a(static_cast<py::ssize_t>(v.size()));
    std::copy(v.begin(), v.end(), a.mutable_data());
    return a;
}

inline Array to_array(const Eigen::MatrixXd& m) {
    Array a({static_cast<py::ssize_t>(m.rows()), static_cast<py::ssize_t>(m.cols())});
    auto r = a.mutable_unchecked<2>();
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
        for (Eigen::Index j = 0; j < m.cols(); ++j) {
            r(i, j) = m(i, j);
        }
    }
    return a;
}

inline std::vector<double> to_vector(const Array& a) {
    const auto* p = a.data();
    return {p, p + a.size()};
}

/// A table as a dict: numeric columns as float64 arrays, except the columns the GeoPackage stores as
/// integers (io::field_kind: `rank`, `n_*`) as int64 and flags (`*_blocked`) as bool; text columns as
/// lists of str.
inline py::dict table_dict(const FeatureTable& t) {
    py::dict d;
    for (const auto& c : t.columns) {
        if (const auto* num = std::get_if<std::vector<double>>(&c.values)) {
            const io::FieldKind kind = io::field_kind(c);
            const bool whole = std::all_of(num->begin(), num->end(), [](double x) { return std::isfinite(x); });
            if (kind == io::FieldKind::integer && whole) {
                py::array_t<std::int64_t> a(static_cast<py::ssize_t>(num->size()));
                std::transform(num->begin(), num->end(), a.mutable_data(), [](double x) { return static_cast<std::int64_t>(x); });
                d[py::str(c.name)] = a;
            } else if (kind == io::FieldKind::flag && whole) {
                py::array_t<bool> a(static_cast<py::ssize_t>(num->size()));
                std::transform(num->begin(), num->end(), a.mutable_data(), [](double x) { return x != 0.0; });
                d[py::str(c.name)] = a;
            } else {
                d[py::str(c.name)] = to_array(*num);
            }
        } else {
            d[py::str(c.name)] = std::get<std::vector<std::string>>(c.values);
        }
    }
    return d;
}

/// `f(x)` for every element of `a`, in an array of a's shape.
template <class F>
Array map_array(const Array& a, F f) {
    Array out(a.request().shape);
    for (py::ssize_t i = 0; i < a.size(); ++i) {
        out.mutable_data()[i] = f(a.data()[i]);
    }
    return out;
}

/// `f(x, y)` elementwise over two arrays of the same size, in an array of a's shape.
/// @throws ConfigError if the sizes differ.
template <class F>
Array map_arrays(const Array& a, const Array& b, F f) {
    if (a.size() != b.size()) {
        throw ConfigError({"python", "", "", "", ""}, "arrays must have the same size");
    }
    Array out(a.request().shape);
    for (py::ssize_t i = 0; i < a.size(); ++i) {
        out.mutable_data()[i] = f(a.data()[i], b.data()[i]);
    }
    return out;
}

}  // namespace swx::python
