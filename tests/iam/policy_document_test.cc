#include "iam/policy_document.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/status_matchers.h"

namespace wsapp::iam {
namespace {

// A version 5.0 document with the given statements (JSON objects, comma-separated).
std::string Doc(const std::string& statements) {
  return R"({"Version":"5.0","Statement":[)" + statements + "]}";
}

std::string WithCondition(const std::string& condition) {
  return Doc(R"({"Effect":"Allow","Action":["*"],"Condition":)" + condition + "}");
}

struct InvalidCase {
  std::string label;
  std::string text;
  std::string message;
  PolicyLanguage language = PolicyLanguage::kIdentityV5;
};

TEST(PolicyDocumentTest, ParsesEveryStatementElement) {
  std::string text = Doc(R"({"Sid":"Ops","Effect":"Deny","NotAction":["workspace:app:*"],
      "NotResource":["workspace:*:*:appGroup:1"],
      "Condition":{"ForAnyValue:StringLikeIfExists":{"g:username":["a*","b?"]}}},
      {"Effect":"Allow","Action":"workspace:appGroup:list"})");

  Result<PolicyDocument> parsed = ParsePolicyDocument(text, PolicyLanguage::kIdentityV5);

  ASSERT_OK(parsed);
  ASSERT_EQ(parsed->statements.size(), 2u);
  const PolicyStatement& deny = parsed->statements[0];
  EXPECT_EQ(deny.sid, "Ops");
  EXPECT_EQ(deny.effect, PolicyEffect::kDeny);
  EXPECT_TRUE(deny.is_not_action);
  EXPECT_EQ(deny.actions, std::vector<std::string>{"workspace:app:*"});
  EXPECT_TRUE(deny.has_resources);
  EXPECT_TRUE(deny.is_not_resource);
  EXPECT_EQ(deny.resources, std::vector<std::string>{"workspace:*:*:appGroup:1"});
  ASSERT_EQ(deny.conditions.size(), 1u);
  const PolicyCondition& condition = deny.conditions[0];
  EXPECT_EQ(condition.op, ConditionOperator::kStringLike);
  EXPECT_EQ(condition.qualifier, ConditionQualifier::kForAnyValue);
  EXPECT_TRUE(condition.if_exists);
  EXPECT_EQ(condition.key, ConditionKey::kUserName);
  EXPECT_EQ(condition.key_name, "g:username");
  EXPECT_EQ(condition.values, (std::vector<std::string>{"a*", "b?"}));
  const PolicyStatement& allow = parsed->statements[1];
  EXPECT_EQ(allow.effect, PolicyEffect::kAllow);
  EXPECT_FALSE(allow.is_not_action);
  EXPECT_EQ(allow.actions, std::vector<std::string>{"workspace:appGroup:list"});
  EXPECT_FALSE(allow.has_resources);
  EXPECT_TRUE(allow.conditions.empty());
}

TEST(PolicyDocumentTest, RoleLanguageRequiresVersionOneOne) {
  std::string text = R"({"Version":"1.1","Statement":[{"Effect":"Allow","Action":["*"],
      "Resource":["workspace:*:*:app:*"]}]})";

  Result<PolicyDocument> role = ParsePolicyDocument(text, PolicyLanguage::kRoleV11);
  Result<PolicyDocument> identity = ParsePolicyDocument(text, PolicyLanguage::kIdentityV5);

  ASSERT_OK(role);
  EXPECT_EQ(role->language, PolicyLanguage::kRoleV11);
  ASSERT_FALSE(identity.ok());
  EXPECT_EQ(identity.error().message, "Version must be \"5.0\"");
}

