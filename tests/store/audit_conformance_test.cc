// Store conformance, audit trail: AppendAudit's account resolution and ListAuditEvents (order,
// filters, paging, accounts). The fixture and the list of backends are in store_conformance.h.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "domain/audit.h"
#include "store/store.h"
#include "store/store_conformance.h"
#include "support/status_matchers.h"

namespace wsapp::store::conformance {
namespace {

using domain::AuditFilter;
using domain::AuditRecord;

constexpr char kOtherAccountId[] = "acc00000000000000000000000000002";
constexpr char kOtherAccountProjectId[] = "prj00000000000000000000000000003";
constexpr char kAliceId[] = "usr00000000000000000000000000001";

AuditRecord MakeRecord(std::string request_id, int64_t at_millis, std::string action = "a:b:c",
                       std::string detail_json = R"({"resources":[]})") {
  AuditRecord record;
  record.at_millis = at_millis;
  record.account_id = kAccountId;
  record.request_id = std::move(request_id);
  record.principal_id = kAliceId;
  record.principal_name = "alice";
  record.project_id = kProjectId;
  record.action = std::move(action);
  record.outcome = domain::kAuditSuccess;
  record.detail_json = std::move(detail_json);
  return record;
}

std::string ResourceDetail(const std::string& id) {
  return R"({"resources":[{"type":"app","id":")" + id + R"(","outcome":"published"}]})";
}

std::vector<std::string> RequestIdsOf(const std::vector<AuditRecord>& records) {
  std::vector<std::string> ids;
  for (const AuditRecord& record : records) {
    ids.push_back(record.request_id);
  }
  return ids;
}

class AuditConformanceTest : public StoreConformanceTest {
 protected:
  void SetUp() override {
    StoreConformanceTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) {  // skipped: no PostgreSQL
      return;
    }
    ASSERT_OK(InUnit([](UnitOfWork& unit) -> Status {
      WSAPP_RETURN_IF_ERROR(unit.InsertAccount({kOtherAccountId, "globex"}));
      WSAPP_RETURN_IF_ERROR(
          unit.InsertProject({kOtherAccountProjectId, kOtherAccountId, "eu-west-0", ""}));
      domain::User alice;
      alice.id = kAliceId;
      alice.account_id = kAccountId;
      alice.name = "alice";
      return unit.InsertUser(alice);
    }));
  }

  Status Append(const std::vector<AuditRecord>& records) {
    return InUnit([&](UnitOfWork& unit) -> Status {
      for (const AuditRecord& record : records) {
        WSAPP_RETURN_IF_ERROR(unit.AppendAudit(record));
      }
      return OkStatus();
    });
  }

  Result<Page<AuditRecord>> List(const AuditFilter& filter, const PageRequest& page = kEverything,
                                 const std::string& account_id = kAccountId) {
    return Read<Page<AuditRecord>>(
        [&](UnitOfWork& unit) { return unit.ListAuditEvents(account_id, filter, page); });
  }

