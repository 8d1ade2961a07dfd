// Store conformance, part three: node leases (D13), settings, signing keys, identity and audit.
// The fixture and the list of backends are in store_conformance.h.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "store/store.h"
#include "store/store_conformance.h"
#include "support/status_matchers.h"

namespace wsapp::store::conformance {
namespace {

// --- Node leases (D13) --------------------------------------------------------------------

class NodeLeaseConformanceTest : public StoreConformanceTest {
 protected:
  Result<int> Lease(const std::string& holder, int64_t now_millis, int64_t expires_at_millis) {
    WSAPP_ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> unit, store_->Begin(Mode::kWrite));
    WSAPP_ASSIGN_OR_RETURN(int node_id, unit->LeaseNodeId(holder, now_millis, expires_at_millis));
    WSAPP_RETURN_IF_ERROR(unit->Commit());
    return node_id;
  }

  Status Renew(int node_id, const std::string& holder, int64_t expires_at_millis) {
    return InUnit(
        [&](UnitOfWork& unit) { return unit.RenewNodeLease(node_id, holder, expires_at_millis); });
  }

  Status Release(int node_id, const std::string& holder) {
    return InUnit([&](UnitOfWork& unit) { return unit.ReleaseNodeId(node_id, holder); });
  }
};

TEST_P(NodeLeaseConformanceTest, LeasesTakeTheLowestFreeId) {
  Result<int> first = Lease("host-a", 1000, 60000);
  Result<int> second = Lease("host-b", 1000, 60000);
  Result<int> third = Lease("host-c", 1000, 60000);

  ASSERT_OK(first);
  ASSERT_OK(second);
  ASSERT_OK(third);
  EXPECT_EQ(*first, 0);
  EXPECT_EQ(*second, 1);
  EXPECT_EQ(*third, 2);
}

TEST_P(NodeLeaseConformanceTest, ReleasedIdIsLeasedAgain) {
  ASSERT_OK(Lease("host-a", 1000, 60000));
  Result<int> released = Lease("host-b", 1000, 60000);
  ASSERT_OK(released);
  ASSERT_OK(Lease("host-c", 1000, 60000));

  ASSERT_OK(Release(*released, "host-b"));
  Result<int> next = Lease("host-d", 1000, 60000);

  ASSERT_OK(next);
  EXPECT_EQ(*next, *released);
}

TEST_P(NodeLeaseConformanceTest, ExpiredLeaseIsReusable) {
  ASSERT_OK(Lease("host-a", 1000, 2000));
  ASSERT_OK(Lease("host-b", 1000, 90000));

  Result<int> after_expiry = Lease("host-c", 5000, 65000);

  ASSERT_OK(after_expiry);
  EXPECT_EQ(*after_expiry, 0);
}

TEST_P(NodeLeaseConformanceTest, LiveLeaseIsNotTakenOver) {
  ASSERT_OK(Lease("host-a", 1000, 60000));

  Result<int> other = Lease("host-b", 59000, 120000);

  ASSERT_OK(other);
  EXPECT_EQ(*other, 1);
}

TEST_P(NodeLeaseConformanceTest, RenewingALostLeaseIsNotFound) {
  Result<int> lost = Lease("host-a", 1000, 2000);
  ASSERT_OK(lost);
  Result<int> taken = Lease("host-b", 5000, 65000);
  ASSERT_OK(taken);
  ASSERT_EQ(*taken, *lost);

  Status renewed = Renew(*lost, "host-a", 70000);

  ASSERT_FALSE(renewed.ok());
  EXPECT_EQ(renewed.error().code, ErrorCode::kNotFound);
}

TEST_P(NodeLeaseConformanceTest, RenewingANeverLeasedIdIsNotFound) {
  Status renewed = Renew(17, "host-a", 70000);

  ASSERT_FALSE(renewed.ok());
  EXPECT_EQ(renewed.error().code, ErrorCode::kNotFound);
}

TEST_P(NodeLeaseConformanceTest, RenewalExtendsTheLease) {
  Result<int> held = Lease("host-a", 1000, 2000);
  ASSERT_OK(held);

  ASSERT_OK(Renew(*held, "host-a", 90000));
  Result<int> other = Lease("host-b", 5000, 65000);

  ASSERT_OK(other);
  EXPECT_NE(*other, *held);
}

TEST_P(NodeLeaseConformanceTest, ReleaseByAnotherHolderKeepsTheLease) {
  Result<int> held = Lease("host-a", 1000, 60000);
  ASSERT_OK(held);

  ASSERT_OK(Release(*held, "host-b"));
  Result<int> other = Lease("host-c", 1000, 60000);

  ASSERT_OK(other);
  EXPECT_NE(*other, *held);
  EXPECT_OK(Renew(*held, "host-a", 70000));
}

TEST_P(NodeLeaseConformanceTest, AllIdsHeldIsResourceExhausted) {
  Result<std::unique_ptr<UnitOfWork>> unit = store_->Begin(Mode::kWrite);
  ASSERT_OK(unit);
  for (int i = 0; i < 256; ++i) {
    Result<int> leased = (*unit)->LeaseNodeId("host-" + std::to_string(i), 1000, 60000);
    ASSERT_OK(leased);
    ASSERT_EQ(*leased, i);
  }

  Result<int> one_more = (*unit)->LeaseNodeId("host-256", 1000, 60000);

  ASSERT_FALSE(one_more.ok());
  EXPECT_EQ(one_more.error().code, ErrorCode::kResourceExhausted);
}

// --- Settings and identity ----------------------------------------------------------------

class IdentityConformanceTest : public StoreConformanceTest {};

TEST_P(IdentityConformanceTest, SettingsAreAbsentUntilPutAndPutOverwrites) {
  auto read_region = [this] {
    return Read<std::optional<std::string>>(
        [](UnitOfWork& unit) { return unit.GetSetting("region"); });
  };
  Result<std::optional<std::string>> before = read_region();

  ASSERT_OK(InUnit([](UnitOfWork& unit) { return unit.PutSetting("region", "cn-north-4"); }));
  Result<std::optional<std::string>> first = read_region();
  ASSERT_OK(InUnit([](UnitOfWork& unit) { return unit.PutSetting("region", "ap-southeast-1"); }));
  Result<std::optional<std::string>> second = read_region();

  ASSERT_OK(before);
  ASSERT_OK(first);
  ASSERT_OK(second);
  EXPECT_FALSE(before->has_value());
  EXPECT_EQ(first->value_or(""), "cn-north-4");
  EXPECT_EQ(second->value_or(""), "ap-southeast-1");
}

TEST_P(IdentityConformanceTest, NewestSigningKeyIsTheLatestCreated) {
  Result<std::optional<domain::SigningKey>> none = Read<std::optional<domain::SigningKey>>(
      [](UnitOfWork& unit) { return unit.FindNewestSigningKey(); });
  ASSERT_OK(InUnit([](UnitOfWork& unit) -> Status {
    WSAPP_RETURN_IF_ERROR(unit.InsertSigningKey({"key-new", "secret-new", 3000}));
    WSAPP_RETURN_IF_ERROR(unit.InsertSigningKey({"key-old", "secret-old", 1000}));
    return unit.InsertSigningKey({"key-mid", "secret-mid", 2000});
  }));

  Result<std::optional<domain::SigningKey>> newest = Read<std::optional<domain::SigningKey>>(
      [](UnitOfWork& unit) { return unit.FindNewestSigningKey(); });

  ASSERT_OK(none);
  ASSERT_OK(newest);
  EXPECT_FALSE(none->has_value());
  ASSERT_TRUE(newest->has_value());
  EXPECT_EQ((*newest)->key_id, "key-new");
  EXPECT_EQ((*newest)->secret, "secret-new");
  EXPECT_EQ((*newest)->created_at_millis, 3000);
}

TEST_P(IdentityConformanceTest, SigningKeySecretKeepsEveryByte) {
  std::string secret;
  for (int i = 0; i < 256; ++i) {
    secret.push_back(static_cast<char>(i));
  }
  ASSERT_OK(InUnit([&](UnitOfWork& unit) { return unit.InsertSigningKey({"key-1", secret, 1}); }));

  Result<std::optional<domain::SigningKey>> found = Read<std::optional<domain::SigningKey>>(
      [](UnitOfWork& unit) { return unit.FindSigningKey("key-1"); });
  Result<std::optional<domain::SigningKey>> unknown = Read<std::optional<domain::SigningKey>>(
      [](UnitOfWork& unit) { return unit.FindSigningKey("key-2"); });

  ASSERT_OK(found);
  ASSERT_OK(unknown);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->secret, secret);
  EXPECT_FALSE(unknown->has_value());
}

