#pragma once
/// @file error.hpp
/// The exception hierarchy of swxrisk. Every fatal or setup error is a swx::Error; a subclass exists
/// only where a caller acts differently. Context (path, layer, feature id, field) travels as data and
/// is also folded into what() as "<stage>: <what> '<path>' [layer x, feature 42, field f]: <why>".

#include <stdexcept>
#include <string>

namespace swx {

/// Where an error happened. Every member is optional; empty members are left out of the message.
struct ErrorContext {
    std::string stage;    ///< the component reporting, e.g. "readers.grid"
    std::string path;     ///< file or datasource
    std::string layer;    ///< layer or dataset inside the file
    std::string feature;  ///< feature / element id
    std::string field;    ///< attribute or column name
};

/// Root of every swxrisk exception.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& why);
    Error(ErrorContext context, const std::string& why);
    [[nodiscard]] const ErrorContext& context() const noexcept { return m_context; }
    [[nodiscard]] const std::string& why() const noexcept { return m_why; }

private:
    ErrorContext m_context;
    std::string m_why;
};

/// A bad command line, option value or scenario file (exit code 2).
class ConfigError : public Error {
public:
    using Error::Error;
};

/// Input data that cannot be used: missing layer or field, bad value, broken reference (exit code 2).
class InputError : public Error {
public:
    using Error::Error;
};

/// A coordinate reference system that cannot be read or transformed (exit code 2).
class CrsError : public Error {
public:
    using Error::Error;
};

/// A request outside the validity range of a model (exit code 2).
class ModelRangeError : public Error {
public:
    using Error::Error;
};

/// Throws an exception of the same class as `e` (ConfigError, InputError, CrsError, ModelRangeError or
/// Error) with another context and reason: rewording a message keeps its exit code.
[[noreturn]] void rethrow_reworded(const Error& e, ErrorContext context, const std::string& why);

/// Formats a context and a reason the way every swxrisk message reads.
[[nodiscard]] std::string format_error(const ErrorContext& context, const std::string& why);

}  // namespace swx
