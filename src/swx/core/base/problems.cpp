#include <swx/core/base/problems.hpp>

#include <algorithm>
#include <utility>

namespace swx {

void ProblemSink::report(Problem problem) {
    on_report(problem);
    m_problems.push_back(std::move(problem));
}

void ProblemSink::warn(std::string code, std::string feature_id, std::string location, std::string message) {
    report({Severity::warning, std::move(code), std::move(feature_id), std::move(location), std::move(message)});
}

void ProblemSink::error(std::string code, std::string feature_id, std::string location, std::string message) {
    report({Severity::error, std::move(code), std::move(feature_id), std::move(location), std::move(message)});
}

std::size_t ProblemSink::count(Severity severity) const noexcept {
    return static_cast<std::size_t>(std::count_if(m_problems.begin(), m_problems.end(),
                                                  [severity](const Problem& p) { return p.severity == severity; }));
}

std::string format_problem(const Problem& problem) {
    std::string line = problem.severity == Severity::warning ? "WARNING: " : "ERROR: ";
    line += "[" + problem.code + "] ";
    if (!problem.location.empty()) {
        line += problem.location + " ";
    }
    if (!problem.feature_id.empty()) {
        line += "feature " + problem.feature_id + " ";
    }
    return line + problem.message;
}

void StreamProblemSink::on_report(const Problem& problem) { *m_out << format_problem(problem) << '\n'; }

}  // namespace swx
