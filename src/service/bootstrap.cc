#include "service/bootstrap.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "common/crypto.h"
#include "common/password.h"
#include "common/time_format.h"
#include "domain/audit.h"

namespace wsapp::service {
namespace {

constexpr char kRegionSetting[] = "region";
constexpr char kSystemActor[] = "system";

// Random characters from `alphabet`; modulo bias is negligible for 256 % 62 and irrelevant here.
Result<std::string> RandomString(size_t length, std::string_view alphabet) {
  WSAPP_ASSIGN_OR_RETURN(std::string bytes, RandomBytes(length));
  std::string out;
  for (unsigned char byte : bytes) {
    out.push_back(alphabet[byte % alphabet.size()]);
  }
  return out;
}

constexpr std::string_view kUpperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr std::string_view kAlnum =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

// Writes the file with mode 0600 from its creation, so the secrets are never world-readable.
Status WriteSecretFile(const std::string& path, const std::string& content) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return InternalError("cannot create " + path);
  }
  bool is_written = fchmod(fd, 0600) == 0 &&
                    write(fd, content.data(), content.size()) == ssize_t(content.size()) &&
                    fsync(fd) == 0;
  close(fd);
  if (!is_written) {
    return InternalError("cannot write " + path);
  }
  return OkStatus();
}

// A token signing key: 256 random bits under a random id.
Result<domain::SigningKey> NewSigningKey(const Clock& clock) {
  domain::SigningKey key;
  WSAPP_ASSIGN_OR_RETURN(key.key_id, RandomHexId());
  WSAPP_ASSIGN_OR_RETURN(key.secret, RandomBytes(32));
  key.created_at_millis = ToUnixMillis(clock.Now());
  return key;
}

Status AppendSystemAudit(store::UnitOfWork& unit, const Clock& clock, const std::string& account_id,
                         const std::string& project, const std::string& action,
                         const nlohmann::json& detail) {
  domain::AuditRecord record;
  record.at_millis = ToUnixMillis(clock.Now());
  record.account_id = account_id;
  record.request_id = "startup";
  record.principal_id = kSystemActor;
  record.principal_name = kSystemActor;
  record.project_id = project;
  record.action = action;
  record.outcome = "success";
  record.detail_json = detail.dump();
  return unit.AppendAudit(record);
}

}  // namespace

// One attempt of EnsureRegion.
static Status EnsureRegionOnce(store::Store& store, const std::string& region) {
  WSAPP_ASSIGN_OR_RETURN(auto unit, store.Begin(store::Store::Mode::kWrite));
  WSAPP_ASSIGN_OR_RETURN(auto stored, unit->GetSetting(kRegionSetting));
  if (stored && *stored != region) {
    return MakeError(ErrorCode::kFailedPrecondition, "the store belongs to region '" + *stored +
                                                         "', not '" + region +
                                                         "'; start with --region " + *stored);
  }
  if (!stored) {
    WSAPP_RETURN_IF_ERROR(unit->PutSetting(kRegionSetting, region));
  }
  return unit->Commit();
}