  // The request ids listed for `filter` in the default account, or a failure in the test.
  std::vector<std::string> Listed(const AuditFilter& filter) {
    Result<Page<AuditRecord>> page = List(filter);
    EXPECT_OK(page);
    return page.ok() ? RequestIdsOf(page->items) : std::vector<std::string>{"<list failed>"};
  }
};

TEST_P(AuditConformanceTest, ListsNewestFirstThenByIdDescending) {
  ASSERT_OK(Append({MakeRecord("r1", 1000), MakeRecord("r2", 3000), MakeRecord("r3", 2000),
                    MakeRecord("r4", 3000)}));

  Result<Page<AuditRecord>> page = List({});

  ASSERT_OK(page);
  EXPECT_EQ(page->count, 4);
  EXPECT_EQ(RequestIdsOf(page->items), (std::vector<std::string>{"r4", "r2", "r3", "r1"}));
  EXPECT_GT(page->items[0].id, page->items[1].id);
}

TEST_P(AuditConformanceTest, ReadsBackEveryField) {
  AuditRecord record = MakeRecord("r1", 1234, "workspace:app:publish", ResourceDetail("a1"));

  ASSERT_OK(Append({record}));
  Result<Page<AuditRecord>> page = List({});

  ASSERT_OK(page);
  ASSERT_EQ(page->items.size(), 1u);
  const AuditRecord& read = page->items[0];
  EXPECT_GT(read.id, 0);
  EXPECT_EQ(read.at_millis, 1234);
  EXPECT_EQ(read.account_id, kAccountId);
  EXPECT_EQ(read.request_id, "r1");
  EXPECT_EQ(read.principal_id, kAliceId);
  EXPECT_EQ(read.principal_name, "alice");
  EXPECT_EQ(read.project_id, kProjectId);
  EXPECT_EQ(read.action, "workspace:app:publish");
  EXPECT_EQ(read.outcome, "success");
  EXPECT_EQ(read.detail_json, ResourceDetail("a1"));
}

TEST_P(AuditConformanceTest, EmptyAccountIsResolvedFromTheProjectThenThePrincipal) {
  AuditRecord by_project = MakeRecord("by-project", 1);
  by_project.account_id = "";
  by_project.principal_id = "";
  by_project.project_id = kOtherAccountProjectId;
  AuditRecord by_principal = MakeRecord("by-principal", 2);
  by_principal.account_id = "";
  by_principal.project_id = "";
  AuditRecord unknown = MakeRecord("unknown", 3);
  unknown.account_id = "";
  unknown.principal_id = "";
  unknown.project_id = "no-such-project";

  ASSERT_OK(Append({by_project, by_principal, unknown}));

  Result<Page<AuditRecord>> other = List({}, kEverything, kOtherAccountId);
  ASSERT_OK(other);
  EXPECT_EQ(RequestIdsOf(other->items), std::vector<std::string>{"by-project"});
  EXPECT_EQ(Listed({}), std::vector<std::string>{"by-principal"});
  Result<Page<AuditRecord>> nobody = List({}, kEverything, "");
  ASSERT_OK(nobody);
  EXPECT_EQ(nobody->count, 0);
  EXPECT_TRUE(nobody->items.empty());
}

TEST_P(AuditConformanceTest, AGivenAccountIsKeptOverTheProjects) {
  AuditRecord record = MakeRecord("cross", 1);
  record.project_id = kOtherAccountProjectId;

  ASSERT_OK(Append({record}));

  EXPECT_EQ(Listed({}), std::vector<std::string>{"cross"});
  Result<Page<AuditRecord>> other = List({}, kEverything, kOtherAccountId);
  ASSERT_OK(other);
  EXPECT_EQ(other->count, 0);
}

TEST_P(AuditConformanceTest, SinceIsInclusiveAndUntilExclusive) {
  ASSERT_OK(Append({MakeRecord("r1", 1000), MakeRecord("r2", 2000), MakeRecord("r3", 3000)}));
  AuditFilter window;
  window.since_millis = 2000;
  window.until_millis = 3000;

  EXPECT_EQ(Listed(window), std::vector<std::string>{"r2"});
}

TEST_P(AuditConformanceTest, ExactFiltersSelectOnlyTheirMatches) {
  AuditRecord other_project = MakeRecord("other-project", 1);
  other_project.project_id = kOtherProjectId;
  AuditRecord other_principal = MakeRecord("other-principal", 2);
  other_principal.principal_id = "usr-bob";
  AuditRecord denied = MakeRecord("denied", 3);
  denied.outcome = domain::kAuditDenied;
  ASSERT_OK(Append({MakeRecord("plain", 0), other_project, other_principal, denied,
                    MakeRecord("unpublish", 4, "workspace:app:unpublish", ResourceDetail("a9"))}));
  struct Case {
    std::string label;
    AuditFilter filter;
    std::vector<std::string> expected;
  };
  std::vector<Case> cases(6);
  cases[0] = {"project", {}, {"other-project"}};
  cases[0].filter.project_id = kOtherProjectId;
  cases[1] = {"principal", {}, {"other-principal"}};
  cases[1].filter.principal_id = "usr-bob";
  cases[2] = {"outcome", {}, {"denied"}};
  cases[2].filter.outcome = domain::kAuditDenied;
  cases[3] = {"action", {}, {"unpublish"}};
  cases[3].filter.action = "workspace:app:unpublish";
  cases[4] = {"resource", {}, {"unpublish"}};
  cases[4].filter.resource_id = "a9";
  cases[5] = {"request id", {}, {"denied"}};
  cases[5].filter.request_id = "denied";

  for (const Case& row : cases) {
    EXPECT_EQ(Listed(row.filter), row.expected) << row.label;
  }
}

TEST_P(AuditConformanceTest, FiltersCombine) {
  AuditRecord denied_publish = MakeRecord("denied-publish", 2, "workspace:app:publish");
  denied_publish.outcome = domain::kAuditDenied;
  ASSERT_OK(Append({MakeRecord("publish", 1, "workspace:app:publish"), denied_publish,
                    MakeRecord("other", 3, "workspace:app:update")}));
  AuditFilter filter;
  filter.action = "workspace:app:publish";
  filter.outcome = domain::kAuditDenied;

  EXPECT_EQ(Listed(filter), std::vector<std::string>{"denied-publish"});
}

TEST_P(AuditConformanceTest, ResourceMatchesOnlyAnIdAmongTheResources) {
  const std::string odd_resources =
      R"({"resources":["a1",{"type":"app","count":2},{"type":"app","id":"a10"}],"id":"a1"})";
  ASSERT_OK(Append({MakeRecord("listed", 1, "a:b:c", ResourceDetail("a1")),
                    MakeRecord("odd", 2, "a:b:c", odd_resources),
                    MakeRecord("no-resources", 3, "a:b:c", R"({"route":"X"})")}));
  AuditFilter filter;
  filter.resource_id = "a1";

  EXPECT_EQ(Listed(filter), std::vector<std::string>{"listed"});
}

TEST_P(AuditConformanceTest, PagesWithOffsetAndLimitAndCountsEveryMatch) {
  ASSERT_OK(Append({MakeRecord("r1", 1), MakeRecord("r2", 2), MakeRecord("r3", 3),
                    MakeRecord("r4", 4), MakeRecord("r5", 5)}));

  Result<Page<AuditRecord>> page = List({}, PageRequest{1, 2});

  ASSERT_OK(page);
  EXPECT_EQ(page->count, 5);
  EXPECT_EQ(RequestIdsOf(page->items), (std::vector<std::string>{"r4", "r3"}));
}

TEST_P(AuditConformanceTest, OtherAccountsSeeNothing) {
  ASSERT_OK(Append({MakeRecord("mine", 1)}));

  Result<Page<AuditRecord>> other = List({}, kEverything, kOtherAccountId);

  ASSERT_OK(other);
  EXPECT_EQ(other->count, 0);
  EXPECT_TRUE(other->items.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditConformanceTest, ::testing::ValuesIn(Backends()),
                         BackendName);

}  // namespace
}  // namespace wsapp::store::conformance
