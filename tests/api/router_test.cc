#include "api/router.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/status_matchers.h"

namespace wsapp::api {
namespace {

constexpr char kAppPattern[] = "/v1/{project_id}/app-groups/{app_group_id}/apps/{app_id}";
constexpr char kBatchPattern[] = "/v1/{project_id}/app-groups/{app_group_id}/apps/batch-unpublish";
constexpr char kAppsPattern[] = "/v1/{project_id}/app-groups/{app_group_id}/apps";

Route MakeRoute(std::string method, std::string pattern, std::string operation) {
  Route route;
  route.operation = std::move(operation);
  route.method = std::move(method);
  route.pattern = std::move(pattern);
  route.action = "workspace:app:get";
  route.resources = [](const ApiCall&) { return std::vector<ResourceRef>{{"app", "*"}}; };
  route.handler = [](ApiCall&) -> Result<HttpResponse> { return HttpResponse(); };
  return route;
}

std::string OperationOf(const RouteMatch& match) {
  return match.route == nullptr ? "<none>" : match.route->operation;
}

class RouterTest : public ::testing::Test {
 protected:
  void AddOrFail(Route route) { ASSERT_OK(router_.Add(std::move(route))); }

  Router router_;
};

TEST_F(RouterTest, MatchesParametersAndDecodesThem) {
  AddOrFail(MakeRoute("GET", kAppPattern, "ShowApp"));

  RouteMatch match = router_.Match("GET", "/v1/proj-1/app-groups/g%201/apps/a%2Bb");

  EXPECT_EQ(OperationOf(match), "ShowApp");
  EXPECT_EQ(match.params["project_id"], "proj-1");
  EXPECT_EQ(match.params["app_group_id"], "g 1");
  EXPECT_EQ(match.params["app_id"], "a+b");
}

TEST_F(RouterTest, EncodedSlashStaysInsideItsParameter) {
  AddOrFail(MakeRoute("GET", kAppPattern, "ShowApp"));

  RouteMatch match = router_.Match("GET", "/v1/p/app-groups/g/apps/a%2Fb");

  EXPECT_EQ(OperationOf(match), "ShowApp");
  EXPECT_EQ(match.params["app_id"], "a/b");
}

TEST_F(RouterTest, PlusInAPathIsNotASpace) {
  AddOrFail(MakeRoute("GET", kAppPattern, "ShowApp"));

  RouteMatch match = router_.Match("GET", "/v1/p/app-groups/g/apps/a+b");

  EXPECT_EQ(match.params["app_id"], "a+b");
}

TEST_F(RouterTest, LiteralSegmentWinsOverParameterWhicheverIsAddedFirst) {
  for (bool literal_first : {false, true}) {
    SCOPED_TRACE(literal_first ? "literal added first" : "parameter added first");
    Router router;
    Route literal = MakeRoute("POST", kBatchPattern, "UnpublishApp");
    Route parameter = MakeRoute("POST", kAppPattern, "PostApp");
    ASSERT_OK(router.Add(literal_first ? literal : parameter));
    ASSERT_OK(router.Add(literal_first ? parameter : literal));

    RouteMatch batch = router.Match("POST", "/v1/p/app-groups/g/apps/batch-unpublish");
    RouteMatch other = router.Match("POST", "/v1/p/app-groups/g/apps/123");

    EXPECT_EQ(OperationOf(batch), "UnpublishApp");
    EXPECT_TRUE(batch.params.count("app_id") == 0);
    EXPECT_EQ(OperationOf(other), "PostApp");
    EXPECT_EQ(other.params["app_id"], "123");
  }
}

TEST_F(RouterTest, EarlierLiteralSegmentDecidesBetweenPatterns) {
  AddOrFail(MakeRoute("GET", "/v1/{project_id}/app-groups/{app_group_id}", "ShowAppGroup"));
  AddOrFail(MakeRoute("GET", "/v1/{project_id}/app-groups/authorizations", "ListAuthorizations"));

  RouteMatch match = router_.Match("GET", "/v1/p/app-groups/authorizations");

  EXPECT_EQ(OperationOf(match), "ListAuthorizations");
}

TEST_F(RouterTest, TrailingSlashRoutesToTheSameOperation) {
  AddOrFail(MakeRoute("GET", kAppsPattern, "ListPublishedApp"));

  RouteMatch without = router_.Match("GET", "/v1/p/app-groups/g/apps");
  RouteMatch with = router_.Match("GET", "/v1/p/app-groups/g/apps/");

  EXPECT_EQ(OperationOf(without), "ListPublishedApp");
  EXPECT_EQ(OperationOf(with), "ListPublishedApp");
  EXPECT_EQ(with.params["app_group_id"], "g");
}

TEST_F(RouterTest, PathsThatDoNotFitFindNothing) {
  AddOrFail(MakeRoute("GET", kAppsPattern, "ListPublishedApp"));
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"unknown literal", "/v1/p/app-groups/g/applications"},
      {"extra segment", "/v1/p/app-groups/g/apps/x/y"},
      {"missing segment", "/v1/p/app-groups/g"},
      {"empty parameter", "/v1/p/app-groups//apps"},
      {"two trailing slashes", "/v1/p/app-groups/g/apps//"},
      {"malformed escape", "/v1/p/app-groups/%zz/apps"},
      {"no leading slash", "v1/p/app-groups/g/apps"},
      {"empty", ""},
  };

  for (const auto& [label, path] : cases) {
    RouteMatch match = router_.Match("GET", path);

    EXPECT_EQ(match.route, nullptr) << label;
    EXPECT_TRUE(match.allowed_methods.empty()) << label;
  }
}

