#include "iam/policy_values.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace wsapp::iam {
namespace {

TEST(PolicyValuesTest, ParsesUtcInstants) {
  const std::vector<std::pair<std::string, std::optional<int64_t>>> cases = {
      {"1970-01-01T00:00:00Z", 0},
      {"2025-12-03T10:20:00Z", 1764757200000},
      {"2025-12-03T10:20:00.5Z", 1764757200500},
      {"2025-12-03T10:20:00.123456Z", 1764757200123},
      {"2024-02-29T23:59:59Z", 1709251199000},
      {"1969-12-31T23:59:59Z", -1000},
      {"2023-02-29T00:00:00Z", std::nullopt},
      {"2025-13-01T00:00:00Z", std::nullopt},
      {"2025-12-03T24:00:00Z", std::nullopt},
      {"2025-12-03T10:60:00Z", std::nullopt},
      {"2025-12-03T10:20:00", std::nullopt},
      {"2025-12-03T10:20:00+00:00", std::nullopt},
      {"2025-12-03 10:20:00Z", std::nullopt},
      {"2025-12-03T10:20:00.Z", std::nullopt},
      {"2025-12-03T10:20:00.1xZ", std::nullopt},
      {"2025-12-03", std::nullopt},
      {"", std::nullopt},
  };
  for (const auto& [text, expected] : cases) {
    EXPECT_EQ(ParseUtcInstantMillis(text), expected) << text;
  }
}

TEST(PolicyValuesTest, ParsesDecimalNumbers) {
  const std::vector<std::pair<std::string, std::optional<double>>> cases = {
      {"0", 0.0},
      {"42", 42.0},
      {"-1.5", -1.5},
      {"007", 7.0},
      {"", std::nullopt},
      {"-", std::nullopt},
      {"1.", std::nullopt},
      {".5", std::nullopt},
      {"+1", std::nullopt},
      {"1e3", std::nullopt},
      {" 1", std::nullopt},
      {"nan", std::nullopt},
      {"0x10", std::nullopt},
  };
  for (const auto& [text, expected] : cases) {
    EXPECT_EQ(ParseDecimalNumber(text), expected) << text;
  }
}

struct NetworkCase {
  std::string network;
  std::string address;
  bool is_inside;
};

TEST(PolicyValuesTest, NetworksContainTheirAddresses) {
  const std::vector<NetworkCase> cases = {
      {"10.0.0.0/8", "10.255.0.1", true},
      {"10.0.0.0/8", "11.0.0.1", false},
      {"10.1.2.3", "10.1.2.3", true},
      {"10.1.2.3", "10.1.2.4", false},
      {"10.1.2.3/32", "10.1.2.3", true},
      {"10.1.2.99/24", "10.1.2.3", true},
      {"0.0.0.0/0", "203.0.113.9", true},
      {"192.168.0.0/17", "192.168.127.255", true},
      {"192.168.0.0/17", "192.168.128.0", false},
      {"10.0.0.0/8", "::ffff:10.0.0.1", true},
      {"2001:db8::/32", "2001:db8:ffff::1", true},
      {"2001:db8::/33", "2001:db8:8000::1", false},
      {"::1", "::1", true},
      {"::/0", "2001:db8::1", true},
      {"2001:db8::/32", "10.0.0.1", false},
  };
  for (const NetworkCase& row : cases) {
    std::optional<IpNetwork> network = ParseIpNetwork(row.network);
    std::optional<IpNetwork> address = ParseIpAddress(row.address);
    ASSERT_TRUE(network.has_value()) << row.network;
    ASSERT_TRUE(address.has_value()) << row.address;

    EXPECT_EQ(NetworkContains(*network, *address), row.is_inside)
        << row.network << " contains " << row.address;
  }
}

TEST(PolicyValuesTest, RejectsMalformedNetworks) {
  const std::vector<std::string> cases = {
      "",
      "10.0.0",
      "10.0.0.256",
      "10.0.0.0/33",
      "10.0.0.0/",
      "10.0.0.0/08",
      "10.0.0.0/-1",
      "10.0.0.0/8/8",
      "2001:db8::/129",
      "2001:db8::g/32",
      "010.0.0.1",
      "10.0.0.1 ",
      "host.example",
  };
  for (const std::string& text : cases) {
    EXPECT_FALSE(ParseIpNetwork(text).has_value()) << text;
  }
  EXPECT_FALSE(ParseIpAddress("10.0.0.0/8").has_value());
  EXPECT_FALSE(ParseIpAddress(std::string("10.0.0.1\0x", 10)).has_value());
}

}  // namespace
}  // namespace wsapp::iam
