// Store conformance, part one: app groups, apps and units of work. The fixture and the list of
// backends are in store_conformance.h.
#include "store/store_conformance.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "store/store.h"
#include "support/status_matchers.h"

namespace wsapp::store::conformance {
namespace {

// --- App groups ---------------------------------------------------------------------------

TEST_P(StoreConformanceTest, InsertedAppGroupIsFoundWithAllFields) {
  AppGroup group = MakeGroup("100000000000000001", "office", 1700000000123);
  group.description = "Office apps \xE5\xBA\x94";
  group.authorization_type = "APP";
  group.app_type = "SESSION_DESKTOP_APP";
  group.app_server_group_id = "server-group-1";

  ASSERT_OK(AddGroup(group));
  Result<std::optional<AppGroup>> found = FindGroup(group.id);

  ASSERT_OK(found);
  ASSERT_TRUE(found->has_value());
  const AppGroup& stored = **found;
  EXPECT_EQ(stored.id, group.id);
  EXPECT_EQ(stored.project_id, kProjectId);
  EXPECT_EQ(stored.name, "office");
  EXPECT_EQ(stored.description, group.description);
  EXPECT_EQ(stored.authorization_type, "APP");
  EXPECT_EQ(stored.app_type, "SESSION_DESKTOP_APP");
  EXPECT_EQ(stored.app_server_group_id, "server-group-1");
  EXPECT_EQ(stored.created_at_millis, 1700000000123);
  EXPECT_EQ(stored.app_count, 0);
}

TEST_P(StoreConformanceTest, AppGroupIsNotFoundFromAnotherProject) {
  ASSERT_OK(AddGroup(MakeGroup("g1", "office", 1000)));

  Result<std::optional<AppGroup>> found = FindGroup("g1", kOtherProjectId);
  Result<std::optional<AppGroup>> unknown = FindGroup("g2");

  ASSERT_OK(found);
  ASSERT_OK(unknown);
  EXPECT_FALSE(found->has_value());
  EXPECT_FALSE(unknown->has_value());
}

TEST_P(StoreConformanceTest, DuplicateAppGroupNameInAProjectIsAlreadyExists) {
  ASSERT_OK(AddGroup(MakeGroup("g1", "office", 1000)));

  Status duplicate = AddGroup(MakeGroup("g2", "office", 2000));
  Status other_project = AddGroup(MakeGroup("g3", "office", 3000, kOtherProjectId));
  Status other_case = AddGroup(MakeGroup("g4", "Office", 4000));

  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code, ErrorCode::kAlreadyExists);
  EXPECT_OK(other_project);
  EXPECT_OK(other_case);
}

TEST_P(StoreConformanceTest, AppGroupsListNewestFirstThenIdDescending) {
  ASSERT_OK(AddGroup(MakeGroup("g-a", "a", 1000)));
  ASSERT_OK(AddGroup(MakeGroup("g-c", "c", 3000)));
  ASSERT_OK(AddGroup(MakeGroup("g-b1", "b1", 2000)));
  ASSERT_OK(AddGroup(MakeGroup("g-b3", "b3", 2000)));
  ASSERT_OK(AddGroup(MakeGroup("g-b2", "b2", 2000)));

  Result<Page<AppGroup>> page = ListGroups({}, kEverything);

  ASSERT_OK(page);
  EXPECT_EQ(IdsOf(page->items), (std::vector<std::string>{"g-c", "g-b3", "g-b2", "g-b1", "g-a"}));
  EXPECT_EQ(page->count, 5);
}

TEST_P(StoreConformanceTest, AppGroupPagesCountAllMatches) {
  for (int i = 0; i < 7; ++i) {
    ASSERT_OK(AddGroup(MakeGroup("g" + std::to_string(i), "n" + std::to_string(i), 1000 + i)));
  }

  Result<Page<AppGroup>> first = ListGroups({}, {0, 3});
  Result<Page<AppGroup>> middle = ListGroups({}, {3, 3});
  Result<Page<AppGroup>> last = ListGroups({}, {6, 3});
  Result<Page<AppGroup>> beyond = ListGroups({}, {50, 3});

  ASSERT_OK(first);
  ASSERT_OK(middle);
  ASSERT_OK(last);
  ASSERT_OK(beyond);
  EXPECT_EQ(IdsOf(first->items), (std::vector<std::string>{"g6", "g5", "g4"}));
  EXPECT_EQ(IdsOf(middle->items), (std::vector<std::string>{"g3", "g2", "g1"}));
  EXPECT_EQ(IdsOf(last->items), (std::vector<std::string>{"g0"}));
  EXPECT_TRUE(beyond->items.empty());
  for (const auto* page : {&first, &middle, &last, &beyond}) {
    EXPECT_EQ((*page)->count, 7);
  }
}

TEST_P(StoreConformanceTest, AppGroupsOfOtherProjectsAreNotListed) {
  ASSERT_OK(AddGroup(MakeGroup("g1", "mine", 1000)));
  ASSERT_OK(AddGroup(MakeGroup("g2", "theirs", 2000, kOtherProjectId)));

  Result<Page<AppGroup>> page = ListGroups({}, kEverything);

  ASSERT_OK(page);
  EXPECT_EQ(IdsOf(page->items), (std::vector<std::string>{"g1"}));
  EXPECT_EQ(page->count, 1);
}

TEST_P(StoreConformanceTest, AppGroupFiltersSelectTheirMatches) {
  AppGroup office = MakeGroup("g1", "office_2019", 1000);
  AppGroup design = MakeGroup("g2", "Design-Tools", 2000);
  design.authorization_type = "APP";
  design.app_type = "SESSION_DESKTOP_APP";
  design.app_server_group_id = "sg-1";
  AppGroup wildcard = MakeGroup("g3", "a_b", 3000);
  AppGroup lookalike = MakeGroup("g4", "axb", 4000);
  AppGroup prefix = MakeGroup("g10", "office_2021", 5000);
  for (const AppGroup& group : {office, design, wildcard, lookalike, prefix}) {
    ASSERT_OK(AddGroup(group));
  }
  struct Case {
    std::string label;
    std::function<void(AppGroupFilter&)> narrow;
    std::vector<std::string> expected;
  };
  const std::vector<Case> cases = {
      {"name substring", [](AppGroupFilter& f) { f.name_contains = "ffice"; }, {"g10", "g1"}},
      {"name is case-sensitive", [](AppGroupFilter& f) { f.name_contains = "design"; }, {}},
      {"name exact case", [](AppGroupFilter& f) { f.name_contains = "Design"; }, {"g2"}},
      {"underscore is literal",
       [](AppGroupFilter& f) { f.name_contains = "_"; },
       {"g10", "g3", "g1"}},
      {"percent is literal", [](AppGroupFilter& f) { f.name_contains = "%"; }, {}},
      {"id matches exactly", [](AppGroupFilter& f) { f.app_group_id = "g1"; }, {"g1"}},
      {"authorization type", [](AppGroupFilter& f) { f.authorization_type = "APP"; }, {"g2"}},
      {"app type", [](AppGroupFilter& f) { f.app_type = "COMMON_APP"; }, {"g10", "g4", "g3", "g1"}},
      {"server group", [](AppGroupFilter& f) { f.app_server_group_id = "sg-1"; }, {"g2"}},
      {"filters combine",
       [](AppGroupFilter& f) {
         f.app_group_id = "g1";
         f.name_contains = "Design";
       },
       {}},
  };

  for (const Case& row : cases) {
    AppGroupFilter filter;
    row.narrow(filter);

    Result<Page<AppGroup>> page = ListGroups(filter, kEverything);

    ASSERT_TRUE(page.ok()) << row.label;
    EXPECT_EQ(IdsOf(page->items), row.expected) << row.label;
    EXPECT_EQ(page->count, static_cast<int64_t>(row.expected.size())) << row.label;
  }
}

// --- Apps ---------------------------------------------------------------------------------

TEST_P(StoreConformanceTest, InsertedAppsAreFoundWithAllFields) {
  ASSERT_OK(AddGroup(MakeGroup("g1", "office", 1000)));
  App full = MakeApp("a1", "Word \xE5\xBA\x94", 1700000000456);
  full.version = "2019";
  full.command_param = "/safe";
  full.work_path = "C:\\Work";
  full.icon_path = "C:\\Icons\\word.ico";
  full.icon_index = 3;
  full.description = "Writes";
  full.state = "FORBIDDEN";
  full.source_type = 1;
  full.publisher = "Microsoft";
  full.icon_url = "https://example.test/word.png";
  full.sandbox_enable = true;
  full.is_pre_boot = true;
  full.source_image_ids = {"img-1", "img-2"};
  full.extended_info = std::map<std::string, std::string>{{"k", "v"}, {"empty", ""}};
  const App bare = MakeApp("a2", "Notepad", 1700000000457);

  ASSERT_OK(AddApps("g1", {full, bare}));
  Result<std::optional<App>> found_full = FindApp("g1", "a1");
  Result<std::optional<App>> found_bare = FindApp("g1", "a2");

  ASSERT_OK(found_full);
  ASSERT_OK(found_bare);
  ASSERT_TRUE(found_full->has_value());
  ASSERT_TRUE(found_bare->has_value());
  const App& stored = **found_full;
  EXPECT_EQ(stored.id, "a1");
  EXPECT_EQ(stored.project_id, kProjectId);
  EXPECT_EQ(stored.app_group_id, "g1");
  EXPECT_EQ(stored.name, full.name);
  EXPECT_EQ(stored.version, "2019");
  EXPECT_EQ(stored.command_param, "/safe");
  EXPECT_EQ(stored.execute_path, full.execute_path);
  EXPECT_EQ(stored.work_path, "C:\\Work");
  EXPECT_EQ(stored.icon_path, full.icon_path);
  EXPECT_EQ(stored.icon_index, 3);
  EXPECT_EQ(stored.description, "Writes");
  EXPECT_EQ(stored.state, "FORBIDDEN");
  EXPECT_EQ(stored.published_at_millis, 1700000000456);
  EXPECT_EQ(stored.source_type, 1);
  EXPECT_EQ(stored.publisher, "Microsoft");
  EXPECT_EQ(stored.icon_url, full.icon_url);
  EXPECT_TRUE(stored.sandbox_enable);
  EXPECT_TRUE(stored.is_pre_boot);
  EXPECT_EQ(stored.source_image_ids, full.source_image_ids);
  EXPECT_EQ(stored.extended_info, full.extended_info);
  EXPECT_FALSE((*found_bare)->extended_info.has_value());
  EXPECT_TRUE((*found_bare)->source_image_ids.empty());
  EXPECT_FALSE((*found_bare)->sandbox_enable);
}

TEST_P(StoreConformanceTest, InsertingAppsRaisesTheAppCount) {
  ASSERT_OK(AddGroup(MakeGroup("g1", "office", 1000)));

  ASSERT_OK(AddApps("g1", {MakeApp("a1", "Word", 1), MakeApp("a2", "Excel", 2)}));
  ASSERT_OK(AddApps("g1", {MakeApp("a3", "Visio", 3)}));

  EXPECT_EQ(AppCountOf("g1"), 3);
}

TEST_P(StoreConformanceTest, DuplicateAppNameInAGroupIsAlreadyExists) {
  ASSERT_OK(AddGroup(MakeGroup("g1", "office", 1000)));
  ASSERT_OK(AddGroup(MakeGroup("g2", "design", 2000)));
  ASSERT_OK(AddApps("g1", {MakeApp("a1", "Word", 1)}));

  Status duplicate = AddApps("g1", {MakeApp("a2", "Word", 2)});
  Status within_one_call = AddApps("g1", {MakeApp("a3", "Paint", 3), MakeApp("a4", "Paint", 4)});
  Status other_group = AddApps("g2", {MakeApp("a5", "Word", 5)});

  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code, ErrorCode::kAlreadyExists);
  ASSERT_FALSE(within_one_call.ok());
  EXPECT_EQ(within_one_call.error().code, ErrorCode::kAlreadyExists);
  EXPECT_OK(other_group);
  EXPECT_EQ(AppCountOf("g1"), 1);
  EXPECT_EQ(AppCountOf("g2"), 1);
}

