#include "service/app_service.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "service/service_test_support.h"
#include "support/status_matchers.h"

namespace wsapp::service {
namespace {

using domain::App;
using domain::Authorization;
using wsapp::testing::AuditRow;
using wsapp::testing::kOtherProjectId;
using wsapp::testing::kProjectId;

App NewApp(const std::string& name) {
  App app;
  app.name = name;
  app.execute_path = "C:\\Apps\\" + name + ".exe";
  return app;
}

Authorization AppGrant(const std::string& id, const std::string& group_id,
                       const std::string& app_id, const std::string& account) {
  Authorization grant;
  grant.id = id;
  grant.project_id = kProjectId;
  grant.app_group_id = group_id;
  grant.app_id = app_id;
  grant.authorization_type = app_id.empty() ? "APP_GROUP" : "APP";
  grant.account.account = account;
  grant.account.account_type = "USER";
  grant.created_at_millis = 1;
  return grant;
}

std::set<std::string> IdsOf(const std::vector<App>& apps) {
  std::set<std::string> ids;
  for (const App& app : apps) {
    ids.insert(app.id);
  }
  return ids;
}

std::set<std::string> GrantIdsOf(const std::vector<Authorization>& grants) {
  std::set<std::string> ids;
  for (const Authorization& grant : grants) {
    ids.insert(grant.id);
  }
  return ids;
}

class AppServiceTest : public wsapp::testing::ServiceFixture {
 protected:
  void SetUp() override {
    ServiceFixture::SetUp();
    if (HasFatalFailure()) {
      return;
    }
    service_ = std::make_unique<AppService>(*store_, ids_);
    ASSERT_OK(SeedGroup("group-1", "office", "APP"));
    ASSERT_OK(SeedGroup("group-2", "design", "APP"));
  }

  // Publishes and returns the ids, failing the test on error.
  std::vector<std::string> PublishOrFail(const std::string& group_id,
                                         const std::vector<std::string>& names) {
    std::vector<App> apps;
    for (const std::string& name : names) {
      apps.push_back(NewApp(name));
    }
    Result<std::vector<App>> published = service_->Publish(context_, group_id, apps);
    EXPECT_TRUE(published.ok()) << wsapp::testing::DescribeError(published);
    std::vector<std::string> ids;
    for (const App& app : published.ok() ? *published : std::vector<App>()) {
      ids.push_back(app.id);
    }
    return ids;
  }

  std::set<std::string> AppIdsIn(const std::string& group_id) {
    Result<domain::Page<App>> page = service_->List(context_, group_id, {}, {0, 100});
    EXPECT_TRUE(page.ok());
    return page.ok() ? IdsOf(page->items) : std::set<std::string>();
  }

  int64_t AppCountOf(const std::string& group_id) {
    std::optional<domain::AppGroup> group = GroupById(group_id);
    return group ? group->app_count : -1;
  }

