#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wsapp::log {

// One structured field: a stable snake_case key and its value.
struct Field {
  std::string_view key;
  std::string value;
};
using Fields = std::vector<Field>;

enum class Level { kTrace, kDebug, kInfo, kWarn, kError };

// Sets up the process logger: logfmt lines (`ts=... level=info msg="..." key=value ...`) on
// stderr at `level`. Safe to call again to change the level.
void Init(Level level);

// Parses "trace", "debug", "info", "warn" or "error". Returns false for anything else.
bool ParseLevel(std::string_view text, Level* level);

// Logs a short fixed lowercase phrase with fields. Values are quoted and escaped as needed, so a
// line stays one line whatever the value holds. Never pass secrets. Thread-safe.
void Write(Level level, std::string_view message, const Fields& fields = {});

inline void Debug(std::string_view message, const Fields& fields = {}) {
  Write(Level::kDebug, message, fields);
}
inline void Info(std::string_view message, const Fields& fields = {}) {
  Write(Level::kInfo, message, fields);
}
inline void Warn(std::string_view message, const Fields& fields = {}) {
  Write(Level::kWarn, message, fields);
}
inline void Error(std::string_view message, const Fields& fields = {}) {
  Write(Level::kError, message, fields);
}

}  // namespace wsapp::log
