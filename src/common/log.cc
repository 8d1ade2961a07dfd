#include "common/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace wsapp::log {
namespace {

spdlog::level::level_enum ToSpdlog(Level level) {
  switch (level) {
    case Level::kTrace:
      return spdlog::level::trace;
    case Level::kDebug:
      return spdlog::level::debug;
    case Level::kInfo:
      return spdlog::level::info;
    case Level::kWarn:
      return spdlog::level::warn;
    case Level::kError:
      return spdlog::level::err;
  }
  return spdlog::level::info;
}

bool NeedsQuotes(std::string_view value) {
  if (value.empty()) {
    return true;
  }
  for (unsigned char c : value) {
    if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c >= 0x7f) {
      return true;
    }
  }
  return false;
}

void AppendValue(std::string& line, std::string_view value) {
  if (!NeedsQuotes(value)) {
    line.append(value);
    return;
  }
  line.push_back('"');
  for (unsigned char c : value) {
    if (c == '"' || c == '\\') {
      line.push_back('\\');
      line.push_back(static_cast<char>(c));
    } else if (c < 0x20 || c == 0x7f) {
      line.append(fmt::format("\\x{:02x}", c));
    } else {
      line.push_back(static_cast<char>(c));
    }
  }
  line.push_back('"');
}

}  // namespace

void Init(Level level) {
  auto logger = spdlog::get("wsapp");
  if (!logger) {
    logger = spdlog::stderr_logger_mt("wsapp");
    logger->set_pattern("ts=%Y-%m-%dT%H:%M:%S.%eZ level=%l %v", spdlog::pattern_time_type::utc);
    spdlog::set_default_logger(logger);
  }
  logger->set_level(ToSpdlog(level));
  logger->flush_on(spdlog::level::info);
}

bool ParseLevel(std::string_view text, Level* level) {
  static constexpr std::pair<std::string_view, Level> kLevels[] = {
      {"trace", Level::kTrace}, {"debug", Level::kDebug}, {"info", Level::kInfo},
      {"warn", Level::kWarn},   {"error", Level::kError},
  };
  for (const auto& [name, value] : kLevels) {
    if (text == name) {
      *level = value;
      return true;
    }
  }
  return false;
}

// Limitation: lines are written and flushed by the calling thread (the request's worker for the
// access log), so a log file whose writes stall stalls the requests with it (docs/limitations.md).
void Write(Level level, std::string_view message, const Fields& fields) {
  auto spdlog_level = ToSpdlog(level);
  if (!spdlog::default_logger_raw()->should_log(spdlog_level)) {
    return;
  }
  std::string line = "msg=";
  AppendValue(line, message);
  for (const Field& field : fields) {
    line.push_back(' ');
    line.append(field.key);
    line.push_back('=');
    AppendValue(line, field.value);
  }
  spdlog::default_logger_raw()->log(spdlog_level, "{}", line);
}

}  // namespace wsapp::log
