#include "service/authorization_service.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "service/app_service.h"
#include "service/service_test_support.h"
#include "support/status_matchers.h"

namespace wsapp::service {
namespace {

using domain::AccountRef;
using domain::Authorization;
using wsapp::testing::kOtherProjectId;
using wsapp::testing::kProjectId;

AccountRef User(const std::string& name) {
  AccountRef account;
  account.account = name;
  account.account_type = "USER";
  return account;
}

AccountRef UserGroup(const std::string& name, const std::string& id) {
  AccountRef account;
  account.account = name;
  account.account_type = "USER_GROUP";
  account.id = id;
  return account;
}

// (group, app, account, account type) of each grant, for order-free comparison.
using GrantKey = std::tuple<std::string, std::string, std::string, std::string>;

std::set<GrantKey> KeysOf(const std::vector<Authorization>& grants) {
  std::set<GrantKey> keys;
  for (const Authorization& grant : grants) {
    keys.insert(
        {grant.app_group_id, grant.app_id, grant.account.account, grant.account.account_type});
  }
  return keys;
}

class AuthorizationServiceTest : public wsapp::testing::ServiceFixture {
 protected:
  void SetUp() override {
    ServiceFixture::SetUp();
    if (HasFatalFailure()) {
      return;
    }
    apps_ = std::make_unique<AppService>(*store_, ids_);
    service_ = std::make_unique<AuthorizationService>(*store_);
    ASSERT_OK(SeedGroup("group-shared", "shared", "APP_GROUP"));
    ASSERT_OK(SeedGroup("group-shared-2", "shared2", "APP_GROUP"));
    ASSERT_OK(SeedGroup("group-apps", "apps", "APP"));
    ASSERT_OK(SeedGroup("group-apps-2", "apps2", "APP"));
    ASSERT_OK(SeedGroup("group-apps-3", "apps3", "APP"));
    ASSERT_OK(SeedGroup("group-other-project", "apps", "APP", kOtherProjectId));
    ASSERT_OK(SeedDirectoryUser("u-1", "alice"));
    ASSERT_OK(SeedDirectoryUser("u-2", "alice2"));
    ASSERT_OK(SeedDirectoryGroup("ug-1", "devs"));
    word_ = PublishOne("group-apps", "Word");
    paint_ = PublishOne("group-apps-2", "Paint");
    visio_ = PublishOne("group-apps-3", "Visio");
  }

  std::string PublishOne(const std::string& group_id, const std::string& name) {
    domain::App app;
    app.name = name;
    app.execute_path = name + ".exe";
    Result<std::vector<domain::App>> published = apps_->Publish(context_, group_id, {app});
    EXPECT_TRUE(published.ok()) << wsapp::testing::DescribeError(published);
    return published.ok() ? published->at(0).id : std::string();
  }

  static void ExpectInvalid(const Status& status, const std::string& label) {
    ASSERT_FALSE(status.ok()) << label;
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument) << label;
  }