  std::unique_ptr<AppService> service_;
};

TEST_F(AppServiceTest, PublishAssignsIdsStateAndTime) {
  App forbidden = NewApp("Word");
  forbidden.state = "FORBIDDEN";
  forbidden.id = "client-chosen";

  Result<std::vector<App>> published =
      service_->Publish(context_, "group-1", {forbidden, NewApp("Excel")});

  ASSERT_OK(published);
  ASSERT_EQ(published->size(), 2u);
  for (const App& app : *published) {
    EXPECT_EQ(app.id.size(), 18u) << app.id;
    EXPECT_NE(app.id, "client-chosen");
    EXPECT_EQ(app.state, "NORMAL") << app.name;
    EXPECT_EQ(app.published_at_millis, context_.now_millis) << app.name;
    EXPECT_EQ(app.project_id, kProjectId) << app.name;
    EXPECT_EQ(app.app_group_id, "group-1") << app.name;
  }
  EXPECT_NE((*published)[0].id, (*published)[1].id);
  EXPECT_EQ(AppIdsIn("group-1"), IdsOf(*published));
  EXPECT_EQ(AppCountOf("group-1"), 2);
}

TEST_F(AppServiceTest, PublishedAppIsShownAsStored) {
  const std::vector<std::string> ids = PublishOrFail("group-1", {"Word"});
  ASSERT_EQ(ids.size(), 1u);

  Result<App> shown = service_->Show(context_, "group-1", ids[0]);

  ASSERT_OK(shown);
  EXPECT_EQ(shown->name, "Word");
  EXPECT_EQ(shown->execute_path, "C:\\Apps\\Word.exe");
  EXPECT_EQ(shown->state, "NORMAL");
}

TEST_F(AppServiceTest, DuplicateNamesInOneRequestPublishNothing) {
  Result<std::vector<App>> published =
      service_->Publish(context_, "group-1", {NewApp("Word"), NewApp("Excel"), NewApp("Word")});

  ASSERT_FALSE(published.ok());
  EXPECT_EQ(published.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(published.error().reason, "duplicate_name");
  EXPECT_TRUE(AppIdsIn("group-1").empty());
  EXPECT_EQ(AppCountOf("group-1"), 0);
  EXPECT_TRUE(AuditRows().empty());
}

TEST_F(AppServiceTest, NameOfAnExistingAppPublishesNothing) {
  const std::vector<std::string> existing = PublishOrFail("group-1", {"Word"});

  Result<std::vector<App>> published =
      service_->Publish(context_, "group-1", {NewApp("Excel"), NewApp("Word")});

  ASSERT_FALSE(published.ok());
  EXPECT_EQ(published.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(published.error().reason, "duplicate_name");
  EXPECT_EQ(AppIdsIn("group-1"), std::set<std::string>(existing.begin(), existing.end()));
  EXPECT_EQ(AppCountOf("group-1"), 1);
  EXPECT_EQ(AuditRows().size(), 1u);
}

TEST_F(AppServiceTest, SameNameInAnotherGroupIsPublished) {
  PublishOrFail("group-1", {"Word"});

  Result<std::vector<App>> published = service_->Publish(context_, "group-2", {NewApp("Word")});

  EXPECT_OK(published);
  EXPECT_EQ(AppCountOf("group-2"), 1);
}

TEST_F(AppServiceTest, PublishToAnUnknownGroupIsNotFound) {
  for (const std::string group_id : {"missing", "group-3"}) {
    Result<std::vector<App>> published = service_->Publish(context_, group_id, {NewApp("Word")});

    ASSERT_FALSE(published.ok()) << group_id;
    EXPECT_EQ(published.error().code, ErrorCode::kNotFound) << group_id;
    EXPECT_EQ(published.error().reason, "app_group_not_found") << group_id;
  }
}

TEST_F(AppServiceTest, PublishToAGroupOfAnotherProjectIsNotFound) {
  ASSERT_OK(SeedGroup("group-other", "office", "APP", kOtherProjectId));

  Result<std::vector<App>> published = service_->Publish(context_, "group-other", {NewApp("Word")});

  ASSERT_FALSE(published.ok());
  EXPECT_EQ(published.error().reason, "app_group_not_found");
}

TEST_F(AppServiceTest, PublishWritesItsAuditRecord) {
  const std::vector<std::string> ids = PublishOrFail("group-1", {"Word", "Excel"});

  const std::vector<AuditRow> rows = AuditRows();

  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].action, "workspace:app:publish");
  EXPECT_EQ(rows[0].outcome, "success");
  EXPECT_EQ(rows[0].request_id, context_.request_id);
  EXPECT_EQ(rows[0].principal_id, context_.actor_id);
  EXPECT_EQ(rows[0].principal_name, "alice");
  EXPECT_EQ(rows[0].project_id, kProjectId);
  EXPECT_EQ(rows[0].at_millis, context_.now_millis);
  std::set<std::string> published_ids;
  for (const nlohmann::json& resource : rows[0].detail.value("resources", nlohmann::json())) {
    if (resource.value("type", "") == "app") {
      published_ids.insert(resource.value("id", ""));
    }
  }
  EXPECT_EQ(published_ids, std::set<std::string>(ids.begin(), ids.end()));
}

TEST_F(AppServiceTest, PublishIsUndoneWhenItsAuditRecordCannotBeWritten) {
  wsapp::testing::FailAuditWrites(db_path_);

  Result<std::vector<App>> published = service_->Publish(context_, "group-1", {NewApp("Word")});

  ASSERT_FALSE(published.ok());
  EXPECT_TRUE(AppIdsIn("group-1").empty());
  EXPECT_EQ(AppCountOf("group-1"), 0);
}

TEST_F(AppServiceTest, ShowOfAnUnknownAppOrGroupIsNotFound) {
  const std::vector<std::string> ids = PublishOrFail("group-1", {"Word"});
  ASSERT_EQ(ids.size(), 1u);

  Result<App> unknown_app = service_->Show(context_, "group-1", "999");
  Result<App> wrong_group = service_->Show(context_, "group-2", ids[0]);
  Result<App> unknown_group = service_->Show(context_, "missing", ids[0]);

  ASSERT_FALSE(unknown_app.ok());
  EXPECT_EQ(unknown_app.error().reason, "app_not_found");
  ASSERT_FALSE(wrong_group.ok());
  EXPECT_EQ(wrong_group.error().reason, "app_not_found");
  ASSERT_FALSE(unknown_group.ok());
  EXPECT_EQ(unknown_group.error().reason, "app_group_not_found");
}

TEST_F(AppServiceTest, ListOfAnUnknownGroupIsEmpty) {
  Result<domain::Page<App>> page = service_->List(context_, "missing", {}, {0, 10});

  ASSERT_OK(page);
  EXPECT_EQ(page->count, 0);
  EXPECT_TRUE(page->items.empty());
}

TEST_F(AppServiceTest, ListShowsNewestFirst) {
  const std::vector<std::string> first = PublishOrFail("group-1", {"Word"});
  clock_.Advance(std::chrono::milliseconds(5));
  context_.now_millis += 5;
  const std::vector<std::string> second = PublishOrFail("group-1", {"Excel"});

  Result<domain::Page<App>> page = service_->List(context_, "group-1", {}, {0, 10});

  ASSERT_OK(page);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].id, second.at(0));
  EXPECT_EQ(page->items[1].id, first.at(0));
}

