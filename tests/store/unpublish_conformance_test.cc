// Store conformance, part two: UnpublishApps (D10) and authorizations. The fixture and the list
// of backends are in store_conformance.h.
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

// --- UnpublishApps (D10) ------------------------------------------------------------------

// Two APP groups: g1 with a1..a3, g2 with b1; a group-level grant and app-level grants on
// every app.
class UnpublishConformanceTest : public StoreConformanceTest {
 protected:
  void SetUp() override {
    StoreConformanceTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) {  // skipped: no PostgreSQL
      return;
    }
    AppGroup g1 = MakeGroup("g1", "office", 1000);
    g1.authorization_type = "APP";
    AppGroup g2 = MakeGroup("g2", "design", 2000);
    g2.authorization_type = "APP";
    ASSERT_OK(AddGroup(g1));
    ASSERT_OK(AddGroup(g2));
    ASSERT_OK(AddApps(
        "g1", {MakeApp("a1", "Word", 1), MakeApp("a2", "Excel", 2), MakeApp("a3", "Visio", 3)}));
    ASSERT_OK(AddApps("g2", {MakeApp("b1", "Paint", 4)}));
    for (const Authorization& grant : {
             MakeGrant("grant-g1-group", "g1", "", "alice"),
             MakeGrant("grant-a1-alice", "g1", "a1", "alice"),
             MakeGrant("grant-a1-devs", "g1", "a1", "devs", "USER_GROUP"),
             MakeGrant("grant-a2-bob", "g1", "a2", "bob"),
             MakeGrant("grant-a3-alice", "g1", "a3", "alice"),
             MakeGrant("grant-b1-alice", "g2", "b1", "alice"),
         }) {
      ASSERT_OK(AddGrant(grant));
    }
  }

  std::set<std::string> RemainingGrantIds() {
    Result<Page<Authorization>> grants = ListGrants({});
    EXPECT_TRUE(grants.ok());
    return grants.ok() ? AsSet(IdsOf(grants->items)) : std::set<std::string>();
  }

  std::set<std::string> AppIdsOf(const std::string& group_id) {
    Result<Page<App>> apps = ListApps(group_id, {}, kEverything);
    EXPECT_TRUE(apps.ok());
    return apps.ok() ? AsSet(IdsOf(apps->items)) : std::set<std::string>();
  }
};

TEST_P(UnpublishConformanceTest, RemovesExactlyTheListedAppsOfTheGroup) {
  Result<UnpublishResult> result = Unpublish("g1", {"a1", "a2"});

  ASSERT_OK(result);
  EXPECT_EQ(AsSet(result->removed_app_ids), (std::set<std::string>{"a1", "a2"}));
  EXPECT_EQ(AppIdsOf("g1"), (std::set<std::string>{"a3"}));
  EXPECT_EQ(AppCountOf("g1"), 1);
}

TEST_P(UnpublishConformanceTest, SkipsUnknownIdsAndAppsOfOtherGroups) {
  Result<UnpublishResult> result = Unpublish("g1", {"missing", "b1", "a3"});

  ASSERT_OK(result);
  EXPECT_EQ(result->removed_app_ids, (std::vector<std::string>{"a3"}));
  EXPECT_EQ(AppIdsOf("g1"), (std::set<std::string>{"a1", "a2"}));
  EXPECT_EQ(AppIdsOf("g2"), (std::set<std::string>{"b1"}));
  EXPECT_EQ(AppCountOf("g1"), 2);
  EXPECT_EQ(AppCountOf("g2"), 1);
  EXPECT_EQ(RemainingGrantIds().count("grant-b1-alice"), 1u);
}

// An unfiltered list reports its total from the group's app_count; it must agree with the
// apps a filtered walk finds, before and after an unpublish.
TEST_P(UnpublishConformanceTest, UnfilteredListCountAgreesWithTheAppsListed) {
  AppFilter normal;
  normal.state = "NORMAL";

  Result<Page<App>> before = ListApps("g1", {}, kEverything);
  Result<Page<App>> filtered_before = ListApps("g1", normal, kEverything);
  ASSERT_OK(Unpublish("g1", {"a2"}));
  Result<Page<App>> after = ListApps("g1", {}, {0, 1});
  Result<Page<App>> filtered_after = ListApps("g1", normal, kEverything);

  ASSERT_OK(before);
  ASSERT_OK(filtered_before);
  ASSERT_OK(after);
  ASSERT_OK(filtered_after);
  EXPECT_EQ(before->count, 3);
  EXPECT_EQ(before->count, filtered_before->count);
  EXPECT_EQ(after->count, 2);
  EXPECT_EQ(after->items.size(), 1u);
  EXPECT_EQ(after->count, static_cast<int64_t>(filtered_after->items.size()));
}