// One attempt of EnsureFirstStart.
static Result<FirstStartResult> EnsureFirstStartOnce(store::Store& store, const Clock& clock,
                                                     const std::string& region,
                                                     const FirstStartConfig& config) {
  WSAPP_ASSIGN_OR_RETURN(auto unit, store.Begin(store::Store::Mode::kWrite));
  FirstStartResult result;
  WSAPP_ASSIGN_OR_RETURN(auto existing, unit->FindFirstAccount());
  if (existing) {
    result.account_id = existing->id;
    return result;
  }
  result.is_first_start = true;
  domain::Account account;
  WSAPP_ASSIGN_OR_RETURN(account.id, RandomHexId());
  account.name = config.account_name;
  result.account_id = account.id;
  WSAPP_RETURN_IF_ERROR(unit->InsertAccount(account));

  nlohmann::json generated = {{"account", account.name}, {"user", account.name}};
  std::string password;
  if (config.root_password) {
    password = *config.root_password;
  } else {
    WSAPP_ASSIGN_OR_RETURN(password, RandomString(24, kAlnum));
    generated["password"] = password;
  }
  domain::User root;
  WSAPP_ASSIGN_OR_RETURN(root.id, RandomHexId());
  root.account_id = account.id;
  root.name = account.name;
  root.is_root = true;
  WSAPP_ASSIGN_OR_RETURN(PasswordHash hash, HashPassword(password));
  root.password_hash = hash.hash_hex;
  root.password_salt = hash.salt_hex;
  WSAPP_RETURN_IF_ERROR(unit->InsertUser(root));

  domain::AccessKey key;
  key.user_id = root.id;
  key.created_at_millis = ToUnixMillis(clock.Now());
  if (config.root_access_key) {
    key.access_key = *config.root_access_key;
  } else {
    WSAPP_ASSIGN_OR_RETURN(key.access_key, RandomString(20, kUpperAlnum));
    generated["access_key"] = key.access_key;
  }
  if (config.root_secret_key) {
    key.secret_key = *config.root_secret_key;
  } else {
    WSAPP_ASSIGN_OR_RETURN(key.secret_key, RandomString(40, kAlnum));
    generated["access_key"] = key.access_key;
    generated["secret_key"] = key.secret_key;
  }
  WSAPP_RETURN_IF_ERROR(unit->InsertAccessKey(key));

  domain::Project project;
  if (config.project_id) {
    project.id = *config.project_id;
  } else if (config.is_demo) {
    project.id = std::string(kDemoProjectId);
  } else {
    WSAPP_ASSIGN_OR_RETURN(project.id, RandomHexId());
  }
  project.account_id = account.id;
  project.name = region;
  WSAPP_RETURN_IF_ERROR(unit->InsertProject(project));
  result.default_project_id = project.id;
  generated["project_id"] = project.id;

  WSAPP_ASSIGN_OR_RETURN(domain::SigningKey signing_key, NewSigningKey(clock));
  WSAPP_RETURN_IF_ERROR(unit->InsertSigningKey(signing_key));
  WSAPP_RETURN_IF_ERROR(
      AppendSystemAudit(*unit, clock, account.id, project.id, "wsapp:bootstrap:firstStart",
                        {{"resources",
                          {{{"type", "account"}, {"id", account.id}, {"outcome", "created"}},
                           {{"type", "user"}, {"id", root.id}, {"outcome", "created"}},
                           {{"type", "project"}, {"id", project.id}, {"outcome", "created"}}}}}));

  result.wrote_credentials = generated.contains("password") || generated.contains("secret_key");
  if (result.wrote_credentials) {
    WSAPP_RETURN_IF_ERROR(WriteSecretFile(config.credentials_path, generated.dump(2) + "\n"));
  }
  Status committed = unit->Commit();
  if (!committed.ok()) {
    if (result.wrote_credentials) {
      std::remove(config.credentials_path.c_str());
    }
    return committed.error();
  }
  return result;
}

// One attempt of RotateTokenSigningKey.
static Result<std::string> RotateTokenSigningKeyOnce(store::Store& store, const Clock& clock) {
  WSAPP_ASSIGN_OR_RETURN(auto unit, store.Begin(store::Store::Mode::kWrite));
  WSAPP_ASSIGN_OR_RETURN(domain::SigningKey key, NewSigningKey(clock));
  WSAPP_RETURN_IF_ERROR(unit->InsertSigningKey(key));
  // The key serves the whole deployment; its record goes to the account that first start
  // created, whose administrators run the deployment.
  WSAPP_ASSIGN_OR_RETURN(std::optional<domain::Account> first_account, unit->FindFirstAccount());
  WSAPP_RETURN_IF_ERROR(AppendSystemAudit(
      *unit, clock, first_account ? first_account->id : "", "",
      "wsapp:bootstrap:rotateTokenSigningKey",
      {{"resources",
        {{{"type", "tokenSigningKey"}, {"id", key.key_id}, {"outcome", "created"}}}}}));
  WSAPP_RETURN_IF_ERROR(unit->Commit());
  return key.key_id;
}

// Instances that start together over one PostgreSQL database race for these first writes; the
// loser of a serialization conflict runs again and finds the winner's rows.
Status EnsureRegion(store::Store& store, const std::string& region) {
  return store::RetryUnit(store, [&] { return EnsureRegionOnce(store, region); });
}

Result<FirstStartResult> EnsureFirstStart(store::Store& store, const Clock& clock,
                                          const std::string& region,
                                          const FirstStartConfig& config) {
  return store::RetryUnit(store,
                          [&] { return EnsureFirstStartOnce(store, clock, region, config); });
}

Result<std::string> RotateTokenSigningKey(store::Store& store, const Clock& clock) {
  return store::RetryUnit(store, [&] { return RotateTokenSigningKeyOnce(store, clock); });
}

}  // namespace wsapp::service
