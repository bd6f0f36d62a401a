#include <swx/core/base/error.hpp>

namespace swx {

std::string format_error(const ErrorContext& context, const std::string& why) {
    std::string msg = context.stage.empty() ? std::string() : context.stage + ": ";
    std::string subject;
    if (!context.path.empty()) {
        subject += "'" + context.path + "'";
    }
    std::string where;
    auto add = [&where](const char* label, const std::string& value) {
        if (value.empty()) {
            return;
        }
        where += where.empty() ? "" : ", ";
        where += std::string(label) + " " + value;
    };
    add("layer", context.layer);
    add("feature", context.feature);
    add("field", context.field);
    if (!where.empty()) {
        subject += (subject.empty() ? "[" : " [") + where + "]";
    }
    if (!subject.empty()) {
        msg += subject + ": ";
    }
    return msg + why;
}

Error::Error(const std::string& why) : std::runtime_error(why), m_why(why) {}

Error::Error(ErrorContext context, const std::string& why)
    : std::runtime_error(format_error(context, why)), m_context(std::move(context)), m_why(why) {}

void rethrow_reworded(const Error& e, ErrorContext context, const std::string& why) {
    if (dynamic_cast<const ConfigError*>(&e) != nullptr) {
        throw ConfigError(std::move(context), why);
    }
    if (dynamic_cast<const InputError*>(&e) != nullptr) {
        throw InputError(std::move(context), why);
    }
    if (dynamic_cast<const CrsError*>(&e) != nullptr) {
        throw CrsError(std::move(context), why);
    }
    if (dynamic_cast<const ModelRangeError*>(&e) != nullptr) {
        throw ModelRangeError(std::move(context), why);
    }
    throw Error(std::move(context), why);
}

}  // namespace swx