TEST_F(AppServiceTest, UnpublishRemovesTheListedAppsOnly) {
  const std::vector<std::string> ids = PublishOrFail("group-1", {"Word", "Excel", "Visio"});
  ASSERT_EQ(ids.size(), 3u);

  Status unpublished = service_->Unpublish(context_, "group-1", {ids[0], ids[2]});

  ASSERT_OK(unpublished);
  EXPECT_EQ(AppIdsIn("group-1"), (std::set<std::string>{ids[1]}));
  EXPECT_EQ(AppCountOf("group-1"), 1);
}

TEST_F(AppServiceTest, UnpublishIsIdempotent) {
  const std::vector<std::string> ids = PublishOrFail("group-1", {"Word", "Excel"});
  ASSERT_EQ(ids.size(), 2u);
  ASSERT_OK(service_->Unpublish(context_, "group-1", {ids[0]}));

  Status again = service_->Unpublish(context_, "group-1", {ids[0]});

  EXPECT_OK(again);
  EXPECT_EQ(AppIdsIn("group-1"), (std::set<std::string>{ids[1]}));
  EXPECT_EQ(AppCountOf("group-1"), 1);
}

TEST_F(AppServiceTest, UnpublishLeavesOtherGroupsUntouched) {
  const std::vector<std::string> mine = PublishOrFail("group-1", {"Word"});
  const std::vector<std::string> theirs = PublishOrFail("group-2", {"Paint"});
  ASSERT_EQ(mine.size(), 1u);
  ASSERT_EQ(theirs.size(), 1u);

  Status unpublished = service_->Unpublish(context_, "group-1", {mine[0], theirs[0], "unknown"});

  ASSERT_OK(unpublished);
  EXPECT_TRUE(AppIdsIn("group-1").empty());
  EXPECT_EQ(AppIdsIn("group-2"), (std::set<std::string>{theirs[0]}));
  EXPECT_EQ(AppCountOf("group-2"), 1);
}

