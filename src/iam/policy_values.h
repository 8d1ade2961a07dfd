#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace wsapp::iam {

// Value forms of policy conditions (D23). Each parser accepts exactly the documented form and
// returns nullopt for anything else; none of them throws or allocates beyond a small copy.

// An ISO-8601 instant in UTC: `YYYY-MM-DDTHH:MM:SSZ` with an optional fraction of any length
// after the seconds (`.5`, `.123456`). Returns milliseconds since the Unix epoch; digits past
// the millisecond are truncated. Offsets other than `Z` and date-only forms are rejected so that
// a policy never depends on the server's time zone.
std::optional<int64_t> ParseUtcInstantMillis(std::string_view text);

// A plain decimal number: optional '-', digits, optional '.' and digits. No exponent, no '+',
// no surrounding spaces, no hexadecimal or special values.
std::optional<double> ParseDecimalNumber(std::string_view text);

// An IPv4 or IPv6 network. IPv4 is held in its IPv4-mapped IPv6 form (::ffff:a.b.c.d, prefix
// + 96), so one comparison serves both families and a client address that arrives as
// ::ffff:10.0.0.1 matches 10.0.0.0/8.
struct IpNetwork {
  std::array<uint8_t, 16> bytes{};
  int prefix_bits = 128;
};

// `address/prefix` (IPv4 prefix 0..32, IPv6 0..128) or a bare address, which is a host
// network. Host bits below the prefix are allowed and ignored.
std::optional<IpNetwork> ParseIpNetwork(std::string_view text);

// A bare IPv4 or IPv6 address, as a host network (prefix 128).
std::optional<IpNetwork> ParseIpAddress(std::string_view text);

// True when `address` (a host network) lies inside `network`.
bool NetworkContains(const IpNetwork& network, const IpNetwork& address);

}  // namespace wsapp::iam