TEST_P(UnpublishConformanceTest, CountsARepeatedIdOnce) {
  Result<UnpublishResult> result = Unpublish("g1", {"a1", "a1", "a1"});

  ASSERT_OK(result);
  EXPECT_EQ(result->removed_app_ids, (std::vector<std::string>{"a1"}));
  EXPECT_EQ(AppCountOf("g1"), 2);
  EXPECT_EQ(result->removed_authorizations.size(), 2u);
}

TEST_P(UnpublishConformanceTest, RemovesTheAppLevelGrantsOfExactlyTheRemovedApps) {
  Result<UnpublishResult> result = Unpublish("g1", {"a1", "a2", "missing", "b1"});

  ASSERT_OK(result);
  EXPECT_EQ(AsSet(IdsOf(result->removed_authorizations)),
            (std::set<std::string>{"grant-a1-alice", "grant-a1-devs", "grant-a2-bob"}));
  for (const Authorization& removed : result->removed_authorizations) {
    EXPECT_EQ(removed.authorization_type, "APP") << removed.id;
    EXPECT_EQ(removed.app_group_id, "g1") << removed.id;
    EXPECT_TRUE(removed.app_id == "a1" || removed.app_id == "a2") << removed.id;
  }
  EXPECT_EQ(RemainingGrantIds(),
            (std::set<std::string>{"grant-g1-group", "grant-a3-alice", "grant-b1-alice"}));
}

TEST_P(UnpublishConformanceTest, ReportsTheRemovedGrantsWithTheirAccounts) {
  Result<UnpublishResult> result = Unpublish("g1", {"a1"});

  ASSERT_OK(result);
  std::map<std::string, std::string> account_type_of;
  for (const Authorization& removed : result->removed_authorizations) {
    account_type_of[removed.account.account] = removed.account.account_type;
  }
  EXPECT_EQ(account_type_of,
            (std::map<std::string, std::string>{{"alice", "USER"}, {"devs", "USER_GROUP"}}));
}

TEST_P(UnpublishConformanceTest, EveryAppOfTheGroupLeavesOnlyTheGroupLevelGrant) {
  Result<UnpublishResult> result = Unpublish("g1", {"a3", "a2", "a1"});

  ASSERT_OK(result);
  EXPECT_TRUE(AppIdsOf("g1").empty());
  EXPECT_EQ(AppCountOf("g1"), 0);
  EXPECT_EQ(RemainingGrantIds(), (std::set<std::string>{"grant-g1-group", "grant-b1-alice"}));
}

TEST_P(UnpublishConformanceTest, AnotherProjectRemovesNothing) {
  Result<UnpublishResult> result = Unpublish("g1", {"a1", "a2"}, kOtherProjectId);

  ASSERT_OK(result);
  EXPECT_TRUE(result->removed_app_ids.empty());
  EXPECT_TRUE(result->removed_authorizations.empty());
  EXPECT_EQ(AppIdsOf("g1"), (std::set<std::string>{"a1", "a2", "a3"}));
  EXPECT_EQ(AppCountOf("g1"), 3);
  EXPECT_EQ(RemainingGrantIds().size(), 6u);
}

TEST_P(UnpublishConformanceTest, RepeatingAnUnpublishRemovesNothingMore) {
  ASSERT_OK(Unpublish("g1", {"a1"}));

  Result<UnpublishResult> again = Unpublish("g1", {"a1"});

  ASSERT_OK(again);
  EXPECT_TRUE(again->removed_app_ids.empty());
  EXPECT_TRUE(again->removed_authorizations.empty());
  EXPECT_EQ(AppCountOf("g1"), 2);
  EXPECT_EQ(RemainingGrantIds().size(), 4u);
}