TEST_P(IdentityConformanceTest, DuplicateSigningKeyIdIsAlreadyExists) {
  ASSERT_OK(InUnit([](UnitOfWork& unit) { return unit.InsertSigningKey({"key-1", "a", 1}); }));

  Status duplicate = InUnit([](UnitOfWork& unit) {
    return unit.InsertSigningKey({"key-1", "b", 2});
  });

  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code, ErrorCode::kAlreadyExists);
}

TEST_P(IdentityConformanceTest, UsersAreFoundByIdAndByNameWithinTheirAccount) {
  domain::User user;
  user.id = "user-1";
  user.account_id = kAccountId;
  user.name = "alice";
  user.password_hash = "hash";
  user.password_salt = "salt";
  user.is_root = true;
  user.is_enabled = false;
  user.revocation_counter = 4;
  ASSERT_OK(InUnit([&](UnitOfWork& unit) { return unit.InsertUser(user); }));

  Result<std::optional<domain::User>> by_id = Read<std::optional<domain::User>>(
      [](UnitOfWork& unit) { return unit.FindUserById("user-1"); });
  Result<std::optional<domain::User>> by_name = Read<std::optional<domain::User>>(
      [](UnitOfWork& unit) { return unit.FindUserByName(kAccountId, "alice"); });
  Result<std::optional<domain::User>> other_account = Read<std::optional<domain::User>>(
      [](UnitOfWork& unit) { return unit.FindUserByName("other", "alice"); });

  ASSERT_OK(by_id);
  ASSERT_OK(by_name);
  ASSERT_OK(other_account);
  ASSERT_TRUE(by_id->has_value());
  EXPECT_EQ((*by_id)->name, "alice");
  EXPECT_EQ((*by_id)->password_hash, "hash");
  EXPECT_EQ((*by_id)->password_salt, "salt");
  EXPECT_TRUE((*by_id)->is_root);
  EXPECT_FALSE((*by_id)->is_enabled);
  EXPECT_EQ((*by_id)->revocation_counter, 4);
  ASSERT_TRUE(by_name->has_value());
  EXPECT_EQ((*by_name)->id, "user-1");
  EXPECT_FALSE(other_account->has_value());
}