  std::unique_ptr<AppService> apps_;
  std::unique_ptr<AuthorizationService> service_;
  std::string word_;
  std::string paint_;
  std::string visio_;
};

TEST_F(AuthorizationServiceTest, GrantsEveryAccountEveryGroup) {
  NewAuthorizations request;
  request.app_group_ids = {"group-shared", "group-shared-2"};
  request.accounts = {User("alice"), UserGroup("devs", "ug-1")};

  Status added = service_->Add(context_, request);

  ASSERT_OK(added);
  const std::vector<Authorization> grants = AllGrants();
  EXPECT_EQ(KeysOf(grants), (std::set<GrantKey>{{"group-shared", "", "alice", "USER"},
                                                {"group-shared", "", "devs", "USER_GROUP"},
                                                {"group-shared-2", "", "alice", "USER"},
                                                {"group-shared-2", "", "devs", "USER_GROUP"}}));
  for (const Authorization& grant : grants) {
    EXPECT_EQ(grant.authorization_type, "APP_GROUP") << grant.id;
    EXPECT_EQ(grant.id.size(), 32u) << grant.id;
    EXPECT_EQ(grant.created_at_millis, context_.now_millis) << grant.id;
    EXPECT_EQ(grant.project_id, kProjectId) << grant.id;
  }
}

TEST_F(AuthorizationServiceTest, RepeatedGrantKeepsTheExistingOne) {
  NewAuthorizations request;
  request.app_group_ids = {"group-shared"};
  request.accounts = {User("alice")};
  ASSERT_OK(service_->Add(context_, request));
  const std::vector<Authorization> before = AllGrants();
  context_.now_millis += 1000;

  Status again = service_->Add(context_, request);

  ASSERT_OK(again);
  const std::vector<Authorization> after = AllGrants();
  ASSERT_EQ(after.size(), 1u);
  ASSERT_EQ(before.size(), 1u);
  EXPECT_EQ(after[0].id, before[0].id);
  EXPECT_EQ(after[0].created_at_millis, before[0].created_at_millis);
}

TEST_F(AuthorizationServiceTest, MixedAuthorizationTypesAreInvalid) {
  NewAuthorizations request;
  request.app_group_ids = {"group-shared", "group-apps"};
  request.accounts = {User("alice")};
  request.app_ids = {word_};

  Status added = service_->Add(context_, request);

  ExpectInvalid(added, "APP_GROUP then APP");
  EXPECT_TRUE(AllGrants().empty());
}

TEST_F(AuthorizationServiceTest, MixedAuthorizationTypesAreInvalidInEitherOrder) {
  NewAuthorizations request;
  request.app_group_ids = {"group-apps", "group-shared"};
  request.accounts = {User("alice")};

  Status added = service_->Add(context_, request);

  ExpectInvalid(added, "APP then APP_GROUP");
  EXPECT_TRUE(AllGrants().empty());
}

TEST_F(AuthorizationServiceTest, UnknownGroupIsNotFoundAndGrantsNothing) {
  const std::vector<std::vector<std::string>> cases = {
      {"missing"},
      {"group-shared", "missing"},
      {"group-other-project"},
  };

  for (const std::vector<std::string>& group_ids : cases) {
    NewAuthorizations request;
    request.app_group_ids = group_ids;
    request.accounts = {User("alice")};

    Status added = service_->Add(context_, request);

    ASSERT_FALSE(added.ok()) << group_ids.back();
    EXPECT_EQ(added.error().code, ErrorCode::kNotFound) << group_ids.back();
    EXPECT_EQ(added.error().reason, "app_group_not_found") << group_ids.back();
  }
  EXPECT_TRUE(AllGrants().empty());
}

TEST_F(AuthorizationServiceTest, AppGroupWithoutAppIdsIsInvalid) {
  NewAuthorizations request;
  request.app_group_ids = {"group-apps"};
  request.accounts = {User("alice")};

  Status added = service_->Add(context_, request);

  ExpectInvalid(added, "APP group without app_ids");
  EXPECT_TRUE(AllGrants().empty());
}

TEST_F(AuthorizationServiceTest, AppIdsForGroupLevelGrantsAreInvalid) {
  NewAuthorizations request;
  request.app_group_ids = {"group-shared"};
  request.accounts = {User("alice")};
  request.app_ids = {word_};

  Status added = service_->Add(context_, request);

  ExpectInvalid(added, "APP_GROUP group with app_ids");
  EXPECT_TRUE(AllGrants().empty());
}

TEST_F(AuthorizationServiceTest, AppLevelGrantsNameTheirAppsAndGroups) {
  NewAuthorizations request;
  request.app_group_ids = {"group-apps", "group-apps-2"};
  request.accounts = {User("alice")};
  request.app_ids = {word_, paint_};

  Status added = service_->Add(context_, request);

  ASSERT_OK(added);
  const std::vector<Authorization> grants = AllGrants();
  EXPECT_EQ(KeysOf(grants), (std::set<GrantKey>{{"group-apps", word_, "alice", "USER"},
                                                {"group-apps-2", paint_, "alice", "USER"}}));
  for (const Authorization& grant : grants) {
    EXPECT_EQ(grant.authorization_type, "APP") << grant.id;
    EXPECT_EQ(grant.app_name, grant.app_id == word_ ? "Word" : "Paint") << grant.id;
    EXPECT_EQ(grant.app_group_name, grant.app_group_id == "group-apps" ? "apps" : "apps2");
  }
}

TEST_F(AuthorizationServiceTest, AppPublishedOutsideTheListedGroupsIsInvalid) {
  NewAuthorizations request;
  request.app_group_ids = {"group-apps", "group-apps-2"};
  request.accounts = {User("alice")};
  request.app_ids = {word_, visio_};

  Status added = service_->Add(context_, request);

  ExpectInvalid(added, "app of an unlisted group");
  EXPECT_NE(added.error().public_message.find(visio_), std::string::npos)
      << added.error().public_message;
  EXPECT_TRUE(AllGrants().empty());
}

TEST_F(AuthorizationServiceTest, UnknownAppIdIsInvalid) {
  NewAuthorizations request;
  request.app_group_ids = {"group-apps"};
  request.accounts = {User("alice")};
  request.app_ids = {"100000000000000001"};

  Status added = service_->Add(context_, request);

  ExpectInvalid(added, "unknown app");
  EXPECT_TRUE(AllGrants().empty());
}

TEST_F(AuthorizationServiceTest, AddWritesItsAuditRecord) {
  NewAuthorizations request;
  request.app_group_ids = {"group-shared"};
  request.accounts = {User("alice")};

  ASSERT_OK(service_->Add(context_, request));

  const std::vector<wsapp::testing::AuditRow> rows = wsapp::testing::ReadAuditRows(db_path_);
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows.back().action, "workspace:appGroup:addAuthorization");
  EXPECT_EQ(rows.back().request_id, context_.request_id);
  EXPECT_NE(rows.back().detail.dump().find("alice"), std::string::npos) << rows.back().detail;
}