TEST_P(UnpublishConformanceTest, EmptyListChangesNothing) {
  Result<UnpublishResult> result = Unpublish("g1", {});

  ASSERT_OK(result);
  EXPECT_TRUE(result->removed_app_ids.empty());
  EXPECT_EQ(AppCountOf("g1"), 3);
  EXPECT_EQ(RemainingGrantIds().size(), 6u);
}

TEST_P(UnpublishConformanceTest, UncommittedUnpublishLeavesEverythingInPlace) {
  {
    Result<std::unique_ptr<UnitOfWork>> unit = store_->Begin(Mode::kWrite);
    ASSERT_OK(unit);
    ASSERT_OK((*unit)->UnpublishApps(kProjectId, "g1", {"a1", "a2", "a3"}));
  }

  EXPECT_EQ(AppIdsOf("g1"), (std::set<std::string>{"a1", "a2", "a3"}));
  EXPECT_EQ(AppCountOf("g1"), 3);
  EXPECT_EQ(RemainingGrantIds().size(), 6u);
}

// --- Authorizations -----------------------------------------------------------------------

class GrantConformanceTest : public StoreConformanceTest {};

TEST_P(GrantConformanceTest, InsertAuthorizationIsIdempotentForTheSameGrant) {
  ASSERT_OK(AddGroup(MakeGroup("g1", "office", 1000)));
  Result<std::unique_ptr<UnitOfWork>> unit = store_->Begin(Mode::kWrite);
  ASSERT_OK(unit);

  Result<bool> first = (*unit)->InsertAuthorization(MakeGrant("grant-1", "g1", "", "alice"));
  Result<bool> again = (*unit)->InsertAuthorization(MakeGrant("grant-2", "g1", "", "alice"));
  ASSERT_OK((*unit)->Commit());

  ASSERT_OK(first);
  ASSERT_OK(again);
  EXPECT_TRUE(*first);
  EXPECT_FALSE(*again);
  Result<Page<Authorization>> grants = ListGrants({});
  ASSERT_OK(grants);
  EXPECT_EQ(IdsOf(grants->items), (std::vector<std::string>{"grant-1"}));
}

TEST_P(GrantConformanceTest, GrantsDifferingInAppOrAccountTypeAreDistinct) {
  AppGroup group = MakeGroup("g1", "office", 1000);
  ASSERT_OK(AddGroup(group));
  ASSERT_OK(AddApps("g1", {MakeApp("a1", "Word", 1), MakeApp("a2", "Excel", 2)}));
  Result<std::unique_ptr<UnitOfWork>> unit = store_->Begin(Mode::kWrite);
  ASSERT_OK(unit);
  std::vector<bool> is_new;

  for (const Authorization& grant :
       {MakeGrant("grant-1", "g1", "a1", "alice"), MakeGrant("grant-2", "g1", "a2", "alice"),
        MakeGrant("grant-3", "g1", "a1", "alice", "USER_GROUP"),
        MakeGrant("grant-4", "g1", "a1", "bob"), MakeGrant("grant-5", "g1", "", "alice")}) {
    Result<bool> inserted = (*unit)->InsertAuthorization(grant);
    ASSERT_OK(inserted);
    is_new.push_back(*inserted);
  }
  ASSERT_OK((*unit)->Commit());

  EXPECT_EQ(is_new, (std::vector<bool>{true, true, true, true, true}));
  Result<Page<Authorization>> grants = ListGrants({});
  ASSERT_OK(grants);
  EXPECT_EQ(grants->count, 5);
}

