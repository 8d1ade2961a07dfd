#include "support/wsappd_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <thread>
#include <utility>
#include <vector>

#include "support/http_client.h"
#include "support/temp_dir.h"
#include "support/test_server.h"

extern char** environ;

namespace wsapp::testing {
namespace {

// Start-up includes the migrations, which a second instance over the same store waits for.
constexpr auto kStartupBound = std::chrono::seconds(30);
constexpr auto kStopBound = std::chrono::seconds(15);

bool StartsWith(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

// The argv or envp form of `strings`, which must outlive it.
std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& s : strings) {
    pointers.push_back(s.data());
  }
  pointers.push_back(nullptr);
  return pointers;
}

std::string ReadFile(const std::string& path) {
  std::stringstream text;
  text << std::ifstream(path).rdbuf();
  return text.str();
}

}  // namespace

WsappdProcess::WsappdProcess(WsappdOptions options) : options_(std::move(options)) {
  data_dir_ = MakeTempDir("wsappd_" + options_.name + "_");
  std::vector<std::pair<std::string, std::string>> flags = {{"--listen", "127.0.0.1:0"},
                                                            {"--port-file", data_dir_ + "/port"},
                                                            {"--data-dir", data_dir_},
                                                            {"--region", "local"},
                                                            {"--log-level", "warn"}};
  if (options_.threads > 0) {
    flags.emplace_back("--threads", std::to_string(options_.threads));
  }
  if (options_.pg_pool_size > 0) {
    flags.emplace_back("--pg-pool-size", std::to_string(options_.pg_pool_size));
  }
  std::vector<std::string> args = {options_.wsappd_path};
  for (const auto& [flag, value] : flags) {
    args.push_back(flag);
    args.push_back(value);
  }
  // The first-start settings that every instance over one store shares.
  std::vector<std::string> env = {
      "WSAPP_STORE=" + options_.store_url,
      std::string("WSAPP_ACCOUNT=") + kTestAccountName,
      std::string("WSAPP_ROOT_PASSWORD=") + kTestRootPassword,
      std::string("WSAPP_ROOT_ACCESS_KEY=") + kTestAccessKey,
      std::string("WSAPP_ROOT_SECRET_KEY=") + kTestSecretKey,
      "WSAPP_PROJECT_ID=" + options_.project_id,
  };
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (!StartsWith(*entry, "WSAPP_")) {
      env.push_back(*entry);
    }
  }
  std::vector<char*> argv = Pointers(args);
  std::vector<char*> envp = Pointers(env);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, LogPath().c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data()) != 0) {
    pid_ = -1;
  }
  posix_spawn_file_actions_destroy(&actions);
}

WsappdProcess::~WsappdProcess() {
  Stop();
  // The data directory, with the log, stays for the investigation of a failed test.
  if (!::testing::Test::HasFailure()) {
    std::error_code ignored;
    std::filesystem::remove_all(data_dir_, ignored);
  }
}

Status WsappdProcess::WaitUntilReady() {
  if (pid_ <= 0) {
    return InternalError("cannot spawn " + options_.wsappd_path);
  }
  const auto deadline = std::chrono::steady_clock::now() + kStartupBound;
  static const std::regex kPortLine("^([0-9]+)\n$");
  while (port_ == 0) {
    if (HasExited() || std::chrono::steady_clock::now() > deadline) {
      return InternalError("wsappd " + name() + " did not start:\n" + Log());
    }
    std::smatch match;
    std::string content = ReadFile(data_dir_ + "/port");
    if (std::regex_match(content, match, kPortLine)) {
      port_ = static_cast<uint16_t>(std::stoi(match[1]));
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  HttpClient client(port_, std::chrono::seconds(5));
  while (client.Send(MakeRequest("GET", "/readyz")).status != 200) {
    if (HasExited() || std::chrono::steady_clock::now() > deadline) {
      return InternalError("wsappd " + name() + " never became ready:\n" + Log());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return OkStatus();
}

int WsappdProcess::Stop() {
  if (pid_ <= 0) {
    return -1;
  }
  kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + kStopBound;
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  pid_ = -1;
  return status;
}

Result<std::string> WsappdProcess::IssueRootToken() const {
  nlohmann::json user = {{"domain", {{"name", kTestAccountName}}},
                         {"name", kTestAccountName},
                         {"password", kTestRootPassword}};
  nlohmann::json body = {
      {"auth",
       {{"identity", {{"methods", {"password"}}, {"password", {{"user", user}}}}},
        {"scope", {{"project", {{"id", options_.project_id}}}}}}}};
  HttpClient client(port_);
  ClientResponse response = client.Send(
      MakeRequest("POST", "/v3/auth/tokens", {{"Content-Type", "application/json"}}, body.dump()));
  if (response.status != 201 || response.Header("X-Subject-Token").empty()) {
    return InternalError("POST /v3/auth/tokens answered " + std::to_string(response.status) + ": " +
                         response.body);
  }
  return response.Header("X-Subject-Token");
}

std::string WsappdProcess::Log() const { return ReadFile(LogPath()); }

std::string WsappdProcess::LogPath() const { return data_dir_ + "/wsappd.log"; }

bool WsappdProcess::HasExited() {
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) != pid_) {
    return false;
  }
  pid_ = -1;
  return true;
}

}  // namespace wsapp::testing