TEST_P(StoreConformanceTest, AppsListNewestFirstThenIdDescendingWithTheirCount) {
  ASSERT_OK(AddGroup(MakeGroup("g1", "office", 1000)));
  ASSERT_OK(AddApps("g1", {MakeApp("a1", "one", 100), MakeApp("a4", "four", 300),
                           MakeApp("a2", "two", 200), MakeApp("a3", "three", 200)}));

  Result<Page<App>> all = ListApps("g1", {}, kEverything);
  Result<Page<App>> second_page = ListApps("g1", {}, {2, 2});

  ASSERT_OK(all);
  ASSERT_OK(second_page);
  EXPECT_EQ(IdsOf(all->items), (std::vector<std::string>{"a4", "a3", "a2", "a1"}));
  EXPECT_EQ(all->count, 4);
  EXPECT_EQ(IdsOf(second_page->items), (std::vector<std::string>{"a2", "a1"}));
  EXPECT_EQ(second_page->count, 4);
}

TEST_P(StoreConformanceTest, AppFiltersSelectTheirMatches) {
  ASSERT_OK(AddGroup(MakeGroup("g1", "office", 1000)));
  App forbidden = MakeApp("a3", "Word Viewer", 300);
  forbidden.state = "FORBIDDEN";
  ASSERT_OK(AddApps("g1", {MakeApp("a1", "Word", 100), MakeApp("a12", "Excel", 200), forbidden}));
  struct Case {
    std::string label;
    std::function<void(AppFilter&)> narrow;
    std::vector<std::string> expected;
  };
  const std::vector<Case> cases = {
      {"name substring", [](AppFilter& f) { f.name_contains = "ord"; }, {"a3", "a1"}},
      {"name is case-sensitive", [](AppFilter& f) { f.name_contains = "word"; }, {}},
      {"id matches exactly", [](AppFilter& f) { f.app_id = "a1"; }, {"a1"}},
      {"state", [](AppFilter& f) { f.state = "NORMAL"; }, {"a12", "a1"}},
      {"filters combine",
       [](AppFilter& f) {
         f.name_contains = "Word";
         f.state = "FORBIDDEN";
       },
       {"a3"}},
  };

  for (const Case& row : cases) {
    AppFilter filter;
    row.narrow(filter);

    Result<Page<App>> page = ListApps("g1", filter, kEverything);

    ASSERT_TRUE(page.ok()) << row.label;
    EXPECT_EQ(IdsOf(page->items), row.expected) << row.label;
    EXPECT_EQ(page->count, static_cast<int64_t>(row.expected.size())) << row.label;
  }
}

