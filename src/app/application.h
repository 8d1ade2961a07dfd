#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "common/clock.h"
#include "common/result.h"
#include "server/http_server.h"
#include "store/store.h"

namespace wsapp::service {
class RefusalRecorder;
}  // namespace wsapp::service

namespace wsapp::app {

// What the running service is made of, apart from the store.
struct ApplicationOptions {
  server::HttpServerOptions http;
  std::string region = "local";
  std::chrono::seconds token_lifetime = std::chrono::hours(24);
  // Base of the absolute URLs of uploaded icons (service::NormalizePublicUrl form); "" means
  // http://<listen host>:<bound port>.
  std::string public_url;
};

// The whole service over an open store: identity, services, API routes and the HTTP server.
// Shared by wsappd's main and the integration tests, so both run the same wiring. The store
// must already hold the region and first-start data (service/bootstrap.h).
class Application {
 public:
  // Errors: kInvalidArgument when a route cannot register; the store's.
  static Result<std::unique_ptr<Application>> Create(store::Store& store, const Clock& clock,
                                                     const ApplicationOptions& options);
  ~Application();

  // Leases the node id, binds and listens. Errors: as HttpServer::Start and NodeLease::Acquire.
  Status Start();
  uint16_t port() const;
  int node_id() const;
  // Serves until Stop(); then releases the node id.
  void Run();
  // Safe from any thread, more than once.
  void Stop();

  // Writes the audit records of refused calls (401, 403) in the background; tests Flush() it
  // before reading the trail. Lives as long as the application.
  service::RefusalRecorder& refusals();

 private:
  struct Parts;
  explicit Application(std::unique_ptr<Parts> parts);

  std::unique_ptr<Parts> parts_;
};

}  // namespace wsapp::app
