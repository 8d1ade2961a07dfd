// A real wsappd as a child process, for the tests that need several instances over one store.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

#include "common/result.h"

namespace wsapp::testing {

struct WsappdOptions {
  // The wsappd binary; the integration tests have its path as WSAPP_WSAPPD_PATH.
  std::string wsappd_path;
  // Names the instance in messages and in its data directory's name.
  std::string name;
  // The store (--store), passed in WSAPP_STORE so that a password stays out of the process list.
  std::string store_url;
  // The default project's id at first start (WSAPP_PROJECT_ID).
  std::string project_id;
  // --threads and --pg-pool-size; 0 leaves wsappd's default.
  int threads = 0;
  int pg_pool_size = 0;
};

// One wsappd child process on 127.0.0.1 with a free port, its own data directory under
// GoogleTest's temp dir, region "local" and log level "warn". Its stdout and stderr go to a log
// file in the data directory (Log()). At first start it creates the account with the root
// credentials of test_server.h (kTestAccountName, kTestRootPassword, kTestAccessKey,
// kTestSecretKey); every other WSAPP_ variable of the test's environment is withheld from it.
//
// The constructor spawns the process and returns at once: WaitUntilReady() reports a failed
// spawn. The destructor stops the process (SIGTERM), so a failed assertion leaves no server
// behind, and removes the data directory unless the test has failed. Not thread-safe.
class WsappdProcess {
 public:
  explicit WsappdProcess(WsappdOptions options);
  ~WsappdProcess();
  WsappdProcess(const WsappdProcess&) = delete;
  WsappdProcess& operator=(const WsappdProcess&) = delete;

  const std::string& name() const { return options_.name; }
  // The bound port; 0 until WaitUntilReady() has succeeded.
  uint16_t port() const { return port_; }

  // Waits (30 s at most, migrations included) for the port file, then for /readyz to answer
  // 200. Errors: kInternal, with the log, when the spawn failed, the process exited, or time ran
  // out.
  Status WaitUntilReady();

  // Sends SIGTERM and reaps the process, killing it (SIGKILL) when it has not exited within
  // 15 s. Returns its wait status, or -1 when there was no process left to stop.
  int Stop();

  // A root token from POST /v3/auth/tokens, scoped to the default project.
  // Requires: WaitUntilReady() succeeded. Errors: kInternal with the reply.
  Result<std::string> IssueRootToken() const;

  // What the process has written to stdout and stderr so far.
  std::string Log() const;

 private:
  std::string LogPath() const;
  // Reaps the process if it has exited; true then.
  bool HasExited();

  WsappdOptions options_;
  std::string data_dir_;
  pid_t pid_ = -1;  // -1 once reaped, or when the spawn failed
  uint16_t port_ = 0;
};

}  // namespace wsapp::testing
