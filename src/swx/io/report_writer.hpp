#pragma once
/// @file report_writer.hpp
/// report.md of a site-exposure study: scenario and inputs, the ranking table, what drives each site,
/// and how (not) to read the numbers.

#include <swx/core/exposure/site_study.hpp>
#include <swx/io/study_config.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace swx::io {

/// Writes the report (Markdown, UTF-8).
/// @throws Error naming the file if it cannot be created or written (a partial file may remain: the
///         caller writes into a staging folder).
void write_report(const StudyConfig& config, const std::vector<SiteResult>& sites, const std::vector<std::string>& notes,
                  const std::filesystem::path& path);

}  // namespace swx::io