TEST(PolicyDocumentTest, AcceptsEveryOperatorAndKey) {
  const std::vector<std::string> conditions = {
      R"({"StringEquals":{"g:UserId":"u1"}})",
      R"({"StringNotEquals":{"g:UserName":["a","b"]}})",
      R"({"StringEqualsIgnoreCase":{"g:DomainName":"Acme"}})",
      R"({"StringNotEqualsIgnoreCase":{"g:ProjectId":"p"}})",
      R"({"StringLike":{"g:ProjectName":"cn-*"}})",
      R"({"StringNotLike":{"g:RequestedRegion":"eu-?"}})",
      R"({"StringStartWith":{"g:UserName":"adm"}})",
      R"({"StringEndWith":{"g:UserName":"ops"}})",
      R"({"NumberEquals":{"g:UserId":"10"}})",
      R"({"NumberLessThan":{"g:UserId":"-1.5"}})",
      R"({"NumberGreaterThan":{"g:UserId":"0"}})",
      R"({"DateLessThan":{"g:CurrentTime":"2030-01-01T00:00:00Z"}})",
      R"({"DateGreaterThan":{"g:CurrentTime":"2020-02-29T23:59:59.123Z"}})",
      R"({"Bool":{"g:UserId":"true"}})",
      R"({"IpAddress":{"g:SourceIp":["10.0.0.0/8","2001:db8::/32","192.0.2.7"]}})",
      R"({"NotIpAddress":{"g:SourceIp":"::1"}})",
      R"({"Null":{"g:ProjectId":"false"}})",
      R"({"ForAllValues:StringEqualsIfExists":{"G:SOURCEIP":"x"}})",
  };
  for (const std::string& condition : conditions) {
    Result<PolicyDocument> parsed =
        ParsePolicyDocument(WithCondition(condition), PolicyLanguage::kIdentityV5);

    EXPECT_TRUE(parsed.ok()) << condition << ": " << wsapp::testing::DescribeError(parsed);
  }
}

TEST(PolicyDocumentTest, RejectsDocumentLongerThanLimit) {
  std::string sid(kMaxPolicyDocumentChars, 'x');
  std::string text = Doc(R"({"Sid":")" + sid + R"(","Effect":"Allow","Action":["*"]})");

  Result<PolicyDocument> parsed = ParsePolicyDocument(text, PolicyLanguage::kIdentityV5);

  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(parsed.error().message, "The policy document must be at most 131072 characters, got " +
                                        std::to_string(text.size()));
}

TEST(PolicyDocumentTest, CountsLimitInCharactersNotBytes) {
  // 50000 three-byte characters: 150000 bytes of Sid, well under the limit in characters.
  std::string sid;
  for (int i = 0; i < 50000; ++i) {
    sid += "\xe4\xb8\xad";
  }
  std::string text = Doc(R"({"Sid":")" + sid + R"(","Effect":"Allow","Action":["*"]})");

  EXPECT_GT(text.size(), kMaxPolicyDocumentChars);
  EXPECT_OK(ParsePolicyDocument(text, PolicyLanguage::kIdentityV5));
}

