#pragma once

#include <string>

namespace wsapp::testing {

// A fresh, empty directory under GoogleTest's temp dir, unique per call.
std::string MakeTempDir(const std::string& prefix);

}  // namespace wsapp::testing
