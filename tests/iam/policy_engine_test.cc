#include "iam/policy_engine.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "iam/policy_match.h"
#include "iam/system_policies.h"

namespace wsapp::iam {
namespace {

constexpr char kUnpublish[] = "workspace:app:unpublish";
constexpr char kApp1[] = "workspace:local:acct:app:1";
constexpr char kApp2[] = "workspace:local:acct:app:2";
constexpr char kApp3[] = "workspace:local:acct:app:3";
constexpr char kGroup[] = "workspace:local:acct:appGroup:9";

// A policy from a 5.0 document with the given statements; a parse failure fails the test.
Policy MakePolicy(const std::string& name, const std::string& statements) {
  std::string text = R"({"Version":"5.0","Statement":[)" + statements + "]}";
  Result<PolicyDocument> parsed = ParsePolicyDocument(text, PolicyLanguage::kIdentityV5);
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
  Policy policy;
  policy.policy_id = "id-" + name;
  policy.name = name;
  if (parsed.ok()) {
    policy.document = std::move(parsed).value();
  }
  return policy;
}

std::string Allow(const std::string& actions, const std::string& extra = "") {
  return R"({"Effect":"Allow","Action":)" + actions + extra + "}";
}

std::string Deny(const std::string& actions, const std::string& extra = "") {
  return R"({"Effect":"Deny","Action":)" + actions + extra + "}";
}

PolicyDecision Evaluate(const std::vector<Policy>& policies, const std::string& action,
                        const std::vector<std::string>& resources) {
  return EvaluatePolicies(policies, action, resources, ConditionContext{});
}

struct MatchCase {
  std::string pattern;
  std::string text;
  bool is_match;
};

TEST(PolicyEngineTest, ActionPatternsFollowCaseAndWildcardRules) {
  const std::vector<MatchCase> cases = {
      {"*", "workspace:app:unpublish", true},
      {"workspace:app:unpublish", "workspace:app:unpublish", true},
      {"workspace:APP:UNPUBLISH", "workspace:app:unpublish", true},
      {"workspace:app:unpublish", "workspace:App:UnPublish", true},
      {"workspace:*:*", "workspace:appGroup:list", true},
      {"workspace:*", "workspace:appGroup:list", true},  // '*' spans ':'
      {"workspace:app:*", "workspace:appGroup:list", false},
      {"workspace:app*:list", "workspace:appGroup:list", true},
      {"workspace:app:unpub", "workspace:app:unpublish", false},
      {"workspace:app:unpublish", "workspace:app:unpub", false},
      {"workspace:app:?npublish", "workspace:app:unpublish", true},
      {"workspace:app:?unpublish", "workspace:app:unpublish", false},
      {"workspace:???:list", "workspace:app:list", true},
      {"workspace:app:listPublishedApp", "workspace:app:unpublish", false},
      {"*:*:list*", "iam:users:listUsers", true},
      {"Workspace:app:list", "workspace:app:list", false},  // service part is exact
      {"workspace:app:list", "WORKSPACE:app:list", false},
      {"work*:app:list", "workspace:app:list", true},
      {"workspace:app:*list", "workspace:app:LIST", true},
      {"workspace:*:get*", "workspace:appGroup:GetDetail", true},
  };
  for (const MatchCase& row : cases) {
    EXPECT_EQ(ActionPatternMatches(row.pattern, row.text), row.is_match)
        << row.pattern << " vs " << row.text;
  }
}

TEST(PolicyEngineTest, ResourcePatternsAreCaseSensitiveGlobs) {
  const std::vector<MatchCase> cases = {
      {"*", kApp1, true},
      {"*", "*", true},
      {kApp1, kApp1, true},
      {"workspace:local:acct:APP:1", kApp1, false},
      {"workspace:*:*:app:*", kApp1, true},
      {"workspace:*:*:app:*", kGroup, false},
      {"workspace:*:app:*", kApp1, true},  // one '*' covers "local:acct"
      {"workspace:local:acct:app:?", kApp1, true},
      {"workspace:local:acct:app:?", "workspace:local:acct:app:12", false},
      {"workspace:local:acct:app:1*", "workspace:local:acct:app:12", true},
      {"workspace:*:*:app:*", "*", false},
      {"iam::acct:user:a*b", "iam::acct:user:a:x:b", true},
      {"iam::acct:user:a?b",
       "iam::acct:user:a\xe4\xb8\xad"
       "b",
       true},  // '?' is a character
      {"**a*b*", "xxaxxbxx", true},
      {"*a*a*a*a*a*b", std::string(60, 'a'), false},
  };
  for (const MatchCase& row : cases) {
    EXPECT_EQ(ResourcePatternMatches(row.pattern, row.text), row.is_match)
        << row.pattern << " vs " << row.text;
  }
}

struct C11Step {
  std::string label;
  std::vector<std::string> statements;
  PolicyDecisionKind expected;
};

// Fault case C11: every step is a user with only the listed statements (Resource "*") calling
// batch-unpublish on one app.
TEST(PolicyEngineTest, FaultCaseC11ActionMatching) {
  const std::string kAll = R"(,"Resource":["*"])";
  const std::vector<C11Step> steps = {
      {"exact action", {Allow(R"(["workspace:app:unpublish"])", kAll)}, PolicyDecisionKind::kAllow},
      {"wildcard operation", {Allow(R"(["workspace:app:*"])", kAll)}, PolicyDecisionKind::kAllow},
      {"deny in other case wins",
       {Allow(R"(["workspace:*:*"])", kAll), Deny(R"(["workspace:APP:Unpublish"])", kAll)},
       PolicyDecisionKind::kExplicitDeny},
      {"allow in upper case",
       {Allow(R"(["workspace:APP:UNPUBLISH"])", kAll)},
       PolicyDecisionKind::kAllow},
      {"no prefix match",
       {Allow(R"(["workspace:app:unpub"])", kAll)},
       PolicyDecisionKind::kImplicitDeny},
      {"other action",
       {Allow(R"(["workspace:app:listPublishedApp"])", kAll)},
       PolicyDecisionKind::kImplicitDeny},
      {"no policy", {}, PolicyDecisionKind::kImplicitDeny},
  };
  for (const C11Step& step : steps) {
    std::vector<Policy> policies;
    for (size_t i = 0; i < step.statements.size(); ++i) {
      policies.push_back(MakePolicy("p" + std::to_string(i), step.statements[i]));
    }

    PolicyDecision decision = Evaluate(policies, kUnpublish, {kApp1, kGroup});

    EXPECT_EQ(decision.kind, step.expected) << step.label << ": " << decision.reason;
  }
}

TEST(PolicyEngineTest, DenyOverridesAllowAndNamesTheStatement) {
  std::vector<Policy> policies = {
      MakePolicy("full", Allow(R"(["workspace:*:*"])")),
      MakePolicy("ops",
                 Allow(R"(["*"])") + "," +
                     R"({"Sid":"NoUnpublish","Effect":"Deny","Action":"workspace:app:unpublish"})"),
  };

  PolicyDecision decision = Evaluate(policies, kUnpublish, {kApp1});

  EXPECT_EQ(decision.kind, PolicyDecisionKind::kExplicitDeny);
  EXPECT_FALSE(decision.is_allowed());
  EXPECT_EQ(decision.policy_id, "id-ops");
  EXPECT_EQ(decision.policy_name, "ops");
  EXPECT_EQ(decision.statement_index, 1u);
  EXPECT_EQ(decision.sid, "NoUnpublish");
  EXPECT_EQ(decision.resource, kApp1);
  EXPECT_EQ(decision.reason, R"(denied by statement 1 (Sid "NoUnpublish") of policy "ops")");
}

TEST(PolicyEngineTest, AllowNamesTheStatementWithoutSid) {
  std::vector<Policy> policies = {MakePolicy("apps", Allow(R"(["workspace:app:*"])"))};

  PolicyDecision decision = Evaluate(policies, kUnpublish, {kApp1});

  EXPECT_TRUE(decision.is_allowed());
  EXPECT_EQ(decision.policy_id, "id-apps");
  EXPECT_EQ(decision.statement_index, 0u);
  EXPECT_EQ(decision.sid, "");
  EXPECT_EQ(decision.resource, kApp1);
  EXPECT_EQ(decision.reason, R"(allowed by statement 0 of policy "apps")");
}

TEST(PolicyEngineTest, ImplicitDenyNamesActionAndResource) {
  std::vector<Policy> policies = {MakePolicy("read", Allow(R"(["workspace:*:list*"])"))};

  PolicyDecision decision = Evaluate(policies, kUnpublish, {kApp1});

  EXPECT_EQ(decision.kind, PolicyDecisionKind::kImplicitDeny);
  EXPECT_EQ(decision.policy_id, "");
  EXPECT_FALSE(decision.statement_index.has_value());
  EXPECT_EQ(decision.resource, kApp1);
  EXPECT_EQ(decision.reason,
            "no statement allows workspace:app:unpublish on workspace:local:acct:app:1");
}

TEST(PolicyEngineTest, BatchIsDeniedWhenOneResourceIsDenied) {
  std::vector<Policy> policies = {MakePolicy(
      "ops", Allow(R"(["workspace:app:*"])") + "," +
                 Deny(R"(["workspace:app:unpublish"])", R"(,"Resource":["*:*:*:app:3"])"))};

  PolicyDecision decision = Evaluate(policies, kUnpublish, {kApp1, kApp2, kApp3});

  EXPECT_EQ(decision.kind, PolicyDecisionKind::kExplicitDeny);
  EXPECT_EQ(decision.resource, kApp3);
  EXPECT_EQ(decision.statement_index, 1u);
}

TEST(PolicyEngineTest, BatchNeedsAnAllowForEveryResource) {
  std::vector<Policy> policies = {
      MakePolicy("a", Allow(R"(["*"])",
                            R"(,"Resource":["workspace:*:*:app:1","workspace:*:*:appGroup:*"])")),
      MakePolicy("b", Allow(R"(["*"])", R"(,"Resource":["workspace:local:acct:app:2"])")),
  };

  PolicyDecision two = Evaluate(policies, kUnpublish, {kApp1, kApp2, kGroup});
  PolicyDecision three = Evaluate(policies, kUnpublish, {kApp1, kApp2, kApp3, kGroup});

  EXPECT_EQ(two.kind, PolicyDecisionKind::kAllow) << two.reason;
  EXPECT_EQ(two.policy_name, "a");
  EXPECT_EQ(two.resource, kApp1);
  EXPECT_EQ(three.kind, PolicyDecisionKind::kImplicitDeny);
  EXPECT_EQ(three.resource, kApp3);
}

TEST(PolicyEngineTest, EmptyResourceListIsEvaluatedOnStar) {
  std::vector<Policy> scoped = {
      MakePolicy("scoped", Allow(R"(["*"])", R"(,"Resource":["workspace:*:*:appGroup:*"])"))};
  std::vector<Policy> star = {MakePolicy("star", Allow(R"(["*"])", R"(,"Resource":["*"])"))};
  std::vector<Policy> none = {MakePolicy("none", Allow(R"(["*"])"))};

  PolicyDecision scoped_decision = Evaluate(scoped, "workspace:appGroup:check", {});
  PolicyDecision star_decision = Evaluate(star, "workspace:appGroup:check", {});
  PolicyDecision none_decision = Evaluate(none, "workspace:appGroup:check", {});

  EXPECT_EQ(scoped_decision.kind, PolicyDecisionKind::kImplicitDeny);
  EXPECT_EQ(scoped_decision.reason, "no statement allows workspace:appGroup:check on *");
  EXPECT_EQ(star_decision.kind, PolicyDecisionKind::kAllow);
  EXPECT_EQ(star_decision.resource, "*");
  EXPECT_EQ(none_decision.kind, PolicyDecisionKind::kAllow);
}

TEST(PolicyEngineTest, NotActionCoversEveryOtherAction) {
  std::vector<Policy> policies = {
      MakePolicy("all-but-delete", R"({"Effect":"Allow","NotAction":["workspace:*:delete*"]})")};

  EXPECT_TRUE(Evaluate(policies, "workspace:appGroup:list", {kGroup}).is_allowed());
  EXPECT_TRUE(Evaluate(policies, "iam:users:listUsers", {}).is_allowed());
  EXPECT_FALSE(Evaluate(policies, "workspace:appGroup:delete", {kGroup}).is_allowed());
  EXPECT_FALSE(Evaluate(policies, "workspace:appGroup:DeleteBatch", {kGroup}).is_allowed());
}

TEST(PolicyEngineTest, NotActionDenyBlocksEverythingElse) {
  std::vector<Policy> policies = {MakePolicy(
      "only-list", Allow(R"(["*"])") + "," + R"({"Effect":"Deny","NotAction":["*:*:list*"]})")};

  EXPECT_TRUE(Evaluate(policies, "workspace:appGroup:list", {}).is_allowed());
  EXPECT_EQ(Evaluate(policies, kUnpublish, {kApp1}).kind, PolicyDecisionKind::kExplicitDeny);
}

TEST(PolicyEngineTest, NotResourceCoversEveryOtherResource) {
  std::vector<Policy> policies = {
      MakePolicy("not-9", Allow(R"(["*"])", R"(,"NotResource":["workspace:*:*:appGroup:9"])")),
  };

  EXPECT_TRUE(Evaluate(policies, kUnpublish, {kApp1}).is_allowed());
  EXPECT_TRUE(Evaluate(policies, kUnpublish, {}).is_allowed());
  PolicyDecision decision = Evaluate(policies, kUnpublish, {kApp1, kGroup});
  EXPECT_EQ(decision.kind, PolicyDecisionKind::kImplicitDeny);
  EXPECT_EQ(decision.resource, kGroup);
}

TEST(PolicyEngineTest, NotResourceDenyProtectsAllButOne) {
  std::vector<Policy> policies = {MakePolicy(
      "only-app-1",
      Allow(R"(["*"])") + "," + Deny(R"(["*"])", R"(,"NotResource":["workspace:*:*:app:1"])"))};

  EXPECT_TRUE(Evaluate(policies, kUnpublish, {kApp1}).is_allowed());
  PolicyDecision decision = Evaluate(policies, kUnpublish, {kApp1, kApp2});
  EXPECT_EQ(decision.kind, PolicyDecisionKind::kExplicitDeny);
  EXPECT_EQ(decision.resource, kApp2);
}

TEST(PolicyEngineTest, StatementsApplyOnlyWhenConditionsHold) {
  std::vector<Policy> policies = {MakePolicy(
      "project", Allow(R"(["*"])", R"(,"Condition":{"StringEquals":{"g:ProjectId":"p1"}})"))};
  ConditionContext in_p1;
  in_p1.project_id = "p1";
  ConditionContext in_p2;
  in_p2.project_id = "p2";

  EXPECT_TRUE(EvaluatePolicies(policies, kUnpublish, {kApp1}, in_p1).is_allowed());
  EXPECT_FALSE(EvaluatePolicies(policies, kUnpublish, {kApp1}, in_p2).is_allowed());
  EXPECT_FALSE(EvaluatePolicies(policies, kUnpublish, {kApp1}, ConditionContext{}).is_allowed());
}

TEST(PolicyEngineTest, ConditionalDenyAppliesOnlyWhenItHolds) {
  std::vector<Policy> policies = {MakePolicy(
      "office",
      Allow(R"(["*"])") + "," +
          Deny(R"(["*"])", R"(,"Condition":{"NotIpAddress":{"g:SourceIp":"10.0.0.0/8"}})"))};
  ConditionContext office;
  office.source_ip = "10.1.2.3";
  ConditionContext outside;
  outside.source_ip = "203.0.113.5";

  EXPECT_TRUE(EvaluatePolicies(policies, kUnpublish, {kApp1}, office).is_allowed());
  EXPECT_EQ(EvaluatePolicies(policies, kUnpublish, {kApp1}, outside).kind,
            PolicyDecisionKind::kExplicitDeny);
}

TEST(PolicyEngineTest, SystemPoliciesGrantWhatTheirNamesSay) {
  const SystemPolicy* full = FindSystemPolicy(kWorkspaceAppFullAccess);
  const SystemPolicy* read = FindSystemPolicy(kWorkspaceAppReadOnlyAccess);
  ASSERT_NE(full, nullptr);
  ASSERT_NE(read, nullptr);
  EXPECT_EQ(SystemPolicies().size(), 2u);
  EXPECT_EQ(FindSystemPolicy("WorkspaceApp Unknown"), nullptr);
  EXPECT_EQ(full->policy.policy_id.size(), 32u);
  EXPECT_NE(full->policy.policy_id, read->policy.policy_id);
  std::vector<Policy> full_only = {full->policy};
  std::vector<Policy> read_only = {read->policy};

  EXPECT_TRUE(Evaluate(full_only, kUnpublish, {kApp1, kGroup}).is_allowed());
  EXPECT_FALSE(Evaluate(full_only, "iam:users:listUsers", {}).is_allowed());
  EXPECT_TRUE(Evaluate(read_only, "workspace:appGroup:list", {kGroup}).is_allowed());
  EXPECT_TRUE(Evaluate(read_only, "workspace:app:showDetail", {kApp1}).is_allowed());
  EXPECT_TRUE(Evaluate(read_only, "workspace:appGroup:check", {}).is_allowed());
  EXPECT_TRUE(Evaluate(read_only, "workspace:app:getIcon", {kApp1}).is_allowed());
  EXPECT_FALSE(Evaluate(read_only, kUnpublish, {kApp1}).is_allowed());
  EXPECT_FALSE(Evaluate(read_only, "workspace:appGroup:create", {}).is_allowed());
  EXPECT_FALSE(Evaluate(read_only, "iam:users:listUsers", {}).is_allowed());
}

TEST(PolicyEngineTest, SystemPolicyTextsParseToTheirDocuments) {
  for (const SystemPolicy& system : SystemPolicies()) {
    Result<PolicyDocument> parsed =
        ParsePolicyDocument(system.document_text, PolicyLanguage::kIdentityV5);

    ASSERT_TRUE(parsed.ok()) << system.policy.name;
    ASSERT_EQ(parsed->statements.size(), system.policy.document.statements.size());
    EXPECT_EQ(parsed->statements[0].actions, system.policy.document.statements[0].actions);
  }
}

}  // namespace
}  // namespace wsapp::iam
