#pragma once
/// @file problems.hpp
/// Per-record problems (suspicious values, defaults applied, islands) are not exceptions: they go to a
/// ProblemSink and the batch continues (after libosmium's ProblemReporter).

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

namespace swx {

enum class Severity { warning, error };

/// One reported problem. `code` is a short stable token (e.g. "grounding_default") for scripts.
struct Problem {
    Severity severity = Severity::warning;
    std::string code;
    std::string feature_id;  ///< element id, or empty
    std::string location;    ///< file/layer, or empty
    std::string message;
};

/// Receives problems. The default implementation keeps them all, in order.
class ProblemSink {
public:
    ProblemSink() = default;
    ProblemSink(const ProblemSink&) = default;
    ProblemSink(ProblemSink&&) = default;
    ProblemSink& operator=(const ProblemSink&) = default;
    ProblemSink& operator=(ProblemSink&&) = default;
    virtual ~ProblemSink() = default;

    void report(Problem problem);
    void warn(std::string code, std::string feature_id, std::string location, std::string message);
    void error(std::string code, std::string feature_id, std::string location, std::string message);

    [[nodiscard]] const std::vector<Problem>& problems() const noexcept { return m_problems; }
    [[nodiscard]] std::size_t count(Severity severity) const noexcept;

private:
    virtual void on_report(const Problem& /*problem*/) {}
    std::vector<Problem> m_problems;
};

/// Also prints each problem as it arrives, one line each ("WARNING: ...").
class StreamProblemSink : public ProblemSink {
public:
    explicit StreamProblemSink(std::ostream& out) : m_out(&out) {}

private:
    void on_report(const Problem& problem) override;
    std::ostream* m_out;
};

/// One line for a problem: "WARNING: [code] location feature id: message".
[[nodiscard]] std::string format_problem(const Problem& problem);

}  // namespace swx
