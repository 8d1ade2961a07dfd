// Two real wsappd processes over one PostgreSQL schema, raced by many clients at once. Half of
// the clients talk to each instance, and a latch (or a barrier per round) releases them together
// onto the same groups: publish, unpublish, authorize, rename, create and delete. The verdict
// comes from the database's own rows, not from the replies: nothing acknowledged is lost, no two
// groups or apps share a name, no grant names an unpublished app, app_count is true, and no reply
// is a 5xx. The servers' conflict-retry counter must have moved, so the test cannot pass without
// the contention it claims to create. A second test changes a user's rights through one instance
// and checks that the other enforces the change on its very next request.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <barrier>
#include <functional>
#include <latch>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "support/http_client.h"
#include "support/iam_admin_client.h"
#include "support/pg_database.h"
#include "support/postgres_test_db.h"
#include "support/status_matchers.h"
#include "support/test_server.h"
#include "support/wire_shapes.h"
#include "support/workspace_client.h"
#include "support/wsappd_process.h"

namespace wsapp::testing {
namespace {

using nlohmann::json;

constexpr char kProjectId[] = "5f3c0a9e2b7d41c68e0f1a2b3c4d5e6f";
constexpr char kDuplicateCode[] = "WKS.00211103";
// Half on each instance: client i talks to instance i % 2.
constexpr int kClients = 16;
// More workers and connections than the machine's two cores, so that many units of work of
// each instance are open at the same time: they wait on the database, not on a core.
constexpr int kServerThreads = 8;
constexpr int kPoolSize = 8;
constexpr char kUserPassword[] = "Iam-User-Password-1";
constexpr char kDeniedCode[] = "WKS.00081102";
constexpr char kUnauthenticatedCode[] = "APIG.0301";

// One client thread's keep-alive connection to one instance. Every reply that is a 5xx, or that
// never came, is kept for the end of the phase.
class Client {
 public:
  Client(const WsappdProcess& instance, const std::string& token)
      : instance_(instance.name()), api_(instance.port(), kProjectId, token) {}

  WorkspaceClient& api() { return api_; }

  // `method` on /v1/{project_id}`rest`, with `body` as JSON unless it is null.
  ClientResponse Call(const std::string& method, const std::string& rest,
                      const json& body = nullptr) {
    std::vector<api::Header> headers;
    if (!body.is_null()) {
      headers.push_back({"Content-Type", "application/json"});
    }
    ClientResponse response =
        api_.Send(MakeRequest(method, api_.Path(rest), headers, body.is_null() ? "" : body.dump()));
    if (response.status >= 500 || response.status == 0) {
      failures_.push_back(instance_ + ": " + method + " " + rest + " " +
                          (body.is_null() ? "" : body.dump()) + " -> " +
                          std::to_string(response.status) + " " + response.body);
    }
    return response;
  }

  // The failures since the last call of this method.
  std::vector<std::string> TakeFailures() { return std::exchange(failures_, {}); }

 private:
  std::string instance_;
  WorkspaceClient api_;
  std::vector<std::string> failures_;
};

// What a PublishApp call came back with: its status and, on 200, the ids by name.
struct Published {
  int status = 0;
  std::string error_code;
  std::map<std::string, std::string> ids_by_name;
};

Published Publish(Client& client, const std::string& group, const std::vector<std::string>& names) {
  json items = json::array();
  for (const std::string& name : names) {
    items.push_back({{"name", name}, {"source_type", 3}, {"execute_path", "C:\\Tools\\a.exe"}});
  }
  ClientResponse response =
      client.Call("POST", "/app-groups/" + group + "/apps", {{"items", items}});
  Published published;
  published.status = response.status;
  json reply = response.Json();
  if (reply.is_object() && reply["error_code"].is_string()) {
    published.error_code = reply["error_code"];
  }
  if (response.status == 200 && reply.is_object() && reply["items"].is_array()) {
    for (const json& item : reply["items"]) {
      published.ids_by_name[item.value("name", "")] = item.value("id", "");
    }
  }
  return published;
}

json AppGrant(const std::string& group, const std::string& app, const std::string& user) {
  return {{"app_group_ids", {group}},
          {"accounts", {{{"account", user}, {"account_type", "USER"}}}},
          {"app_ids", {app}}};
}

std::string Name(const std::string& prefix, int a, int b = -1, int c = -1) {
  std::string name = prefix + "-" + std::to_string(a);
  for (int part : {b, c}) {
    name += part >= 0 ? "-" + std::to_string(part) : "";
  }
  return name;
}

class MultiInstancePostgresTest : public ::testing::Test {
 protected:
  void StartInstances(const std::string& dsn);
  // Runs `work(client, i)` on one thread per client. Each thread opens its connection first, and
  // a latch releases them all at once.
  void RunTogether(const std::function<void(Client&, int)>& work);
  // Fails the test with every 5xx (or missing reply) that the clients got in `phase`.
  void ExpectNoServerErrors(const std::string& phase);
  // The invariants that every phase must leave, read from the tables: fails the test (fatally)
  // with the rows that break them.
  void AssertDatabaseConsistent(const std::string& phase);
  int64_t Counter(const std::string& name);