TEST_F(AuthorizationServiceTest, AddIsUndoneWhenItsAuditRecordCannotBeWritten) {
  NewAuthorizations request;
  request.app_group_ids = {"group-shared"};
  request.accounts = {User("alice")};
  wsapp::testing::FailAuditWrites(db_path_);

  Status added = service_->Add(context_, request);

  ASSERT_FALSE(added.ok());
  EXPECT_TRUE(AllGrants().empty());
}

// D20: accounts that are not in the project's directory are skipped with success; the known
// ones are granted under the directory's id.
TEST_F(AuthorizationServiceTest, SkipsAccountsOutsideTheDirectory) {
  NewAuthorizations request;
  request.app_group_ids = {"group-shared"};
  request.accounts = {User("alice"), User("nobody"), UserGroup("devs", "ug-unknown")};

  Status added = service_->Add(context_, request);

  ASSERT_OK(added);
  const std::vector<Authorization> grants = AllGrants();
  ASSERT_EQ(grants.size(), 1u);
  EXPECT_EQ(grants[0].account.account, "alice");
  EXPECT_EQ(grants[0].account.id, "u-1");
}

TEST_F(AuthorizationServiceTest, ListFiltersByAccount) {
  NewAuthorizations request;
  request.app_group_ids = {"group-shared"};
  request.accounts = {User("alice"), User("alice2")};
  ASSERT_OK(service_->Add(context_, request));

  domain::AuthorizationFilter filter;
  filter.account = "alice";

  Result<domain::Page<Authorization>> page = service_->List(context_, filter, {0, 10});

  ASSERT_OK(page);
  EXPECT_EQ(page->count, 1);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].account.account, "alice");
  EXPECT_EQ(page->items[0].app_group_name, "shared");
}

}  // namespace
}  // namespace wsapp::service
