#include "support/temp_dir.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <vector>

namespace wsapp::testing {

std::string MakeTempDir(const std::string& prefix) {
  std::string pattern = ::testing::TempDir() + "/" + prefix + "XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp failed for " << pattern;
    return {};
  }
  return std::string(buffer.data());
}

}  // namespace wsapp::testing
