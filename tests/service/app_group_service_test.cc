#include "service/app_group_service.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "service/service_test_support.h"
#include "support/status_matchers.h"

namespace wsapp::service {
namespace {

using domain::AppGroup;
using wsapp::testing::AuditRow;
using wsapp::testing::kOtherProjectId;
using wsapp::testing::kProjectId;

NewAppGroup Request(const std::string& name) {
  NewAppGroup request;
  request.name = name;
  request.description = "apps for " + name;
  request.authorization_type = "APP_GROUP";
  request.app_type = "COMMON_APP";
  return request;
}

class AppGroupServiceTest : public wsapp::testing::ServiceFixture {
 protected:
  void SetUp() override {
    ServiceFixture::SetUp();
    service_ = std::make_unique<AppGroupService>(*store_, ids_);
  }

  std::unique_ptr<AppGroupService> service_;
};

TEST_F(AppGroupServiceTest, CreateAssignsIdProjectAndTime) {
  Result<AppGroup> created = service_->Create(context_, Request("office"));

  ASSERT_OK(created);
  EXPECT_EQ(created->id.size(), 18u) << created->id;
  EXPECT_EQ(created->project_id, kProjectId);
  EXPECT_EQ(created->created_at_millis, context_.now_millis);
  EXPECT_EQ(created->app_count, 0);
  std::optional<AppGroup> stored = GroupById(created->id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->name, "office");
  EXPECT_EQ(stored->description, "apps for office");
  EXPECT_EQ(stored->authorization_type, "APP_GROUP");
  EXPECT_EQ(stored->app_type, "COMMON_APP");
}

TEST_F(AppGroupServiceTest, DuplicateNameInTheProjectIsAConflict) {
  ASSERT_OK(service_->Create(context_, Request("office")));

  Result<AppGroup> duplicate = service_->Create(context_, Request("office"));

  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(duplicate.error().reason, "duplicate_name");
  EXPECT_EQ(AuditRows().size(), 1u);
}

TEST_F(AppGroupServiceTest, SameNameInAnotherProjectIsCreated) {
  ASSERT_OK(service_->Create(context_, Request("office")));
  RequestContext other = context_;
  other.project_id = kOtherProjectId;

  Result<AppGroup> created = service_->Create(other, Request("office"));

  ASSERT_OK(created);
  EXPECT_EQ(created->project_id, kOtherProjectId);
}

TEST_F(AppGroupServiceTest, ServerGroupBindingIsNotFound) {
  NewAppGroup request = Request("office");
  request.app_server_group_id = "server-group-1";

  Result<AppGroup> created = service_->Create(context_, request);

  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(created.error().reason, "server_group_not_found");
  EXPECT_TRUE(AuditRows().empty());
}

TEST_F(AppGroupServiceTest, CreateWritesItsAuditRecord) {
  Result<AppGroup> created = service_->Create(context_, Request("office"));
  ASSERT_OK(created);

  const std::vector<AuditRow> rows = AuditRows();

  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].action, "workspace:appGroup:create");
  EXPECT_EQ(rows[0].request_id, context_.request_id);
  EXPECT_EQ(rows[0].project_id, kProjectId);
  EXPECT_NE(rows[0].detail.dump().find(created->id), std::string::npos) << rows[0].detail;
}

TEST_F(AppGroupServiceTest, CreateIsUndoneWhenItsAuditRecordCannotBeWritten) {
  wsapp::testing::FailAuditWrites(db_path_);

  Result<AppGroup> created = service_->Create(context_, Request("office"));

  ASSERT_FALSE(created.ok());
  Result<domain::Page<AppGroup>> page = service_->List(context_, {}, {0, 10});
  ASSERT_OK(page);
  EXPECT_EQ(page->count, 0);
}

TEST_F(AppGroupServiceTest, ShowOfAnUnknownGroupIsNotFound) {
  ASSERT_OK(SeedGroup("group-other", "office", "APP_GROUP", kOtherProjectId));

  Result<AppGroup> unknown = service_->Show(context_, "missing");
  Result<AppGroup> other_project = service_->Show(context_, "group-other");

  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(unknown.error().reason, "app_group_not_found");
  ASSERT_FALSE(other_project.ok());
  EXPECT_EQ(other_project.error().reason, "app_group_not_found");
}

TEST_F(AppGroupServiceTest, ListShowsNewestFirstAndCountsAllMatches) {
  std::vector<std::string> ids;
  for (const std::string name : {"a", "b", "c"}) {
    Result<AppGroup> created = service_->Create(context_, Request(name));
    ASSERT_OK(created);
    ids.push_back(created->id);
    context_.now_millis += 1000;
  }

  Result<domain::Page<AppGroup>> page = service_->List(context_, {}, {0, 2});

  ASSERT_OK(page);
  EXPECT_EQ(page->count, 3);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].id, ids[2]);
  EXPECT_EQ(page->items[1].id, ids[1]);
}

}  // namespace
}  // namespace wsapp::service