TEST_P(IdentityConformanceTest, DuplicateUserNameInAnAccountIsAlreadyExists) {
  domain::User user;
  user.id = "user-1";
  user.account_id = kAccountId;
  user.name = "alice";
  ASSERT_OK(InUnit([&](UnitOfWork& unit) { return unit.InsertUser(user); }));
  user.id = "user-2";

  Status duplicate = InUnit([&](UnitOfWork& unit) { return unit.InsertUser(user); });

  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code, ErrorCode::kAlreadyExists);
}

TEST_P(IdentityConformanceTest, AccessKeysAreFoundByKey) {
  domain::User user;
  user.id = "user-1";
  user.account_id = kAccountId;
  user.name = "alice";
  ASSERT_OK(InUnit([&](UnitOfWork& unit) -> Status {
    WSAPP_RETURN_IF_ERROR(unit.InsertUser(user));
    return unit.InsertAccessKey({"AK1", "SK1", "user-1", false, 1234});
  }));

  Result<std::optional<domain::AccessKey>> found = Read<std::optional<domain::AccessKey>>(
      [](UnitOfWork& unit) { return unit.FindAccessKey("AK1"); });
  Result<std::optional<domain::AccessKey>> unknown = Read<std::optional<domain::AccessKey>>(
      [](UnitOfWork& unit) { return unit.FindAccessKey("ak1"); });

  ASSERT_OK(found);
  ASSERT_OK(unknown);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->secret_key, "SK1");
  EXPECT_EQ((*found)->user_id, "user-1");
  EXPECT_FALSE((*found)->is_enabled);
  EXPECT_EQ((*found)->created_at_millis, 1234);
  EXPECT_FALSE(unknown->has_value());
}