TEST_P(GrantConformanceTest, ListedGrantsCarryGroupAndAppNames) {
  ASSERT_OK(AddGroup(MakeGroup("g1", "office", 1000)));
  ASSERT_OK(AddApps("g1", {MakeApp("a1", "Word", 1)}));
  Authorization app_level = MakeGrant("grant-app", "g1", "a1", "alice", "USER", 2000);
  app_level.account.id = "user-id-1";
  app_level.account.domain = "example.test";
  app_level.account.email = "alice@example.test";
  app_level.account.telephone_number = "+86 1";
  app_level.account.platform_type = "AD";
  ASSERT_OK(AddGrant(app_level));
  ASSERT_OK(AddGrant(MakeGrant("grant-group", "g1", "", "alice", "USER", 1000)));

  Result<Page<Authorization>> grants = ListGrants({});

  ASSERT_OK(grants);
  ASSERT_EQ(grants->items.size(), 2u);
  const Authorization& first = grants->items[0];
  EXPECT_EQ(first.id, "grant-app");
  EXPECT_EQ(first.app_group_name, "office");
  EXPECT_EQ(first.app_name, "Word");
  EXPECT_EQ(first.app_id, "a1");
  EXPECT_EQ(first.authorization_type, "APP");
  EXPECT_EQ(first.project_id, kProjectId);
  EXPECT_EQ(first.created_at_millis, 2000);
  EXPECT_EQ(first.account.id, "user-id-1");
  EXPECT_EQ(first.account.domain, "example.test");
  EXPECT_EQ(first.account.email, "alice@example.test");
  EXPECT_EQ(first.account.telephone_number, "+86 1");
  EXPECT_EQ(first.account.platform_type, "AD");
  const Authorization& second = grants->items[1];
  EXPECT_EQ(second.id, "grant-group");
  EXPECT_EQ(second.app_group_name, "office");
  EXPECT_EQ(second.app_id, "");
  EXPECT_EQ(second.app_name, "");
}

TEST_P(GrantConformanceTest, GrantsListNewestFirstAndFilterExactly) {
  ASSERT_OK(AddGroup(MakeGroup("g1", "office", 1000)));
  ASSERT_OK(AddGroup(MakeGroup("g2", "design", 2000)));
  Authorization with_id = MakeGrant("grant-c", "g2", "", "alice", "USER", 3000);
  with_id.account.id = "uid-alice";
  for (const Authorization& grant :
       {MakeGrant("grant-a", "g1", "", "alice", "USER", 1000),
        MakeGrant("grant-b2", "g1", "", "alice2", "USER", 2000),
        MakeGrant("grant-b1", "g1", "", "devs", "USER_GROUP", 2000), with_id}) {
    ASSERT_OK(AddGrant(grant));
  }
  struct Case {
    std::string label;
    std::function<void(AuthorizationFilter&)> narrow;
    std::vector<std::string> expected;
  };
  const std::vector<Case> cases = {
      {"everything, newest first then id descending",
       [](AuthorizationFilter&) {},
       {"grant-c", "grant-b2", "grant-b1", "grant-a"}},
      {"group",
       [](AuthorizationFilter& f) { f.app_group_id = "g1"; },
       {"grant-b2", "grant-b1", "grant-a"}},
      {"account is exact, not a substring",
       [](AuthorizationFilter& f) { f.account = "alice"; },
       {"grant-c", "grant-a"}},
      {"account type", [](AuthorizationFilter& f) { f.account_type = "USER_GROUP"; }, {"grant-b1"}},
      {"account id", [](AuthorizationFilter& f) { f.account_id = "uid-alice"; }, {"grant-c"}},
      {"filters combine",
       [](AuthorizationFilter& f) {
         f.app_group_id = "g1";
         f.account = "alice";
       },
       {"grant-a"}},
  };

  for (const Case& row : cases) {
    AuthorizationFilter filter;
    row.narrow(filter);

    Result<Page<Authorization>> page = ListGrants(filter);

    ASSERT_TRUE(page.ok()) << row.label;
    EXPECT_EQ(IdsOf(page->items), row.expected) << row.label;
    EXPECT_EQ(page->count, static_cast<int64_t>(row.expected.size())) << row.label;
  }
}

TEST_P(GrantConformanceTest, GrantPagesCountAllMatches) {
  ASSERT_OK(AddGroup(MakeGroup("g1", "office", 1000)));
  for (int i = 0; i < 5; ++i) {
    ASSERT_OK(AddGrant(MakeGrant("grant-" + std::to_string(i), "g1", "", "user" + std::to_string(i),
                                 "USER", 1000 + i)));
  }

  Result<Page<Authorization>> page = ListGrants({}, {1, 2});

  ASSERT_OK(page);
  EXPECT_EQ(IdsOf(page->items), (std::vector<std::string>{"grant-3", "grant-2"}));
  EXPECT_EQ(page->count, 5);
}

INSTANTIATE_TEST_SUITE_P(Backends, UnpublishConformanceTest, ::testing::ValuesIn(Backends()),
                         BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, GrantConformanceTest, ::testing::ValuesIn(Backends()),
                         BackendName);

}  // namespace
}  // namespace wsapp::store::conformance
