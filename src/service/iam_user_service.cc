#include "service/iam_user_service.h"

#include <nlohmann/json.hpp>

#include "common/crypto.h"
#include "common/password.h"
#include "service/unit_runner.h"

namespace wsapp::service {
namespace {

constexpr size_t kAccessKeyChars = 20;
constexpr size_t kSecretKeyBytes = 30;  // 40 characters of URL-safe base64

// 20 characters of A-Z and 2-7: each random byte picks one of 32 symbols, so none is favoured.
Result<std::string> NewAccessKeyId() {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  WSAPP_ASSIGN_OR_RETURN(std::string bytes, RandomBytes(kAccessKeyChars));
  std::string id;
  for (char byte : bytes) {
    id.push_back(kAlphabet[static_cast<unsigned char>(byte) & 31]);
  }
  return id;
}

Error RootUserRefused(const std::string& what) {
  return InvalidArgument("The root user cannot be " + what + ".", "root_user");
}

nlohmann::json UserResource(const domain::User& user, const std::string& outcome) {
  return {{"type", "iam_user"}, {"id", user.id}, {"name", user.name}, {"outcome", outcome}};
}

Result<domain::LoginProfile> RequireProfile(store::UnitOfWork& unit, const std::string& user_id) {
  WSAPP_ASSIGN_OR_RETURN(auto profile, unit.FindLoginProfile(user_id));
  if (!profile) {
    return IamNotFound("login profile of user", user_id);
  }
  return *profile;
}

}  // namespace

Error IamNotFound(const std::string& kind, const std::string& id) {
  return MakeError(ErrorCode::kNotFound, "The " + kind + " " + id + " does not exist.",
                   "iam_entity_not_found");
}

Error IamAlreadyExists(const std::string& kind, const std::string& name) {
  return MakeError(ErrorCode::kAlreadyExists, "A " + kind + " named " + name + " already exists.",
                   "iam_entity_exists");
}

Result<domain::User> RequireIamUser(store::UnitOfWork& unit, const std::string& account_id,
                                    const std::string& user_id) {
  WSAPP_ASSIGN_OR_RETURN(auto user, unit.FindIamUser(account_id, user_id));
  if (!user) {
    return IamNotFound("user", user_id);
  }
  return *user;
}

IamUserService::IamUserService(store::Store& store) : store_(store) {}

Result<domain::User> IamUserService::CreateUser(const RequestContext& context,
                                                const std::string& name,
                                                const std::string& description, bool is_enabled) {
  domain::User user;
  WSAPP_ASSIGN_OR_RETURN(user.id, RandomHexId());
  user.account_id = context.account_id;
  user.name = name;
  user.description = description;
  user.is_enabled = is_enabled;
  user.created_at_millis = context.now_millis;

  WSAPP_RETURN_IF_ERROR(RunAudited(store_, context, "iam:users:createUserV5",
                                   [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
                                     Status inserted = unit.InsertIamUser(user);
                                     if (!inserted.ok() &&
                                         inserted.error().code == ErrorCode::kAlreadyExists) {
                                       return IamAlreadyExists("user", name);
                                     }
                                     detail["resources"] = {UserResource(user, "created")};
                                     return inserted;
                                   }));
  return user;
}

Result<domain::MarkerPage<domain::User>> IamUserService::ListUsers(
    const RequestContext& context, const domain::IamUserFilter& filter,
    const domain::MarkerPageRequest& page) {
  return RunRead<domain::MarkerPage<domain::User>>(
      store_, [&](store::UnitOfWork& unit) -> Result<domain::MarkerPage<domain::User>> {
        if (!filter.group_id.empty()) {
          WSAPP_ASSIGN_OR_RETURN(auto group,
                                 unit.FindIamGroup(context.account_id, filter.group_id));
          if (!group) {
            return IamNotFound("group", filter.group_id);
          }
        }
        return unit.ListIamUsers(context.account_id, filter, page);
      });
}

Result<domain::User> IamUserService::ShowUser(const RequestContext& context,
                                              const std::string& user_id) {
  return RunRead<domain::User>(store_, [&](store::UnitOfWork& unit) {
    return RequireIamUser(unit, context.account_id, user_id);
  });
}

Result<domain::User> IamUserService::UpdateUser(const RequestContext& context,
                                                const std::string& user_id,
                                                const IamUserChange& change) {
  domain::User user;
  WSAPP_RETURN_IF_ERROR(
      RunAudited(store_, context, "iam:users:updateUserV5",
                 [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
                   WSAPP_ASSIGN_OR_RETURN(user, RequireIamUser(unit, context.account_id, user_id));
                   if (change.is_enabled && !*change.is_enabled && user.is_root) {
                     return RootUserRefused("disabled");
                   }
                   // D16: a disable (or re-enable) moves the counter, so no earlier token verifies
                   // again.
                   if (change.is_enabled && *change.is_enabled != user.is_enabled) {
                     user.is_enabled = *change.is_enabled;
                     ++user.revocation_counter;
                   }
                   user.name = change.name.value_or(user.name);
                   user.description = change.description.value_or(user.description);
                   Status updated = unit.UpdateIamUser(user);
                   if (!updated.ok() && updated.error().code == ErrorCode::kAlreadyExists) {
                     return IamAlreadyExists("user", user.name);
                   }
                   detail["resources"] = {UserResource(user, "updated")};
                   return updated;
                 }));
  return user;
}

Status IamUserService::DeleteUser(const RequestContext& context, const std::string& user_id) {
  return RunAudited(store_, context, "iam:users:deleteUserV5",
                    [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
                      WSAPP_ASSIGN_OR_RETURN(auto user,
                                             RequireIamUser(unit, context.account_id, user_id));
                      if (user.is_root) {
                        return RootUserRefused("deleted");
                      }
                      WSAPP_RETURN_IF_ERROR(unit.DeleteIamUser(context.account_id, user_id));
                      detail["resources"] = {UserResource(user, "deleted")};
                      return OkStatus();
                    });
}

Result<domain::LoginProfile> IamUserService::CreateLoginProfile(const RequestContext& context,
                                                                const std::string& user_id,
                                                                const std::string& password,
                                                                bool password_reset_required) {
  // Hashed before the unit opens: PBKDF2 is slow and must not hold the write lock.
  WSAPP_ASSIGN_OR_RETURN(PasswordHash hash, HashPassword(password));
  domain::LoginProfile profile{user_id, password_reset_required, context.now_millis};

  WSAPP_RETURN_IF_ERROR(RunAudited(
      store_, context, "iam:users:createLoginProfileV5",
      [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        WSAPP_ASSIGN_OR_RETURN(auto user, RequireIamUser(unit, context.account_id, user_id));
        Status inserted = unit.InsertLoginProfile(profile, hash);
        if (!inserted.ok() && inserted.error().code == ErrorCode::kAlreadyExists) {
          return MakeError(ErrorCode::kAlreadyExists,
                           "The user " + user_id + " already has a login profile.",
                           "iam_entity_exists");
        }
        detail["resources"] = {UserResource(user, "login_profile_created")};
        return inserted;
      }));
  return profile;
}

Result<domain::LoginProfile> IamUserService::ShowLoginProfile(const RequestContext& context,
                                                              const std::string& user_id) {
  return RunRead<domain::LoginProfile>(
      store_, [&](store::UnitOfWork& unit) -> Result<domain::LoginProfile> {
        WSAPP_RETURN_IF_ERROR(RequireIamUser(unit, context.account_id, user_id));
        return RequireProfile(unit, user_id);
      });
}

Result<domain::LoginProfile> IamUserService::UpdateLoginProfile(const RequestContext& context,
                                                                const std::string& user_id,
                                                                const LoginProfileChange& change) {
  std::optional<PasswordHash> hash;
  if (change.password) {
    WSAPP_ASSIGN_OR_RETURN(hash, HashPassword(*change.password));
  }
  domain::LoginProfile profile;
  WSAPP_RETURN_IF_ERROR(RunAudited(
      store_, context, "iam:users:updateLoginProfileV5",
      [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
        WSAPP_ASSIGN_OR_RETURN(auto user, RequireIamUser(unit, context.account_id, user_id));
        WSAPP_ASSIGN_OR_RETURN(profile, RequireProfile(unit, user_id));
        profile.password_reset_required =
            change.password_reset_required.value_or(profile.password_reset_required);
        WSAPP_RETURN_IF_ERROR(unit.UpdateLoginProfile(profile, hash));
        detail["resources"] = {UserResource(user, hash ? "password_changed" : "updated")};
        return OkStatus();
      }));
  return profile;
}

Status IamUserService::DeleteLoginProfile(const RequestContext& context,
                                          const std::string& user_id) {
  return RunAudited(store_, context, "iam:users:deleteLoginProfileV5",
                    [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
                      WSAPP_ASSIGN_OR_RETURN(auto user,
                                             RequireIamUser(unit, context.account_id, user_id));
                      WSAPP_ASSIGN_OR_RETURN(bool removed, unit.DeleteLoginProfile(user_id));
                      if (!removed) {
                        return IamNotFound("login profile of user", user_id);
                      }
                      detail["resources"] = {UserResource(user, "login_profile_deleted")};
                      return OkStatus();
                    });
}

Result<domain::AccessKey> IamUserService::CreateAccessKey(const RequestContext& context,
                                                          const std::string& user_id) {
  domain::AccessKey key;
  WSAPP_ASSIGN_OR_RETURN(key.access_key, NewAccessKeyId());
  WSAPP_ASSIGN_OR_RETURN(std::string secret_bytes, RandomBytes(kSecretKeyBytes));
  key.secret_key = Base64UrlEncode(secret_bytes);
  key.user_id = user_id;
  key.created_at_millis = context.now_millis;

  WSAPP_RETURN_IF_ERROR(
      RunAudited(store_, context, "iam:credentials:createAccessKeyV5",
                 [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
                   WSAPP_RETURN_IF_ERROR(RequireIamUser(unit, context.account_id, user_id));
                   WSAPP_ASSIGN_OR_RETURN(auto keys, unit.ListUserAccessKeys(user_id));
                   if (keys.size() >= kMaxAccessKeysPerUser) {
                     return MakeError(ErrorCode::kResourceExhausted,
                                      "access keys per user limit exceeded", "iam_quota_exceeded");
                   }
                   WSAPP_RETURN_IF_ERROR(unit.InsertAccessKey(key));
                   // The secret never goes into the audit record.
                   detail["resources"] = {{{"type", "access_key"},
                                           {"id", key.access_key},
                                           {"user_id", user_id},
                                           {"outcome", "created"}}};
                   return OkStatus();
                 }));
  return key;
}

Result<std::vector<domain::AccessKey>> IamUserService::ListAccessKeys(const RequestContext& context,
                                                                      const std::string& user_id) {
  return RunRead<std::vector<domain::AccessKey>>(
      store_, [&](store::UnitOfWork& unit) -> Result<std::vector<domain::AccessKey>> {
        WSAPP_RETURN_IF_ERROR(RequireIamUser(unit, context.account_id, user_id));
        return unit.ListUserAccessKeys(user_id);
      });
}

Result<domain::AccessKey> IamUserService::SetAccessKeyEnabled(const RequestContext& context,
                                                              const std::string& user_id,
                                                              const std::string& access_key,
                                                              bool is_enabled) {
  domain::AccessKey key;
  WSAPP_RETURN_IF_ERROR(
      RunAudited(store_, context, "iam:credentials:updateAccessKeyV5",
                 [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
                   WSAPP_RETURN_IF_ERROR(RequireIamUser(unit, context.account_id, user_id));
                   WSAPP_ASSIGN_OR_RETURN(
                       bool found, unit.SetAccessKeyEnabled(user_id, access_key, is_enabled));
                   WSAPP_ASSIGN_OR_RETURN(auto stored, unit.FindAccessKey(access_key));
                   if (!found || !stored) {
                     return IamNotFound("access key", access_key);
                   }
                   key = *stored;
                   detail["resources"] = {{{"type", "access_key"},
                                           {"id", access_key},
                                           {"user_id", user_id},
                                           {"outcome", is_enabled ? "enabled" : "disabled"}}};
                   return OkStatus();
                 }));
  return key;
}

Status IamUserService::DeleteAccessKey(const RequestContext& context, const std::string& user_id,
                                       const std::string& access_key) {
  return RunAudited(store_, context, "iam:credentials:deleteAccessKeyV5",
                    [&](store::UnitOfWork& unit, nlohmann::json& detail) -> Status {
                      WSAPP_RETURN_IF_ERROR(RequireIamUser(unit, context.account_id, user_id));
                      WSAPP_ASSIGN_OR_RETURN(bool removed,
                                             unit.DeleteAccessKey(user_id, access_key));
                      if (!removed) {
                        return IamNotFound("access key", access_key);
                      }
                      detail["resources"] = {{{"type", "access_key"},
                                              {"id", access_key},
                                              {"user_id", user_id},
                                              {"outcome", "deleted"}}};
                      return OkStatus();
                    });
}

std::string IamUserService::UrnName(const std::string& account_id, const std::string& id) {
  auto name = RunRead<std::string>(store_, [&](store::UnitOfWork& unit) -> Result<std::string> {
    WSAPP_ASSIGN_OR_RETURN(auto found, unit.FindIamUser(account_id, id));
    return found ? found->name : id;
  });
  return name.ok() ? *name : id;
}

}  // namespace wsapp::service
