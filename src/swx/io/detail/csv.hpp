#pragma once
// The one CSV tokenizer of swx::io (magnetometer tables, the NERC beta table, geoelectric waveforms).
// Private to swx::io.
#ifndef SWX_IO_INTERNAL
#error "swx/io/detail headers are private to swx::io"
#endif

#include <swx/core/base/text.hpp>

namespace swx::io::detail {

/// The CSV tokenizer of core/base/text.hpp (documented there).
using swx::split_csv;

}  // namespace swx::io::detail