TEST(PolicyDocumentTest, RejectsEachRuleNamingTheMember) {
  const std::vector<InvalidCase> cases = {
      {"not json", "{", "The policy document is not valid JSON."},
      {"not utf8", "{\"Version\":\"5.0\xff\"}", "The policy document is not valid UTF-8."},
      {"not an object", "[]", "The policy document must be a JSON object, not array"},
      {"duplicate top member", R"({"Version":"5.0","Version":"5.0","Statement":[]})",
       "The policy document has the member \"Version\" more than once"},
      {"duplicate nested member", Doc(R"({"Effect":"Allow","Effect":"Deny","Action":["*"]})"),
       "The policy document has the member \"Effect\" more than once"},
      {"unknown top member", R"({"Version":"5.0","Statement":[],"Id":"x"})",
       "Id is not a known member of the policy document"},
      {"missing version", R"({"Statement":[{"Effect":"Allow","Action":["*"]}]})",
       "Version must be \"5.0\""},
      {"numeric version", R"({"Version":5.0,"Statement":[{"Effect":"Allow","Action":["*"]}]})",
       "Version must be \"5.0\""},
      {"wrong version for role", Doc(R"({"Effect":"Allow","Action":["*"]})"),
       "Version must be \"1.1\"", PolicyLanguage::kRoleV11},
      {"missing statement", R"({"Version":"5.0"})", "Statement must be a non-empty array"},
      {"empty statement", R"({"Version":"5.0","Statement":[]})",
       "Statement must be a non-empty array"},
      {"statement object", R"({"Version":"5.0","Statement":{"Effect":"Allow"}})",
       "Statement must be a non-empty array"},
      {"statement not object", Doc(R"({"Effect":"Allow","Action":["*"]},"x")"),
       "Statement[1] must be an object, not string"},
      {"unknown statement member", Doc(R"({"Effect":"Allow","Action":["*"],"Principal":"*"})"),
       "Statement[0].Principal is not a known member of a statement"},
      {"sid not string", Doc(R"({"Sid":1,"Effect":"Allow","Action":["*"]})"),
       "Statement[0].Sid must be a string"},
      {"missing effect", Doc(R"({"Effect":"Allow","Action":["*"]},{"Action":["*"]})"),
       "Statement[1].Effect must be \"Allow\" or \"Deny\""},
      {"lower-case effect", Doc(R"({"Effect":"allow","Action":["*"]})"),
       "Statement[0].Effect must be \"Allow\" or \"Deny\""},
      {"no action", Doc(R"({"Effect":"Allow"})"),
       "Statement[0] must have exactly one of Action and NotAction"},
      {"action and not action", Doc(R"({"Effect":"Allow","Action":["*"],"NotAction":["*"]})"),
       "Statement[0] must have exactly one of Action and NotAction"},
      {"empty action", Doc(R"({"Effect":"Allow","Action":[]})"),
       "Statement[0].Action must be a string or a non-empty array of strings"},
      {"action number", Doc(R"({"Effect":"Allow","NotAction":["*",3]})"),
       "Statement[0].NotAction[1] must be a string, not number"},
      {"action two parts", Doc(R"({"Effect":"Allow","Action":["workspace:*"]})"),
       "Statement[0].Action[0] must be \"*\" or service:resourceType:verb with a lower-case "
       "service, got \"workspace:*\""},
      {"action four parts", Doc(R"({"Effect":"Allow","Action":["workspace:app:list:x"]})"),
       "Statement[0].Action[0] must be \"*\" or service:resourceType:verb with a lower-case "
       "service, got \"workspace:app:list:x\""},
      {"action upper service", Doc(R"({"Effect":"Allow","Action":["Workspace:app:list"]})"),
       "Statement[0].Action[0] must be \"*\" or service:resourceType:verb with a lower-case "
       "service, got \"Workspace:app:list\""},
      {"action empty verb", Doc(R"({"Effect":"Allow","Action":["workspace:app:"]})"),
       "Statement[0].Action[0] must be \"*\" or service:resourceType:verb with a lower-case "
       "service, got \"workspace:app:\""},
      {"resource and not resource",
       Doc(R"({"Effect":"Allow","Action":["*"],"Resource":["*"],"NotResource":["*"]})"),
       "Statement[0] must not have both Resource and NotResource"},
      {"resource string", Doc(R"({"Effect":"Allow","Action":["*"],"Resource":"*"})"),
       "Statement[0].Resource must be a non-empty array of strings"},
      {"empty not resource", Doc(R"({"Effect":"Allow","Action":["*"],"NotResource":[]})"),
       "Statement[0].NotResource must be a non-empty array of strings"},
      {"resource short urn",
       Doc(R"({"Effect":"Allow","Action":["*"],"Resource":["*","workspace:*:*:app"]})"),
       "Statement[0].Resource[1] must be \"*\" or a URN service:region:account:type:path, got "
       "\"workspace:*:*:app\""},
      {"resource empty path",
       Doc(R"({"Effect":"Allow","Action":["*"],"Resource":["workspace:r:a:app:"]})"),
       "Statement[0].Resource[0] must be \"*\" or a URN service:region:account:type:path, got "
       "\"workspace:r:a:app:\""},
      {"resource space", Doc(R"({"Effect":"Allow","Action":["*"],"Resource":["ws:r:a:app:x y"]})"),
       "Statement[0].Resource[0] must be \"*\" or a URN service:region:account:type:path, got "
       "\"ws:r:a:app:x y\""},
  };
  for (const InvalidCase& row : cases) {
    Result<PolicyDocument> parsed = ParsePolicyDocument(row.text, row.language);

    ASSERT_FALSE(parsed.ok()) << row.label;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument) << row.label;
    EXPECT_EQ(parsed.error().reason, "invalid_parameter") << row.label;
    EXPECT_EQ(parsed.error().message, row.message) << row.label;
  }
}

