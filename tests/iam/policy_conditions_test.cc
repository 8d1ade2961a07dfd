#include "iam/policy_conditions.h"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "common/time_format.h"

namespace wsapp::iam {
namespace {

// The one condition of `{"<op>": {"<key>": <values>}}`, parsed as a policy would be.
std::vector<PolicyCondition> ParseConditions(const std::string& condition) {
  std::string text = R"({"Version":"5.0","Statement":[{"Effect":"Allow","Action":["*"],)"
                     R"("Condition":)" +
                     condition + "}]}";
  Result<PolicyDocument> parsed = ParsePolicyDocument(text, PolicyLanguage::kIdentityV5);
  EXPECT_TRUE(parsed.ok()) << condition << ": " << (parsed.ok() ? "" : parsed.error().message);
  if (!parsed.ok()) {
    return {};
  }
  return parsed->statements[0].conditions;
}

bool AllHold(const std::string& condition, const ConditionContext& context) {
  std::vector<PolicyCondition> conditions = ParseConditions(condition);
  EXPECT_FALSE(conditions.empty()) << condition;
  for (const PolicyCondition& parsed : conditions) {
    if (!ConditionHolds(parsed, context)) {
      return false;
    }
  }
  return !conditions.empty();
}

// Every key present: 2025-12-03T10:20:00Z, user "Alice" (u-123) of domain "acme" in project
// p1 "cn-north-4", calling from 10.1.2.3 in region cn-north-4.
ConditionContext FullContext() {
  ConditionContext context;
  context.current_time = FromUnixMillis(1764757200000);
  context.user_id = "u-123";
  context.user_name = "Alice";
  context.domain_name = "acme";
  context.project_id = "p1";
  context.project_name = "cn-north-4";
  context.source_ip = "10.1.2.3";
  context.requested_region = "cn-north-4";
  return context;
}

struct ConditionCase {
  std::string condition;
  bool expected;
  std::function<void(ConditionContext&)> adjust = [](ConditionContext&) {};
};

void RunCases(const std::vector<ConditionCase>& cases) {
  for (const ConditionCase& row : cases) {
    ConditionContext context = FullContext();
    row.adjust(context);

    EXPECT_EQ(AllHold(row.condition, context), row.expected) << row.condition;
  }
}

void NoUserName(ConditionContext& context) { context.user_name.reset(); }

TEST(PolicyConditionsTest, StringOperators) {
  RunCases({
      {R"({"StringEquals":{"g:UserName":"Alice"}})", true},
      {R"({"StringEquals":{"g:UserName":"alice"}})", false},
      {R"({"StringEquals":{"g:UserName":["Bob","Alice"]}})", true},
      {R"({"StringNotEquals":{"g:UserName":"Bob"}})", true},
      {R"({"StringNotEquals":{"g:UserName":["Bob","Alice"]}})", false},
      {R"({"StringEqualsIgnoreCase":{"g:UserName":"ALICE"}})", true},
      {R"({"StringEqualsIgnoreCase":{"g:UserName":"ALIC"}})", false},
      {R"({"StringNotEqualsIgnoreCase":{"g:UserName":"aLiCe"}})", false},
      {R"({"StringNotEqualsIgnoreCase":{"g:UserName":"Bob"}})", true},
      {R"({"StringLike":{"g:UserName":"A*"}})", true},
      {R"({"StringLike":{"g:UserName":"a*"}})", false},
      {R"({"StringLike":{"g:UserName":["B*","Al?ce"]}})", true},
      {R"({"StringNotLike":{"g:UserName":"B*"}})", true},
      {R"({"StringNotLike":{"g:UserName":["B*","*ice"]}})", false},
      {R"({"StringStartWith":{"g:UserName":"Al"}})", true},
      {R"({"StringStartWith":{"g:UserName":"al"}})", false},
      {R"({"StringEndWith":{"g:UserName":"ce"}})", true},
      {R"({"StringEndWith":{"g:UserName":"Al"}})", false},
  });
}

TEST(PolicyConditionsTest, EveryKeyReadsItsContextValue) {
  RunCases({
      {R"({"StringEquals":{"g:UserId":"u-123"}})", true},
      {R"({"StringEquals":{"g:UserName":"Alice"}})", true},
      {R"({"StringEquals":{"g:DomainName":"acme"}})", true},
      {R"({"StringEquals":{"g:ProjectId":"p1"}})", true},
      {R"({"StringEquals":{"g:ProjectName":"cn-north-4"}})", true},
      {R"({"StringEquals":{"g:SourceIp":"10.1.2.3"}})", true},
      {R"({"StringEquals":{"g:RequestedRegion":"cn-north-4"}})", true},
      {R"({"StringEquals":{"g:CurrentTime":"2025-12-03T10:20:00.000Z"}})", true},
      {R"({"StringEquals":{"g:ProjectId":"u-123"}})", false},
      {R"({"StringEquals":{"G:PROJECTID":"p1"}})", true},
      {R"({"StringEquals":{"g:projectid":"p1"}})", true},
  });
}

TEST(PolicyConditionsTest, NumberOperators) {
  auto id_is = [](std::string id) { return [id](ConditionContext& c) { c.user_id = id; }; };
  RunCases({
      {R"({"NumberEquals":{"g:UserId":"42"}})", true, id_is("42.0")},
      {R"({"NumberEquals":{"g:UserId":["1","2"]}})", false, id_is("42")},
      {R"({"NumberLessThan":{"g:UserId":"42.5"}})", true, id_is("42")},
      {R"({"NumberLessThan":{"g:UserId":"42"}})", false, id_is("42")},
      {R"({"NumberGreaterThan":{"g:UserId":"-1"}})", true, id_is("0")},
      {R"({"NumberGreaterThan":{"g:UserId":"0"}})", false, id_is("0")},
      {R"({"NumberEquals":{"g:UserId":"42"}})", false, id_is("forty-two")},
  });
}

TEST(PolicyConditionsTest, DateOperatorsCompareCurrentTime) {
  RunCases({
      {R"({"DateLessThan":{"g:CurrentTime":"2025-12-03T10:20:00.001Z"}})", true},
      {R"({"DateLessThan":{"g:CurrentTime":"2025-12-03T10:20:00Z"}})", false},
      {R"({"DateGreaterThan":{"g:CurrentTime":"2025-12-03T10:19:59.999Z"}})", true},
      {R"({"DateGreaterThan":{"g:CurrentTime":"2026-01-01T00:00:00Z"}})", false},
      {R"({"DateGreaterThan":{"g:CurrentTime":["2030-01-01T00:00:00Z","2020-01-01T00:00:00Z"]}})",
       true},
      {R"({"DateGreaterThan":{"g:CurrentTime":"2020-01-01T00:00:00Z"},)"
       R"("DateLessThan":{"g:CurrentTime":"2026-01-01T00:00:00Z"}})",
       true},
      {R"({"DateLessThan":{"g:CurrentTime":"2030-01-01T00:00:00Z"}})", false,
       [](ConditionContext& c) { c.current_time.reset(); }},
  });
}

TEST(PolicyConditionsTest, BoolOperator) {
  auto name_is = [](std::string name) {
    return [name](ConditionContext& c) { c.user_name = name; };
  };
  RunCases({
      {R"({"Bool":{"g:UserName":"true"}})", true, name_is("TRUE")},
      {R"({"Bool":{"g:UserName":"false"}})", false, name_is("true")},
      {R"({"Bool":{"g:UserName":"true"}})", false},
  });
}

TEST(PolicyConditionsTest, IpAddressOperators) {
  auto ip_is = [](std::string ip) { return [ip](ConditionContext& c) { c.source_ip = ip; }; };
  RunCases({
      {R"({"IpAddress":{"g:SourceIp":"10.0.0.0/8"}})", true},
      {R"({"IpAddress":{"g:SourceIp":"10.1.2.3"}})", true},
      {R"({"IpAddress":{"g:SourceIp":"10.1.2.4"}})", false},
      {R"({"IpAddress":{"g:SourceIp":["192.168.0.0/16","10.1.2.0/24"]}})", true},
      {R"({"IpAddress":{"g:SourceIp":"10.0.0.0/8"}})", true, ip_is("::ffff:10.9.9.9")},
      {R"({"IpAddress":{"g:SourceIp":"2001:db8::/32"}})", true, ip_is("2001:db8:1::7")},
      {R"({"IpAddress":{"g:SourceIp":"2001:db8::/32"}})", false, ip_is("2001:db9::1")},
      {R"({"IpAddress":{"g:SourceIp":"0.0.0.0/0"}})", false, ip_is("not-an-ip")},
      {R"({"NotIpAddress":{"g:SourceIp":"10.0.0.0/8"}})", false},
      {R"({"NotIpAddress":{"g:SourceIp":["192.168.0.0/16","172.16.0.0/12"]}})", true},
      {R"({"NotIpAddress":{"g:SourceIp":"2001:db8::/32"}})", true},
  });
}

TEST(PolicyConditionsTest, MissingKeyIsFalseUnlessIfExists) {
  RunCases({
      {R"({"StringEquals":{"g:UserName":"Alice"}})", false, NoUserName},
      {R"({"StringNotEquals":{"g:UserName":"Bob"}})", false, NoUserName},
      {R"({"StringNotLike":{"g:UserName":"B*"}})", false, NoUserName},
      {R"({"StringEqualsIfExists":{"g:UserName":"Bob"}})", true, NoUserName},
      {R"({"StringEqualsIfExists":{"g:UserName":"Bob"}})", false},
      {R"({"StringEqualsIfExists":{"g:UserName":"Alice"}})", true},
      {R"({"NotIpAddressIfExists":{"g:SourceIp":"10.0.0.0/8"}})", true,
       [](ConditionContext& c) { c.source_ip.reset(); }},
      {R"({"StringEquals":{"g:ProjectId":""}})", false,
       [](ConditionContext& c) { c.project_id = ""; }},
      {R"({"StringEqualsIfExists":{"g:ProjectId":"p9"}})", true,
       [](ConditionContext& c) { c.project_id = ""; }},
  });
}

TEST(PolicyConditionsTest, NullTestsWhetherTheKeyIsAbsent) {
  RunCases({
      {R"({"Null":{"g:UserName":"true"}})", true, NoUserName},
      {R"({"Null":{"g:UserName":"true"}})", false},
      {R"({"Null":{"g:UserName":"false"}})", true},
      {R"({"Null":{"g:UserName":"false"}})", false, NoUserName},
      {R"({"Null":{"g:UserName":["true","false"]}})", true, NoUserName},
  });
}

TEST(PolicyConditionsTest, SetQualifiersOverSingleValue) {
  RunCases({
      {R"({"ForAnyValue:StringEquals":{"g:UserName":["Bob","Alice"]}})", true},
      {R"({"ForAnyValue:StringEquals":{"g:UserName":"Bob"}})", false},
      {R"({"ForAnyValue:StringEquals":{"g:UserName":"Alice"}})", false, NoUserName},
      {R"({"ForAnyValue:StringEqualsIfExists":{"g:UserName":"Bob"}})", true, NoUserName},
      {R"({"ForAllValues:StringLike":{"g:UserName":["A*","Z*"]}})", true},
      {R"({"ForAllValues:StringLike":{"g:UserName":"Z*"}})", false},
      {R"({"ForAllValues:StringEquals":{"g:UserName":"Bob"}})", true, NoUserName},
      {R"({"ForAllValues:StringNotEquals":{"g:UserName":"Alice"}})", false},
  });
}

TEST(PolicyConditionsTest, KeysAndOperatorsAreAnded) {
  RunCases({
      {R"({"StringEquals":{"g:UserName":"Alice","g:ProjectId":"p1"}})", true},
      {R"({"StringEquals":{"g:UserName":"Alice","g:ProjectId":"p2"}})", false},
      {R"({"StringEquals":{"g:UserName":"Alice"},"IpAddress":{"g:SourceIp":"10.0.0.0/8"}})", true},
      {R"({"StringEquals":{"g:UserName":"Alice"},"IpAddress":{"g:SourceIp":"11.0.0.0/8"}})", false},
  });
}

}  // namespace
}  // namespace wsapp::iam