TEST_P(StoreConformanceTest, AppsAreScopedToTheirGroup) {
  ASSERT_OK(AddGroup(MakeGroup("g1", "office", 1000)));
  ASSERT_OK(AddGroup(MakeGroup("g2", "design", 2000)));
  ASSERT_OK(AddApps("g1", {MakeApp("a1", "Word", 100)}));

  Result<Page<App>> other_group = ListApps("g2", {}, kEverything);
  Result<Page<App>> unknown_group = ListApps("missing", {}, kEverything);
  Result<std::optional<App>> wrong_group = FindApp("g2", "a1");

  ASSERT_OK(other_group);
  ASSERT_OK(unknown_group);
  ASSERT_OK(wrong_group);
  EXPECT_EQ(other_group->count, 0);
  EXPECT_TRUE(other_group->items.empty());
  EXPECT_EQ(unknown_group->count, 0);
  EXPECT_TRUE(unknown_group->items.empty());
  EXPECT_FALSE(wrong_group->has_value());
}

// --- Units of work ------------------------------------------------------------------------

TEST_P(StoreConformanceTest, UnitDestroyedWithoutCommitRollsBack) {
  {
    Result<std::unique_ptr<UnitOfWork>> unit = store_->Begin(Mode::kWrite);
    ASSERT_OK(unit);
    ASSERT_OK((*unit)->InsertAppGroup(MakeGroup("g1", "office", 1000)));
    ASSERT_OK((*unit)->InsertApps(kProjectId, "g1", {MakeApp("a1", "Word", 1)}));
    ASSERT_OK((*unit)->InsertAuthorization(MakeGrant("grant-1", "g1", "", "alice")));
    ASSERT_OK((*unit)->PutSetting("region", "cn-north-4"));
  }

  Result<std::optional<AppGroup>> group = FindGroup("g1");
  Result<std::optional<std::string>> setting =
      Read<std::optional<std::string>>([](UnitOfWork& unit) { return unit.GetSetting("region"); });

  ASSERT_OK(group);
  ASSERT_OK(setting);
  EXPECT_FALSE(group->has_value());
  EXPECT_FALSE(setting->has_value());
  Result<Page<Authorization>> grants = ListGrants({});
  ASSERT_OK(grants);
  EXPECT_EQ(grants->count, 0);
}

TEST_P(StoreConformanceTest, UnitSeesItsOwnChangesBeforeCommit) {
  Result<std::unique_ptr<UnitOfWork>> unit = store_->Begin(Mode::kWrite);
  ASSERT_OK(unit);
  ASSERT_OK((*unit)->InsertAppGroup(MakeGroup("g1", "office", 1000)));

  Result<std::optional<AppGroup>> inside = (*unit)->FindAppGroup(kProjectId, "g1");

  ASSERT_OK(inside);
  EXPECT_TRUE(inside->has_value());
}

TEST_P(StoreConformanceTest, CommittedUnitIsVisibleToLaterUnits) {
  Status committed =
      InUnit([](UnitOfWork& unit) { return unit.InsertAppGroup(MakeGroup("g1", "office", 1000)); });

  Result<std::optional<AppGroup>> group = FindGroup("g1");

  ASSERT_OK(committed);
  ASSERT_OK(group);
  EXPECT_TRUE(group->has_value());
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreConformanceTest, ::testing::ValuesIn(Backends()),
                         BackendName);

}  // namespace
}  // namespace wsapp::store::conformance