  void RacePublishes(int race);
  void RaceGrantsAgainstUnpublish();
  void RaceRenamesAndCreates(int round);
  void RacePublishesAgainstDeletes();

  WorkspaceClient& setup() { return clients_.front()->api(); }

  std::vector<std::unique_ptr<WsappdProcess>> instances_;
  std::unique_ptr<PgDatabase> db_;
  std::vector<std::unique_ptr<Client>> clients_;
  std::string group_;  // the group that phases 1 and 2 share
  std::vector<std::string> users_;
};

void MultiInstancePostgresTest::StartInstances(const std::string& dsn) {
  // Both spawned before either is waited for: they race for the migrations, the first start
  // and the node id leases.
  for (const char* name : {"a", "b"}) {
    instances_.push_back(
        std::make_unique<WsappdProcess>(WsappdOptions{.wsappd_path = WSAPP_WSAPPD_PATH,
                                                      .name = name,
                                                      .store_url = dsn,
                                                      .project_id = kProjectId,
                                                      .threads = kServerThreads,
                                                      .pg_pool_size = kPoolSize}));
  }
  for (const auto& instance : instances_) {
    ASSERT_OK(instance->WaitUntilReady());
  }
}

void MultiInstancePostgresTest::RunTogether(const std::function<void(Client&, int)>& work) {
  std::latch connected(kClients);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      Client& client = *clients_[i];
      client.api().http().Send(MakeRequest("GET", "/healthz"));
      connected.arrive_and_wait();
      work(client, i);
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
}

void MultiInstancePostgresTest::ExpectNoServerErrors(const std::string& phase) {
  for (const auto& client : clients_) {
    for (const std::string& failure : client->TakeFailures()) {
      ADD_FAILURE() << phase << ": " << failure;
    }
  }
}

void MultiInstancePostgresTest::AssertDatabaseConsistent(const std::string& phase) {
  const struct {
    const char* broken;
    const char* sql;
  } kChecks[] = {
      {"app_count differs from the apps published",
       "SELECT g.id, g.app_count, (SELECT COUNT(*) FROM apps a WHERE a.app_group_id = g.id)"
       " FROM app_groups g"
       " WHERE g.app_count <> (SELECT COUNT(*) FROM apps a WHERE a.app_group_id = g.id)"},
      {"two app groups of one project share a name",
       "SELECT project_id, name FROM app_groups GROUP BY project_id, name HAVING COUNT(*) > 1"},
      {"two apps of one group share a name",
       "SELECT app_group_id, name FROM apps GROUP BY app_group_id, name HAVING COUNT(*) > 1"},
      {"an app-level grant names an app not published in its group",
       "SELECT a.id, a.app_group_id, a.app_id FROM authorizations a WHERE a.app_id <> ''"
       " AND NOT EXISTS (SELECT 1 FROM apps p WHERE p.id = a.app_id"
       " AND p.app_group_id = a.app_group_id)"},
      {"an app outlived its group",
       "SELECT a.id, a.app_group_id FROM apps a"
       " WHERE NOT EXISTS (SELECT 1 FROM app_groups g WHERE g.id = a.app_group_id)"},
      {"a grant outlived its group",
       "SELECT a.id, a.app_group_id FROM authorizations a"
       " WHERE NOT EXISTS (SELECT 1 FROM app_groups g WHERE g.id = a.app_group_id)"},
  };
  std::string broken;
  for (const auto& check : kChecks) {
    auto rows = db_->Rows(check.sql);
    ASSERT_OK(rows);
    if (!rows->empty()) {
      broken += std::string("\n") + check.broken + ":" + DescribeRows(*rows);
    }
  }
  // Fatal: a later phase would only report the same rows again.
  ASSERT_TRUE(broken.empty()) << phase << ":" << broken;
}

// The sum of one counter of /metrics over both instances.
int64_t MultiInstancePostgresTest::Counter(const std::string& name) {
  int64_t sum = 0;
  for (const auto& instance : instances_) {
    HttpClient client(instance->port());
    ClientResponse response = client.Send(MakeRequest("GET", "/metrics"));
    std::smatch match;
    const std::regex line("(^|\n)" + name + " ([0-9]+)\n");
    EXPECT_TRUE(response.status == 200 && std::regex_search(response.body, match, line))
        << instance->name() << ": " << response.status << " " << response.body;
    sum += match.empty() ? 0 : std::stoll(match[2]);
    RecordProperty(instance->name() + "_" + name, match.empty() ? "" : match[2].str());
  }
  return sum;
}

// Phase 1. Every round releases all clients at once onto the one group: four of them (two on
// each instance) publish the same name, the others two names of their own. Each publish updates
// the group's app_count row, so the writers of both instances collide on it.
void MultiInstancePostgresTest::RacePublishes(int race) {
  constexpr int kRounds = 4;
  auto is_contender = [](int client, int round) { return client / 4 == round % 4; };
  std::vector<std::vector<Published>> outcomes(kRounds, std::vector<Published>(kClients));
  std::barrier round_start(kClients);
  RunTogether([&](Client& client, int i) {
    for (int round = 0; round < kRounds; ++round) {
      round_start.arrive_and_wait();
      outcomes[round][i] =
          is_contender(i, round)
              ? Publish(client, group_, {Name("shared", race, round)})
              : Publish(client, group_,
                        {Name("own", race, round, 2 * i), Name("own", race, round, 2 * i + 1)});
    }
  });

  ExpectNoServerErrors("publish race");
  auto rows = db_->Rows("SELECT id, name FROM apps WHERE app_group_id = $1", {group_});
  ASSERT_OK(rows);
  std::map<std::string, std::string> stored;
  for (const auto& row : *rows) {
    stored[row[0]] = row[1];
  }
  for (int round = 0; round < kRounds; ++round) {
    int winners = 0;
    for (int i = 0; i < kClients; ++i) {
      const Published& outcome = outcomes[round][i];
      if (is_contender(i, round) && outcome.status != 200) {
        EXPECT_EQ(outcome.status, 409) << "round " << round << " client " << i;
        EXPECT_EQ(outcome.error_code, kDuplicateCode) << "round " << round << " client " << i;
        continue;
      }
      EXPECT_EQ(outcome.status, 200) << "round " << round << " client " << i;
      winners += is_contender(i, round) ? 1 : 0;
      // No lost update: whatever was acknowledged is in the table, under its name.
      for (const auto& [name, id] : outcome.ids_by_name) {
        EXPECT_EQ(stored[id], name) << "app " << id << " acknowledged but not stored";
      }
    }
    EXPECT_EQ(winners, 1) << "round " << round << " of race " << race;
    EXPECT_EQ(db_->Number("SELECT COUNT(*) FROM apps WHERE app_group_id = $1 AND name = $2",
                          {group_, Name("shared", race, round)}),
              1);
  }
  AssertDatabaseConsistent("publish race");
}

// Phase 2. Half of the clients grant users on the group's apps, one app per request; the other
// half unpublish every other one of those apps, in overlapping batches. Unpublish removes the
// app's grants; a grant that commits after it must not leave one behind.
void MultiInstancePostgresTest::RaceGrantsAgainstUnpublish() {
  std::vector<std::string> names;
  for (int k = 0; k < 12; ++k) {
    names.push_back(Name("granted", k));
  }
  auto apps = setup().PublishApps(group_, names);
  ASSERT_OK(apps);
  std::vector<std::string> doomed;
  std::vector<std::string> kept;
  for (size_t k = 0; k < apps->size(); ++k) {
    (k % 2 == 0 ? doomed : kept).push_back((*apps)[k]);
  }
  std::vector<std::vector<int>> grant_statuses(kClients);

  RunTogether([&](Client& client, int i) {
    const int n = static_cast<int>(apps->size());
    if (i % 4 < 2) {
      // Granters i and i + 1 (one on each instance) grant the same user, so that grants also
      // race each other.
      const std::string& user = users_[(i / 4) % users_.size()];
      for (int k = 0; k < n; ++k) {
        const std::string& app = (*apps)[(k + i) % n];
        grant_statuses[i].push_back(
            client.Call("POST", "/app-groups/authorizations", AppGrant(group_, app, user)).status);
      }
      return;
    }
    for (size_t batch = 0; batch < doomed.size(); batch += 2) {
      size_t first = (batch + 2 * i) % doomed.size();
      json ids = {doomed[first], doomed[(first + 1) % doomed.size()]};
      ClientResponse response =
          client.Call("POST", "/app-groups/" + group_ + "/apps/batch-unpublish", {{"ids", ids}});
      EXPECT_EQ(response.status, 200) << response.body;
    }
  });

  ExpectNoServerErrors("grant and unpublish race");
  for (int i = 0; i < kClients; ++i) {
    for (size_t k = 0; k < grant_statuses[i].size(); ++k) {
      const std::string& app = (*apps)[(k + i) % apps->size()];
      bool is_kept = std::find(kept.begin(), kept.end(), app) != kept.end();
      int status = grant_statuses[i][k];
      // A grant on an app being unpublished may come too late (400: not published).
      EXPECT_TRUE(status == 200 || (!is_kept && status == 400))
          << "client " << i << " grant on app " << app << ": " << status;
    }
  }
  EXPECT_EQ(
      db_->Number("SELECT COUNT(*) FROM apps WHERE id = ANY($1::text[])", {ArrayLiteral(doomed)}),
      0);
  // No lost grant: each kept app holds one grant per user (distinct users, not duplicates).
  EXPECT_EQ(db_->Number("SELECT COUNT(*) FROM authorizations WHERE app_id = ANY($1::text[])",
                        {ArrayLiteral(kept)}),
            static_cast<int64_t>(kept.size() * users_.size()));
  AssertDatabaseConsistent("grant and unpublish race");
}

// Phase 3. Four clients rename one group and four another to the same new name, while eight
// create a group under one same name. Each contest has exactly one winner.
void MultiInstancePostgresTest::RaceRenamesAndCreates(int round) {
  auto first = setup().CreateAppGroup(Name("first", round));
  auto second = setup().CreateAppGroup(Name("second", round));
  ASSERT_OK(first);
  ASSERT_OK(second);
  const std::string renamed = Name("renamed", round);
  const std::string created = Name("created", round);
  std::vector<ClientResponse> replies(kClients);

  RunTogether([&](Client& client, int i) {
    if (i < 8) {
      replies[i] =
          client.Call("PATCH", "/app-groups/" + (i < 4 ? *first : *second), {{"name", renamed}});
      return;
    }
    replies[i] = client.Call("POST", "/app-groups", {{"name", created}});
  });

  ExpectNoServerErrors("rename and create race");
  auto renamed_rows = db_->Rows("SELECT id FROM app_groups WHERE project_id = $1 AND name = $2",
                                {kProjectId, renamed});
  ASSERT_OK(renamed_rows);
  ASSERT_EQ(renamed_rows->size(), 1u) << DescribeRows(*renamed_rows);
  const std::string winner = renamed_rows->front().front();
  const std::string loser = winner == *first ? *second : *first;
  std::vector<std::string> created_ids;
  for (int i = 0; i < kClients; ++i) {
    const bool is_rename = i < 8;
    // Every rename of the winning group succeeds: a repeat sets the name the group has.
    if (is_rename ? (i < 4 ? *first : *second) == winner : replies[i].status == 200) {
      EXPECT_EQ(replies[i].status, 200) << "client " << i << ": " << replies[i].body;
      if (!is_rename) {
        created_ids.push_back(replies[i].Json().value("id", ""));
      }
      continue;
    }
    EXPECT_EQ(replies[i].status, 409) << "client " << i << ": " << replies[i].body;
    EXPECT_EQ(replies[i].Json().value("error_code", ""), kDuplicateCode) << "client " << i;
  }
  EXPECT_EQ(db_->Number("SELECT COUNT(*) FROM app_groups WHERE id = $1 AND name = $2",
                        {loser, Name(loser == *first ? "first" : "second", round)}),
            1);
  ASSERT_EQ(created_ids.size(), 1u);
  auto created_rows = db_->Rows("SELECT id FROM app_groups WHERE project_id = $1 AND name = $2",
                                {kProjectId, created});
  ASSERT_OK(created_rows);
  ASSERT_EQ(created_rows->size(), 1u) << DescribeRows(*created_rows);
  EXPECT_EQ(created_rows->front().front(), created_ids.front());
  AssertDatabaseConsistent("rename and create race");
}

// Phase 4. Four groups with apps and grants, each raced by four clients: one deletes it (after
// publishing into it a few times, so the deletes land at different points), the others keep
// publishing into it, and one of them grants on what it published.
void MultiInstancePostgresTest::RacePublishesAgainstDeletes() {
  constexpr int kGroups = kClients / 4;
  std::vector<std::string> groups;
  for (int g = 0; g < kGroups; ++g) {
    auto group = setup().CreateAppGroup(Name("doomed", g), {{"authorization_type", "APP"}});
    ASSERT_OK(group);
    auto apps = setup().PublishApps(*group, {"seed-a", "seed-b"});
    ASSERT_OK(apps);
    ClientResponse granted = setup().PostJson(setup().Path("/app-groups/authorizations"),
                                              AppGrant(*group, apps->front(), users_[0]).dump());
    ASSERT_EQ(granted.status, 200) << granted.body;
    groups.push_back(*group);
  }

  RunTogether([&](Client& client, int i) {
    const int g = i / 4;
    const std::string& group = groups[g];
    // The deleter alternates between the instances from group to group.
    if (i % 4 == g % 4) {
      for (int k = 0; k < g; ++k) {
        EXPECT_EQ(Publish(client, group, {Name("early", i, k)}).status, 200);
      }
      ClientResponse deleted = client.Call("DELETE", "/app-groups/" + group);
      EXPECT_EQ(deleted.status, 200) << deleted.body;
      return;
    }
    for (int k = 0; k < 4; ++k) {
      Published published = Publish(client, group, {Name("late", i, k)});
      EXPECT_TRUE(published.status == 200 || published.status == 404) << published.status;
      if (i % 4 == (g + 1) % 4 && published.status == 200) {
        const std::string& app = published.ids_by_name.begin()->second;
        int status =
            client.Call("POST", "/app-groups/authorizations", AppGrant(group, app, users_[1]))
                .status;
        EXPECT_TRUE(status == 200 || status == 404) << status;
      }
    }
  });

  ExpectNoServerErrors("publish and delete race");
  const std::string ids = ArrayLiteral(groups);
  EXPECT_EQ(db_->Number("SELECT COUNT(*) FROM app_groups WHERE id = ANY($1::text[])", {ids}), 0);
  EXPECT_EQ(db_->Number("SELECT COUNT(*) FROM apps WHERE app_group_id = ANY($1::text[])", {ids}),
            0);
  EXPECT_EQ(db_->Number("SELECT COUNT(*) FROM authorizations WHERE app_group_id = ANY($1::text[])",
                        {ids}),
            0);
  AssertDatabaseConsistent("publish and delete race");
}

TEST_F(MultiInstancePostgresTest, RacingClientsOnTwoInstancesKeepTheDatabaseConsistent) {
  WSAPP_REQUIRE_POSTGRES_OR_SKIP();
  auto dsn = FreshPostgresSchema(*PostgresTestDsn());
  ASSERT_OK(dsn);
  ASSERT_NO_FATAL_FAILURE(StartInstances(*dsn));
  db_ = std::make_unique<PgDatabase>(*dsn);
  ASSERT_OK(db_->Check());

  // The start-up race: one first start, and a node id of its own for each instance (D13), so
  // that ids drawn on both never collide.
  EXPECT_EQ(db_->Number("SELECT COUNT(*) FROM accounts"), 1);
  EXPECT_EQ(db_->Number("SELECT COUNT(*) FROM projects WHERE id = $1", {kProjectId}), 1);
  EXPECT_EQ(db_->Number("SELECT COUNT(DISTINCT node_id) FROM node_leases"), 2);

  // Token signing keys live in the database: a token of one instance works on the other.
  std::vector<std::string> tokens;
  for (const auto& instance : instances_) {
    auto token = instance->IssueRootToken();
    ASSERT_OK(token);
    tokens.push_back(*token);
  }
  for (int i = 0; i < 2; ++i) {
    WorkspaceClient other(instances_[1 - i]->port(), kProjectId, tokens[i]);
    ClientResponse listed = other.Get(other.Path("/app-groups"));
    ASSERT_EQ(listed.status, 200) << "a token of " << instances_[i]->name() << " on "
                                  << instances_[1 - i]->name() << ": " << listed.body;
  }
  for (int i = 0; i < kClients; ++i) {
    clients_.push_back(std::make_unique<Client>(*instances_[i % 2], tokens[0]));
  }
  auto group = setup().CreateAppGroup("raced", {{"authorization_type", "APP"}});
  ASSERT_OK(group);
  group_ = *group;
  for (int k = 0; k < 4; ++k) {
    ASSERT_OK(setup().CreateDirectoryUser(Name("racer", k)));
    users_.push_back(Name("racer", k));
  }

  // Publishes into one group collide on its row in every run seen so far; should a run
  // serialize them by chance, the race is run again (a bounded number of times) until the
  // retry counter shows that it happened.
  ASSERT_NO_FATAL_FAILURE(RacePublishes(0));
  for (int race = 1; race < 5 && Counter("wsapp_store_conflict_retries_total") == 0; ++race) {
    ASSERT_NO_FATAL_FAILURE(RacePublishes(race));
  }
  ASSERT_NO_FATAL_FAILURE(RaceGrantsAgainstUnpublish());
  for (int round = 0; round < 3; ++round) {
    ASSERT_NO_FATAL_FAILURE(RaceRenamesAndCreates(round));
  }
  ASSERT_NO_FATAL_FAILURE(RacePublishesAgainstDeletes());

  EXPECT_GT(Counter("wsapp_store_conflict_retries_total"), 0);
  EXPECT_EQ(Counter("wsapp_store_retries_exhausted_total"), 0);
  for (const auto& instance : instances_) {
    int status = instance->Stop();
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << instance->name() << " did not exit 0 on SIGTERM:\n"
        << instance->Log();
  }
}

// D16 across instances: neither instance keeps its own copy of users, policies or attachments,
// so a change made through one applies on the very next request to the other, with no wait and
// no retry. Every step is made through one instance and checked on the other.
TEST_F(MultiInstancePostgresTest, PolicyAndUserChangesThroughOneInstanceApplyAtOnceOnTheOther) {
  WSAPP_REQUIRE_POSTGRES_OR_SKIP();
  auto dsn = FreshPostgresSchema(*PostgresTestDsn());
  ASSERT_OK(dsn);
  ASSERT_NO_FATAL_FAILURE(StartInstances(*dsn));
  WsappdProcess& a = *instances_[0];
  WsappdProcess& b = *instances_[1];
  auto root_token = a.IssueRootToken();
  ASSERT_OK(root_token);
  IamAdminClient iam_on_a(a.port(), *root_token, kTestAccountName);
  IamAdminClient iam_on_b(b.port(), *root_token, kTestAccountName);
  auto group = WorkspaceClient(a.port(), kProjectId, *root_token).CreateAppGroup("watched");
  ASSERT_OK(group);
  auto user_id = iam_on_a.CreateUserWithPassword("changed", kUserPassword);
  ASSERT_OK(user_id);
  // Created on B, so that A evaluates a document it has never parsed.
  const json document = {
      {"Version", "5.0"},
      {"Statement", {{{"Effect", "Allow"}, {"Action", {"workspace:*:*"}}, {"Resource", {"*"}}}}}};
  auto policy_id = iam_on_b.CreatePolicy("workspace-all", document);
  ASSERT_OK(policy_id);
  auto user_token = iam_on_b.Token("changed", kUserPassword, kProjectId);
  ASSERT_OK(user_token);
  WorkspaceClient user_on_a(a.port(), kProjectId, *user_token);
  WorkspaceClient user_on_b(b.port(), kProjectId, *user_token);
  const std::string list_apps = "/app-groups/" + *group + "/apps";

  ClientResponse without_policy = user_on_a.Get(user_on_a.Path(list_apps));
  ASSERT_OK(iam_on_b.AttachToUser(*policy_id, *user_id));
  ClientResponse attached = user_on_a.Get(user_on_a.Path(list_apps));
  ASSERT_OK(iam_on_a.DetachFromUser(*policy_id, *user_id));
  ClientResponse detached = user_on_b.Get(user_on_b.Path(list_apps));
  ClientResponse disabled = iam_on_b.Send("PUT", "/v5/users/" + *user_id, {{"enabled", false}});
  ClientResponse after_disabling = user_on_a.Get(user_on_a.Path(list_apps));

  EXPECT_TRUE(IsWorkspaceError(without_policy, 403, kDeniedCode)) << without_policy.body;
  EXPECT_EQ(attached.status, 200) << attached.body;
  EXPECT_TRUE(IsWorkspaceError(detached, 403, kDeniedCode)) << detached.body;
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_TRUE(IsWorkspaceError(after_disabling, 401, kUnauthenticatedCode)) << after_disabling.body;
}

}  // namespace
}  // namespace wsapp::testing