TEST_F(RouterTest, OtherMethodOnAKnownPathListsTheAllowedMethods) {
  AddOrFail(MakeRoute("GET", kAppsPattern, "ListPublishedApp"));
  AddOrFail(MakeRoute("POST", kAppsPattern, "PublishApp"));

  RouteMatch match = router_.Match("DELETE", "/v1/p/app-groups/g/apps");

  EXPECT_EQ(match.route, nullptr);
  EXPECT_EQ(match.allowed_methods, (std::vector<std::string>{"GET", "POST"}));
}

TEST_F(RouterTest, MatchedRouteAlsoReportsTheOtherMethodsOfItsPath) {
  AddOrFail(MakeRoute("POST", kAppsPattern, "PublishApp"));
  AddOrFail(MakeRoute("GET", kAppsPattern, "ListPublishedApp"));

  RouteMatch match = router_.Match("POST", "/v1/p/app-groups/g/apps");

  EXPECT_EQ(OperationOf(match), "PublishApp");
  EXPECT_EQ(match.allowed_methods, (std::vector<std::string>{"GET", "POST"}));
}

TEST_F(RouterTest, HeadIsServedByTheGetRoute) {
  AddOrFail(MakeRoute("GET", kAppsPattern, "ListPublishedApp"));

  RouteMatch match = router_.Match("HEAD", "/v1/p/app-groups/g/apps");

  EXPECT_EQ(OperationOf(match), "ListPublishedApp");
  EXPECT_EQ(match.params["app_group_id"], "g");
}

// Keystone's membership and grant checks are HEAD operations of their own.
TEST_F(RouterTest, HeadRouteOfItsOwnWinsOverTheGetRoute) {
  const std::string pattern = "/v3/groups/{group_id}/users/{user_id}";
  AddOrFail(MakeRoute("GET", pattern, "ShowMember"));
  AddOrFail(MakeRoute("HEAD", pattern, "CheckMember"));

  RouteMatch head = router_.Match("HEAD", "/v3/groups/g/users/u");
  RouteMatch get = router_.Match("GET", "/v3/groups/g/users/u");

  EXPECT_EQ(OperationOf(head), "CheckMember");
  EXPECT_EQ(OperationOf(get), "ShowMember");
}

TEST_F(RouterTest, HeadWithoutAGetRouteIsNotAllowed) {
  AddOrFail(MakeRoute("POST", kBatchPattern, "UnpublishApp"));

  RouteMatch match = router_.Match("HEAD", "/v1/p/app-groups/g/apps/batch-unpublish");

  EXPECT_EQ(match.route, nullptr);
  EXPECT_EQ(match.allowed_methods, (std::vector<std::string>{"POST"}));
}

TEST_F(RouterTest, MatchCarriesTheErrorShapeOfThePath) {
  Route tokens = MakeRoute("POST", "/v3/auth/tokens", "CreateToken");
  tokens.error_shape = ErrorShape::kKeystone;
  AddOrFail(std::move(tokens));

  RouteMatch wrong_method = router_.Match("GET", "/v3/auth/tokens");

  EXPECT_EQ(wrong_method.route, nullptr);
  EXPECT_EQ(wrong_method.error_shape, ErrorShape::kKeystone);
}

TEST_F(RouterTest, RoutesMustDeclareActionResourcesAndHandler) {
  Route no_action = MakeRoute("GET", kAppsPattern, "NoAction");
  no_action.action.clear();
  Route no_resources = MakeRoute("GET", kAppsPattern, "NoResources");
  no_resources.resources = nullptr;
  Route no_handler = MakeRoute("GET", kAppsPattern, "NoHandler");
  no_handler.handler = nullptr;
  const std::vector<Route> cases = {no_action, no_resources, no_handler};

  for (const Route& route : cases) {
    Status added = router_.Add(route);

    ASSERT_FALSE(added.ok()) << route.operation;
    EXPECT_EQ(added.error().code, ErrorCode::kInvalidArgument) << route.operation;
  }
  EXPECT_TRUE(router_.routes().empty());
  EXPECT_EQ(router_.Match("GET", "/v1/p/app-groups/g/apps").route, nullptr);
}

TEST_F(RouterTest, DuplicateMethodAndPatternIsRejected) {
  AddOrFail(MakeRoute("GET", kAppsPattern, "First"));

  Status again = router_.Add(MakeRoute("GET", kAppsPattern, "Second"));
  Status other_method = router_.Add(MakeRoute("POST", kAppsPattern, "Publish"));

  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kInvalidArgument);
  EXPECT_OK(other_method);
  EXPECT_EQ(router_.routes().size(), 2u);
  EXPECT_EQ(OperationOf(router_.Match("GET", "/v1/p/app-groups/g/apps")), "First");
}

TEST_F(RouterTest, MalformedPatternIsRejected) {
  for (const std::string pattern : {"v1/{project_id}/apps", "", "/v1/%zz/apps"}) {
    Status added = router_.Add(MakeRoute("GET", pattern, "Bad"));

    ASSERT_FALSE(added.ok()) << "'" << pattern << "'";
    EXPECT_EQ(added.error().code, ErrorCode::kInvalidArgument) << pattern;
  }
}

TEST_F(RouterTest, SplitPathDecodesEachSegmentAfterSplitting) {
  std::vector<std::string> segments;

  const bool ok = SplitPath("/v1/a%2Fb/c%20d/", &segments);

  ASSERT_TRUE(ok);
  EXPECT_EQ(segments, (std::vector<std::string>{"v1", "a/b", "c d"}));
}

TEST_F(RouterTest, SplitPathOfTheRootIsEmpty) {
  std::vector<std::string> segments = {"stale"};

  const bool ok = SplitPath("/", &segments);

  ASSERT_TRUE(ok);
  EXPECT_TRUE(segments.empty());
}

}  // namespace
}  // namespace wsapp::api