TEST(PolicyDocumentTest, RejectsEachConditionRuleNamingTheMember) {
  const std::string kPath = "Statement[0].Condition.";
  const std::vector<InvalidCase> cases = {
      {"condition not object", WithCondition(R"([])"),
       "Statement[0].Condition must be an object, not array"},
      {"unknown operator", WithCondition(R"({"StringMatch":{"g:UserId":"x"}})"),
       kPath + "StringMatch is not a known condition operator"},
      {"operator case", WithCondition(R"({"stringequals":{"g:UserId":"x"}})"),
       kPath + "stringequals is not a known condition operator"},
      {"unknown prefix", WithCondition(R"({"ForSomeValues:StringEquals":{"g:UserId":"x"}})"),
       kPath + "ForSomeValues:StringEquals is not a known condition operator"},
      {"null if exists", WithCondition(R"({"NullIfExists":{"g:UserId":"true"}})"),
       kPath + "NullIfExists: Null takes neither IfExists nor ForAnyValue:/ForAllValues:"},
      {"null qualified", WithCondition(R"({"ForAnyValue:Null":{"g:UserId":"true"}})"),
       kPath + "ForAnyValue:Null: Null takes neither IfExists nor ForAnyValue:/ForAllValues:"},
      {"operator value not object", WithCondition(R"({"StringEquals":"x"})"),
       kPath + "StringEquals must be an object naming at least one key"},
      {"operator without keys", WithCondition(R"({"StringEquals":{}})"),
       kPath + "StringEquals must be an object naming at least one key"},
      {"unknown key", WithCondition(R"({"Bool":{"g:MFAPresent":"true"}})"),
       kPath + "Bool.g:MFAPresent is not a known condition key"},
      {"empty values", WithCondition(R"({"StringEquals":{"g:UserId":[]}})"),
       kPath + "StringEquals.g:UserId must be a string or a non-empty array of strings"},
      {"boolean value", WithCondition(R"({"Bool":{"g:UserId":true}})"),
       kPath + "Bool.g:UserId must be a string or a non-empty array of strings"},
      {"number in array", WithCondition(R"({"NumberEquals":{"g:UserId":["1",2]}})"),
       kPath + "NumberEquals.g:UserId[1] must be a string, not number"},
      {"bad number", WithCondition(R"({"NumberLessThan":{"g:UserId":"1e3"}})"),
       kPath + "NumberLessThan.g:UserId must be a decimal number, got \"1e3\""},
      {"bad date", WithCondition(R"({"DateLessThan":{"g:CurrentTime":["2030-01-01"]}})"),
       kPath + "DateLessThan.g:CurrentTime[0] must be an ISO-8601 UTC time such as "
               "2025-01-31T12:00:00Z, got \"2030-01-01\""},
      {"date with offset",
       WithCondition(R"({"DateGreaterThan":{"g:CurrentTime":"2030-01-01T00:00:00+08:00"}})"),
       kPath + "DateGreaterThan.g:CurrentTime must be an ISO-8601 UTC time such as "
               "2025-01-31T12:00:00Z, got \"2030-01-01T00:00:00+08:00\""},
      {"impossible date",
       WithCondition(R"({"DateLessThan":{"g:CurrentTime":"2023-02-29T00:00:00Z"}})"),
       kPath + "DateLessThan.g:CurrentTime must be an ISO-8601 UTC time such as "
               "2025-01-31T12:00:00Z, got \"2023-02-29T00:00:00Z\""},
      {"date on other key",
       WithCondition(R"({"DateLessThan":{"g:UserId":"2030-01-01T00:00:00Z"}})"),
       kPath + "DateLessThan.g:UserId: DateLessThan applies only to g:CurrentTime"},
      {"bad bool", WithCondition(R"({"Bool":{"g:UserId":"yes"}})"),
       kPath + "Bool.g:UserId must be \"true\" or \"false\", got \"yes\""},
      {"bad null", WithCondition(R"({"Null":{"g:UserId":"TRUE"}})"),
       kPath + "Null.g:UserId must be \"true\" or \"false\", got \"TRUE\""},
      {"bad cidr", WithCondition(R"({"IpAddress":{"g:SourceIp":"10.0.0.0/33"}})"),
       kPath + "IpAddress.g:SourceIp must be an IPv4 or IPv6 address or CIDR block, got "
               "\"10.0.0.0/33\""},
      {"bad address", WithCondition(R"({"NotIpAddress":{"g:SourceIp":["10.0.0"]}})"),
       kPath + "NotIpAddress.g:SourceIp[0] must be an IPv4 or IPv6 address or CIDR block, got "
               "\"10.0.0\""},
      {"address on other key", WithCondition(R"({"IpAddressIfExists":{"g:UserId":"10.0.0.1"}})"),
       kPath + "IpAddressIfExists.g:UserId: IpAddressIfExists applies only to g:SourceIp"},
  };
  for (const InvalidCase& row : cases) {
    Result<PolicyDocument> parsed = ParsePolicyDocument(row.text, row.language);

    ASSERT_FALSE(parsed.ok()) << row.label;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument) << row.label;
    EXPECT_EQ(parsed.error().message, row.message) << row.label;
  }
}

}  // namespace
}  // namespace wsapp::iam