TEST_F(AppServiceTest, UnpublishFromAnUnknownGroupIsNotFound) {
  Status unpublished = service_->Unpublish(context_, "missing", {"1"});

  ASSERT_FALSE(unpublished.ok());
  EXPECT_EQ(unpublished.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(unpublished.error().reason, "app_group_not_found");
  EXPECT_TRUE(AuditRows().empty());
}

TEST_F(AppServiceTest, UnpublishFromAGroupOfAnotherProjectIsNotFound) {
  const std::vector<std::string> ids = PublishOrFail("group-1", {"Word"});
  ASSERT_EQ(ids.size(), 1u);
  RequestContext other = context_;
  other.project_id = kOtherProjectId;

  Status unpublished = service_->Unpublish(other, "group-1", ids);

  ASSERT_FALSE(unpublished.ok());
  EXPECT_EQ(unpublished.error().reason, "app_group_not_found");
  EXPECT_EQ(AppIdsIn("group-1"), (std::set<std::string>{ids[0]}));
}

TEST_F(AppServiceTest, UnpublishRemovesTheAppLevelGrantsOfTheRemovedAppsOnly) {
  const std::vector<std::string> ids = PublishOrFail("group-1", {"Word", "Excel"});
  const std::vector<std::string> other = PublishOrFail("group-2", {"Paint"});
  ASSERT_EQ(ids.size(), 2u);
  ASSERT_EQ(other.size(), 1u);
  for (const Authorization& grant : {AppGrant("grant-word", "group-1", ids[0], "alice"),
                                     AppGrant("grant-excel", "group-1", ids[1], "alice"),
                                     AppGrant("grant-group", "group-1", "", "bob"),
                                     AppGrant("grant-paint", "group-2", other[0], "alice")}) {
    ASSERT_OK(SeedGrant(grant));
  }

  Status unpublished = service_->Unpublish(context_, "group-1", {ids[0]});

  ASSERT_OK(unpublished);
  EXPECT_EQ(GrantIdsOf(AllGrants()),
            (std::set<std::string>{"grant-excel", "grant-group", "grant-paint"}));
}

TEST_F(AppServiceTest, UnpublishWritesItsAuditRecordWithTheRemovedGrants) {
  const std::vector<std::string> ids = PublishOrFail("group-1", {"Word", "Excel"});
  ASSERT_EQ(ids.size(), 2u);
  ASSERT_OK(SeedGrant(AppGrant("grant-word", "group-1", ids[0], "alice")));
  context_.request_id = "req00000000000000000000000000002";

  ASSERT_OK(service_->Unpublish(context_, "group-1", {ids[0], ids[0], "unknown"}));

  const std::vector<AuditRow> rows = AuditRows();
  ASSERT_EQ(rows.size(), 2u);
  const AuditRow& row = rows[1];
  EXPECT_EQ(row.action, "workspace:app:unpublish");
  EXPECT_EQ(row.outcome, "success");
  EXPECT_EQ(row.request_id, "req00000000000000000000000000002");
  EXPECT_EQ(row.project_id, kProjectId);
  ASSERT_TRUE(row.detail.is_object()) << row.detail;
  std::map<std::string, std::string> outcome_of_app;
  for (const nlohmann::json& resource : row.detail.value("resources", nlohmann::json())) {
    if (resource.value("type", "") == "app") {
      outcome_of_app[resource.value("id", "")] = resource.value("outcome", "");
    }
  }
  EXPECT_EQ(outcome_of_app,
            (std::map<std::string, std::string>{{ids[0], "unpublished"}, {"unknown", "skipped"}}));
  const nlohmann::json removed = row.detail.value("removed_authorizations", nlohmann::json());
  ASSERT_EQ(removed.size(), 1u) << row.detail;
  EXPECT_EQ(removed[0].value("id", ""), "grant-word");
  EXPECT_EQ(removed[0].value("app_id", ""), ids[0]);
}

TEST_F(AppServiceTest, UnpublishIsUndoneWhenItsAuditRecordCannotBeWritten) {
  const std::vector<std::string> ids = PublishOrFail("group-1", {"Word"});
  ASSERT_EQ(ids.size(), 1u);
  ASSERT_OK(SeedGrant(AppGrant("grant-word", "group-1", ids[0], "alice")));
  wsapp::testing::FailAuditWrites(db_path_);

  Status unpublished = service_->Unpublish(context_, "group-1", {ids[0]});

  ASSERT_FALSE(unpublished.ok());
  EXPECT_EQ(AppIdsIn("group-1"), (std::set<std::string>{ids[0]}));
  EXPECT_EQ(AppCountOf("group-1"), 1);
  EXPECT_EQ(GrantIdsOf(AllGrants()), (std::set<std::string>{"grant-word"}));
  EXPECT_EQ(AuditRows().size(), 1u);
}

}  // namespace
}  // namespace wsapp::service