TEST_P(IdentityConformanceTest, AnAccessKeyIsFoundWithItsUserInOneRead) {
  domain::User user;
  user.id = "user-1";
  user.account_id = kAccountId;
  user.name = "alice";
  user.is_root = true;
  user.revocation_counter = 7;
  ASSERT_OK(InUnit([&](UnitOfWork& unit) -> Status {
    WSAPP_RETURN_IF_ERROR(unit.InsertUser(user));
    return unit.InsertAccessKey({"AK1", "SK1", "user-1", true, 1234});
  }));

  auto found = Read<std::optional<UnitOfWork::KeyAndUser>>(
      [](UnitOfWork& unit) { return unit.FindAccessKeyAndUser("AK1"); });
  auto unknown = Read<std::optional<UnitOfWork::KeyAndUser>>(
      [](UnitOfWork& unit) { return unit.FindAccessKeyAndUser("ak1"); });

  ASSERT_OK(found);
  ASSERT_OK(unknown);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->key.secret_key, "SK1");
  EXPECT_EQ((*found)->key.user_id, "user-1");
  EXPECT_TRUE((*found)->key.is_enabled);
  EXPECT_EQ((*found)->key.created_at_millis, 1234);
  ASSERT_TRUE((*found)->user.has_value());
  EXPECT_EQ((*found)->user->id, "user-1");
  EXPECT_EQ((*found)->user->account_id, kAccountId);
  EXPECT_EQ((*found)->user->name, "alice");
  EXPECT_TRUE((*found)->user->is_root);
  EXPECT_TRUE((*found)->user->is_enabled);
  EXPECT_EQ((*found)->user->revocation_counter, 7);
  EXPECT_FALSE(unknown->has_value());
}

TEST_P(IdentityConformanceTest, AccountsAndProjectsAreFound) {
  Result<int64_t> count = Read<int64_t>([](UnitOfWork& unit) { return unit.CountAccounts(); });
  Result<std::optional<domain::Account>> first = Read<std::optional<domain::Account>>(
      [](UnitOfWork& unit) { return unit.FindFirstAccount(); });
  Result<std::optional<domain::Account>> by_name = Read<std::optional<domain::Account>>(
      [](UnitOfWork& unit) { return unit.FindAccountByName("acme"); });
  Result<std::vector<domain::Project>> projects = Read<std::vector<domain::Project>>(
      [](UnitOfWork& unit) { return unit.ListProjects(kAccountId, ""); });
  Result<std::vector<domain::Project>> named = Read<std::vector<domain::Project>>(
      [](UnitOfWork& unit) { return unit.ListProjects(kAccountId, "cn-north-4"); });

  ASSERT_OK(count);
  ASSERT_OK(first);
  ASSERT_OK(by_name);
  ASSERT_OK(projects);
  ASSERT_OK(named);
  EXPECT_EQ(*count, 1);
  ASSERT_TRUE(first->has_value());
  EXPECT_EQ((*first)->id, kAccountId);
  ASSERT_TRUE(by_name->has_value());
  EXPECT_EQ((*by_name)->id, kAccountId);
  EXPECT_EQ(IdsOf(*projects), (std::vector<std::string>{kProjectId, kOtherProjectId}));
  EXPECT_EQ(IdsOf(*named), (std::vector<std::string>{kProjectId}));
}

TEST_P(IdentityConformanceTest, DuplicateProjectNameInAnAccountIsAlreadyExists) {
  Status duplicate = InUnit([](UnitOfWork& unit) {
    return unit.InsertProject({"prj-3", kAccountId, "cn-north-4", ""});
  });

  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code, ErrorCode::kAlreadyExists);
}

TEST_P(IdentityConformanceTest, AuditRecordsAreAppended) {
  domain::AuditRecord record;
  record.at_millis = 1000;
  record.request_id = "req-1";
  record.principal_id = "user-1";
  record.principal_name = "alice";
  record.project_id = kProjectId;
  record.action = "workspace:app:unpublish";
  record.outcome = "success";
  record.detail_json = "{}";

  Status appended = InUnit([&](UnitOfWork& unit) -> Status {
    WSAPP_RETURN_IF_ERROR(unit.AppendAudit(record));
    return unit.AppendAudit(record);
  });

  EXPECT_OK(appended);
}

INSTANTIATE_TEST_SUITE_P(Backends, NodeLeaseConformanceTest, ::testing::ValuesIn(Backends()),
                         BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, IdentityConformanceTest, ::testing::ValuesIn(Backends()),
                         BackendName);

}  // namespace
}  // namespace wsapp::store::conformance
