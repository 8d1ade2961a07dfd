#include "api/http_message.h"

#include <strings.h>

namespace wsapp::api {

const std::string* HttpRequest::FindHeader(std::string_view name) const {
  for (const Header& header : headers) {
    if (header.name.size() == name.size() &&
        strncasecmp(header.name.data(), name.data(), name.size()) == 0) {
      return &header.value;
    }
  }
  return nullptr;
}

size_t HttpRequest::CountHeader(std::string_view name) const {
  size_t count = 0;
  for (const Header& header : headers) {
    if (header.name.size() == name.size() &&
        strncasecmp(header.name.data(), name.data(), name.size()) == 0) {
      ++count;
    }
  }
  return count;
}

void HttpResponse::SetHeader(std::string name, std::string value) {
  for (Header& header : headers) {
    if (strcasecmp(header.name.c_str(), name.c_str()) == 0) {
      header.value = std::move(value);
      return;
    }
  }
  headers.push_back({std::move(name), std::move(value)});
}

}  // namespace wsapp::api
