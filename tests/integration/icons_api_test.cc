// UploadAppIcon, UploadAppIconRaw and DeleteAppIcon over HTTP (issue #3), and the icons the
// server serves at the icon_url it reports.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "support/api_server_test.h"
#include "support/status_matchers.h"
#include "support/wire_shapes.h"

namespace wsapp::testing {
namespace {

constexpr char kUnknownId[] = "570810904237572999";
constexpr char kBoundary[] = "wsapp-test-7d1f0c";
constexpr size_t kMaxIconBytes = 8 * 1024;  // "at most 8 KB" (reference section 1.3, #18)

// CRC-32 of PNG chunks (ISO 3309), bit by bit so that it shares nothing with the server's table.
uint32_t Crc32(std::string_view bytes) {
  uint32_t crc = 0xffffffffu;
  for (char byte : bytes) {
    crc ^= static_cast<unsigned char>(byte);
    for (int bit = 0; bit < 8; ++bit) {
      crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xedb88320u : crc >> 1;
    }
  }
  return crc ^ 0xffffffffu;
}

std::string BigEndian32(uint32_t value) {
  return {static_cast<char>(value >> 24), static_cast<char>(value >> 16),
          static_cast<char>(value >> 8), static_cast<char>(value)};
}

std::string Chunk(std::string_view type, std::string_view data) {
  std::string typed = std::string(type) + std::string(data);
  return BigEndian32(static_cast<uint32_t>(data.size())) + typed + BigEndian32(Crc32(typed));
}

constexpr std::string_view kSignature = "\x89PNG\r\n\x1a\n";
constexpr size_t kMinimalPngBytes = 68;

// A 1x1 RGBA PNG. With `total_bytes` above the minimal 68, a tEXt chunk holding `label` and
// filler pads the file to exactly that size; a different `label` gives different bytes.
std::string MakePng(size_t total_bytes = 0, std::string_view label = "icon") {
  const std::string header = Chunk("IHDR", std::string("\0\0\0\1\0\0\0\1\x08\x06\0\0\0", 13));
  // zlib stream of one scanline: filter byte 0 and four zero bytes.
  const std::string pixels =
      Chunk("IDAT", std::string("\x78\x9c\x63\x60\x00\x02\x00\x00\x05\x00\x01", 11));
  std::string text;
  if (total_bytes > kMinimalPngBytes) {
    std::string data = "Comment" + std::string(1, '\0') + std::string(label);
    size_t data_bytes = total_bytes - kMinimalPngBytes - 12;
    data.resize(data_bytes, 'x');
    text = Chunk("tEXt", data);
  }
  return std::string(kSignature) + header + text + pixels + Chunk("IEND", "");
}

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t group = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) {
      group |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    }
    if (i + 2 < bytes.size()) {
      group |= static_cast<unsigned char>(bytes[i + 2]);
    }
    out.push_back(kAlphabet[(group >> 18) & 63]);
    out.push_back(kAlphabet[(group >> 12) & 63]);
    out.push_back(i + 1 < bytes.size() ? kAlphabet[(group >> 6) & 63] : '=');
    out.push_back(i + 2 < bytes.size() ? kAlphabet[group & 63] : '=');
  }
  return out;
}

struct FormField {
  std::string name;
  std::string body;
  std::optional<std::string> filename;
  std::string content_type;
};

// A multipart/form-data body (RFC 7578) of `fields` with kBoundary.
std::string FormBody(const std::vector<FormField>& fields) {
  std::string body;
  for (const FormField& field : fields) {
    body += std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; name=\"" +
            field.name + "\"";
    if (field.filename) {
      body += "; filename=\"" + *field.filename + "\"";
    }
    body += "\r\n";
    if (!field.content_type.empty()) {
      body += "Content-Type: " + field.content_type + "\r\n";
    }
    body += "\r\n" + field.body + "\r\n";
  }
  return body + "--" + kBoundary + "--\r\n";
}

// The form the vendor's SDKs send: the PNG file in the part `data`.
std::string DataForm(const std::string& png) {
  return FormBody({{"data", png, "icon.png", "image/png"}});
}

std::string FormContentType() { return std::string("multipart/form-data; boundary=") + kBoundary; }

class IconsApiTest : public ApiServerTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(ApiServerTest::SetUp());
    auto group = api().CreateAppGroup(UniqueName("icons"));
    ASSERT_OK(group);
    group_ = *group;
    auto ids = api().PublishApps(group_, {"Painter"});
    ASSERT_OK(ids);
    app_id_ = (*ids)[0];
  }

  std::string AppPath(const std::string& group, const std::string& app_id) const {
    return "/v1/" + project_id() + "/app-groups/" + group + "/apps/" + app_id;
  }
  std::string AppPath() const { return AppPath(group_, app_id_); }

  ClientResponse UploadForm(const std::string& app_path, const std::string& body,
                            const std::string& content_type = FormContentType()) {
    std::vector<api::Header> headers;
    if (!content_type.empty()) {
      headers.push_back({"Content-Type", content_type});
    }
    return api().Send(MakeRequest("POST", app_path + "/icon", headers, body));
  }
  ClientResponse Upload(const std::string& png) { return UploadForm(AppPath(), DataForm(png)); }

  ClientResponse UploadRaw(const std::string& app_path, const std::string& body) {
    return api().Send(
        MakeRequest("PUT", app_path + "/raw-icon", {{"Content-Type", "application/json"}}, body));
  }

  ClientResponse DeleteIcon(const std::string& app_path) {
    return api().Send(MakeRequest("DELETE", app_path + "/icon"));
  }

  nlohmann::json Show() {
    ClientResponse response = api().Get(AppPath());
    EXPECT_EQ(response.status, 200) << response.body;
    return response.Json();
  }

  // The origin every icon URL must start with: this server's own listening address.
  std::string Origin() const { return "http://127.0.0.1:" + std::to_string(server().port()); }

  // GET of an icon URL on a connection of its own, without any credentials.
  ClientResponse FetchAnonymously(const std::string& icon_url) {
    std::string target = icon_url;
    if (target.rfind(Origin(), 0) == 0) {
      target = target.substr(Origin().size());
    }
    HttpClient anonymous(server().port());
    return anonymous.Send(MakeRequest("GET", target));
  }

  // Succeeds when `url` is `<origin>/wsapp/icons/<32 lowercase hex>.png`: a path that carries
  // 128 random bits, so that it cannot be guessed.
  ::testing::AssertionResult IsUnguessableIconUrl(const std::string& url) const {
    static const std::regex kPath("/wsapp/icons/[0-9a-f]{32}\\.png");
    if (url.rfind(Origin(), 0) != 0 || !std::regex_match(url.substr(Origin().size()), kPath)) {
      return ::testing::AssertionFailure()
             << "icon_url " << url << " is not under " << Origin() << "/wsapp/icons/<32 hex>.png";
    }
    return ::testing::AssertionSuccess();
  }

  // Succeeds when `url` serves exactly `png` as image/png.
  ::testing::AssertionResult ServesIcon(const std::string& url, const std::string& png) {
    ClientResponse response = FetchAnonymously(url);
    if (response.status != 200) {
      return ::testing::AssertionFailure()
             << url << " answered " << response.status << ": " << response.body;
    }
    if (response.Header("Content-Type") != "image/png") {
      return ::testing::AssertionFailure() << "Content-Type " << response.Header("Content-Type");
    }
    if (response.body != png) {
      return ::testing::AssertionFailure()
             << "served " << response.body.size() << " bytes that differ from the " << png.size()
             << " uploaded";
    }
    return ::testing::AssertionSuccess();
  }

  std::string group_;
  std::string app_id_;
};

// --- UploadAppIcon --------------------------------------------------------------------------

// Reference section 1.3 (#18): 200 with the App, whose icon_url names the new icon.
TEST_F(IconsApiTest, UploadReturnsTheAppWithItsNewIconUrl) {
  nlohmann::json before = Show();

  ClientResponse response = Upload(MakePng());

  ASSERT_EQ(response.status, 200) << response.body;
  nlohmann::json app = response.Json();
  EXPECT_TRUE(HasShape(app, AppShape()));
  const std::string url = app.value("icon_url", "");
  EXPECT_TRUE(IsUnguessableIconUrl(url));
  nlohmann::json expected = before;
  expected["icon_url"] = url;
  EXPECT_EQ(app, expected);
  EXPECT_EQ(Show(), expected);
  ClientResponse listed =
      api().Get("/v1/" + project_id() + "/app-groups/" + group_ + "/apps?app_id=" + app_id_);
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.Json()["items"][0]["icon_url"], url);
}

TEST_F(IconsApiTest, UploadedIconIsServedWithoutCredentials) {
  const std::string png = MakePng(200, "served");
  ClientResponse uploaded = Upload(png);
  ASSERT_EQ(uploaded.status, 200) << uploaded.body;

  ClientResponse served = FetchAnonymously(uploaded.Json().value("icon_url", ""));

  ASSERT_EQ(served.status, 200) << served.body;
  EXPECT_EQ(served.Header("Content-Type"), "image/png");
  EXPECT_EQ(served.body, png);
}

// docs/api.md: HEAD is served wherever GET is, without a body.
TEST_F(IconsApiTest, UploadedIconAnswersHeadWithoutBody) {
  ClientResponse uploaded = Upload(MakePng());
  ASSERT_EQ(uploaded.status, 200) << uploaded.body;
  const std::string url = uploaded.Json().value("icon_url", "");
  HttpClient anonymous(server().port());

  ClientResponse response = anonymous.Send(MakeRequest("HEAD", url.substr(Origin().size())));

  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("Content-Type"), "image/png");
  EXPECT_TRUE(response.body.empty());
}

TEST_F(IconsApiTest, UploadAcceptsAnIconOfExactlyEightKibibytes) {
  const std::string png = MakePng(kMaxIconBytes);
  ASSERT_EQ(png.size(), kMaxIconBytes);

  ClientResponse response = Upload(png);

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_TRUE(ServesIcon(response.Json().value("icon_url", ""), png));
}

TEST_F(IconsApiTest, UploadRejectsAnIconOverEightKibibytes) {
  const std::string png = MakePng(kMaxIconBytes + 1);
  ASSERT_EQ(png.size(), kMaxIconBytes + 1);

  ClientResponse response = Upload(png);

  EXPECT_TRUE(IsWorkspaceError(response, 400, "WKS.00211102"));
  EXPECT_EQ(Show()["icon_url"], "");
}

TEST_F(IconsApiTest, UploadRejectsContentThatIsNotAPng) {
  const std::string png = MakePng();
  std::string bad_crc = png;
  bad_crc[29] ^= 0x01;  // the first byte of IHDR's CRC
  std::string no_image_data = std::string(kSignature) +
                              Chunk("IHDR", std::string("\0\0\0\1\0\0\0\1\x08\x06\0\0\0", 13)) +
                              Chunk("IEND", "");
  struct Case {
    std::string label;
    std::string bytes;
  };
  const std::vector<Case> cases = {
      {"text", "this is not an image"},
      {"JPEG", std::string("\xff\xd8\xff\xe0\0\x10JFIF\0", 11)},
      {"GIF", "GIF89a\x01\x00\x01\x00"},
      {"signature only", std::string(kSignature)},
      {"truncated PNG", png.substr(0, png.size() - 6)},
      {"bytes after IEND", png + "tail"},
      {"CRC mismatch", bad_crc},
      {"no IDAT chunk", no_image_data},
  };
  for (const Case& row : cases) {
    ClientResponse response = Upload(row.bytes);

    EXPECT_TRUE(IsWorkspaceError(response, 400, "WKS.00211102")) << row.label;
  }
  EXPECT_EQ(Show()["icon_url"], "");
}

// Reference section 1.3 (#18): a request that is not multipart/form-data is 415.
TEST_F(IconsApiTest, UploadRejectsOtherMediaTypes) {
  const std::string png = MakePng();
  struct Case {
    std::string content_type;
    std::string body;
  };
  const std::vector<Case> cases = {
      {"image/png", png},
      {"application/json", nlohmann::json({{"data", Base64(png)}}).dump()},
      {"text/plain", DataForm(png)},
      {"multipart/mixed; boundary=" + std::string(kBoundary), DataForm(png)},
      {"application/x-www-form-urlencoded", "data=" + Base64(png)},
      {"", DataForm(png)},
  };
  for (const Case& row : cases) {
    ClientResponse response = UploadForm(AppPath(), row.body, row.content_type);

    EXPECT_TRUE(IsWorkspaceError(response, 415, "WKS.00000415"))
        << "Content-Type '" << row.content_type << "'";
  }
  EXPECT_EQ(Show()["icon_url"], "");
}

TEST_F(IconsApiTest, UploadAcceptsMediaTypeInAnyCaseAndQuotedBoundary) {
  const std::string content_type =
      std::string("Multipart/Form-Data; boundary=\"") + kBoundary + "\"";

  ClientResponse response = UploadForm(AppPath(), DataForm(MakePng()), content_type);

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_TRUE(IsUnguessableIconUrl(response.Json().value("icon_url", "")));
}

TEST_F(IconsApiTest, UploadRejectsMalformedForms) {
  const std::string png = MakePng();
  const std::string form = DataForm(png);
  struct Case {
    std::string label;
    std::string content_type;
    std::string body;
    std::string error_code;
  };
  const std::vector<Case> cases = {
      {"no boundary parameter", "multipart/form-data", form, "WKS.00149901"},
      {"another boundary", "multipart/form-data; boundary=other", form, "WKS.00149901"},
      {"no closing delimiter", FormContentType(), form.substr(0, form.size() - 4), "WKS.00149901"},
      {"part without Content-Disposition", FormContentType(),
       std::string("--") + kBoundary + "\r\nContent-Type: image/png\r\n\r\n" + png + "\r\n--" +
           kBoundary + "--\r\n",
       "WKS.00149901"},
      {"empty body", FormContentType(), "", "WKS.00149901"},
      {"no data part", FormContentType(), FormBody({{"other", "x", std::nullopt, ""}}),
       "WKS.00211102"},
      {"empty data part", FormContentType(), FormBody({{"data", "", "icon.png", "image/png"}}),
       "WKS.00211102"},
      {"data part twice", FormContentType(),
       FormBody({{"data", png, "a.png", "image/png"}, {"data", png, "b.png", "image/png"}}),
       "WKS.00211102"},
  };
  for (const Case& row : cases) {
    ClientResponse response = UploadForm(AppPath(), row.body, row.content_type);

    EXPECT_TRUE(IsWorkspaceError(response, 400, row.error_code)) << row.label;
  }
  EXPECT_EQ(Show()["icon_url"], "");
}

// Reference section 1.3 (#18): the form may carry the PNG as base64 in the field `icon_url`.
TEST_F(IconsApiTest, UploadAcceptsTheIconAsBase64InTheIconUrlField) {
  const std::string png = MakePng(120, "base64");

  ClientResponse response =
      UploadForm(AppPath(), FormBody({{"icon_url", Base64(png), std::nullopt, ""}}));

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_TRUE(ServesIcon(response.Json().value("icon_url", ""), png));
}

// The interface's promise (service/icon_service.h): a new upload gets a new URL and the earlier
// one stops working.
TEST_F(IconsApiTest, ReuploadReplacesTheIconAndRetiresTheOldUrl) {
  const std::string first_png = MakePng(100, "first");
  const std::string second_png = MakePng(100, "second");
  ClientResponse first = Upload(first_png);
  ASSERT_EQ(first.status, 200) << first.body;
  const std::string first_url = first.Json().value("icon_url", "");

  ClientResponse second = Upload(second_png);

  ASSERT_EQ(second.status, 200) << second.body;
  const std::string second_url = second.Json().value("icon_url", "");
  EXPECT_TRUE(IsUnguessableIconUrl(second_url));
  EXPECT_NE(second_url, first_url);
  EXPECT_TRUE(ServesIcon(second_url, second_png));
  EXPECT_TRUE(IsWorkspaceError(FetchAnonymously(first_url), 404, "WSAPP.00000404"));
  EXPECT_EQ(Show()["icon_url"], second_url);
}

TEST_F(IconsApiTest, FailedUploadKeepsTheCurrentIcon) {
  const std::string png = MakePng();
  ClientResponse uploaded = Upload(png);
  ASSERT_EQ(uploaded.status, 200) << uploaded.body;
  const std::string url = uploaded.Json().value("icon_url", "");

  ClientResponse rejected = Upload(MakePng(kMaxIconBytes + 1));

  EXPECT_TRUE(IsWorkspaceError(rejected, 400, "WKS.00211102"));
  EXPECT_EQ(Show()["icon_url"], url);
  EXPECT_TRUE(ServesIcon(url, png));
}

TEST_F(IconsApiTest, IconUrlsCannotBeGuessed) {
  auto other = api().PublishApps(group_, {"Sculptor"});
  ASSERT_OK(other);
  const std::string png = MakePng();
  ClientResponse mine = Upload(png);
  ClientResponse theirs = UploadForm(AppPath(group_, (*other)[0]), DataForm(png));
  ASSERT_EQ(mine.status, 200) << mine.body;
  ASSERT_EQ(theirs.status, 200) << theirs.body;
  const std::string url = mine.Json().value("icon_url", "");
  ASSERT_TRUE(IsUnguessableIconUrl(url));
  const std::string token = url.substr(url.size() - 36, 32);
  std::string upper = token;
  for (char& c : upper) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  const std::string prefix = Origin() + "/wsapp/icons/";
  const std::vector<std::string> guesses = {
      prefix + std::string(32, '0') + ".png",
      prefix + app_id_ + ".png",
      prefix + token,
      prefix + token + ".PNG",
      prefix + upper + ".png",
      prefix + token.substr(1) + ".png",
      prefix + "../" + token + ".png",
  };

  EXPECT_NE(theirs.Json().value("icon_url", ""), url);
  for (const std::string& guess : guesses) {
    ClientResponse response = FetchAnonymously(guess);

    EXPECT_EQ(response.status, 404) << guess << ": " << response.body;
    EXPECT_NE(response.body, png) << guess;
  }
}

// D8/D3: the upload itself needs credentials; only the served icon is public.
TEST_F(IconsApiTest, IconChangesWithoutCredentialsAreUnauthenticated) {
  HttpClient anonymous(server().port());
  const std::string png = MakePng();

  ClientResponse upload = anonymous.Send(MakeRequest(
      "POST", AppPath() + "/icon", {{"Content-Type", FormContentType()}}, DataForm(png)));
  ClientResponse raw = anonymous.Send(
      MakeRequest("PUT", AppPath() + "/raw-icon", {{"Content-Type", "application/json"}},
                  nlohmann::json({{"icon_content", Base64(png)}}).dump()));
  ClientResponse removal = anonymous.Send(MakeRequest("DELETE", AppPath() + "/icon"));

  EXPECT_TRUE(IsWorkspaceError(upload, 401, "APIG.0301"));
  EXPECT_TRUE(IsWorkspaceError(raw, 401, "APIG.0301"));
  EXPECT_TRUE(IsWorkspaceError(removal, 401, "APIG.0301"));
  EXPECT_EQ(Show()["icon_url"], "");
}

// Section 4.2: for a body that is not JSON the SDKs send X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD
// and sign that value instead of the body's hash (GoSDK-style signed headers here).
TEST_F(IconsApiTest, SignedUploadWithUnsignedPayloadSucceeds) {
  const std::string png = MakePng(90, "signed");
  api::HttpRequest request = MakeRequest("POST", AppPath() + "/icon",
                                         {{"Content-Type", FormContentType()},
                                          {"User-Agent", "huaweicloud-usdk-go/3.0"},
                                          {"X-Project-Id", project_id()},
                                          {"X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD"}},
                                         DataForm(png));
  ASSERT_OK(
      server().Sign(request, {"user-agent", "x-project-id", "x-sdk-content-sha256", "x-sdk-date"}));
  HttpClient signed_client(server().port());

  ClientResponse response = signed_client.Send(request);

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_TRUE(ServesIcon(response.Json().value("icon_url", ""), png));
}

// The icon belongs to the app, not to its other fields: changing them keeps the icon.
TEST_F(IconsApiTest, IconSurvivesOtherChangesToTheApp) {
  const std::string png = MakePng();
  ClientResponse uploaded = Upload(png);
  ASSERT_EQ(uploaded.status, 200) << uploaded.body;
  const std::string url = uploaded.Json().value("icon_url", "");
  const std::string apps = "/v1/" + project_id() + "/app-groups/" + group_ + "/apps";

  ClientResponse updated = api().Send(MakeRequest(
      "PATCH", AppPath(), {{"Content-Type", "application/json"}}, R"({"name":"Renamed"})"));
  ClientResponse disabled = api().PostJson(apps + "/actions/disable", IdsBody({app_id_}));
  ClientResponse pre_boot =
      api().PostJson(apps + "/pre-boot-policy",
                     nlohmann::json({{"ids", {app_id_}}, {"is_pre_boot", true}}).dump());

  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.Json()["icon_url"], url);
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  ASSERT_EQ(pre_boot.status, 200) << pre_boot.body;
  nlohmann::json app = Show();
  EXPECT_EQ(app["icon_url"], url);
  EXPECT_EQ(app["state"], "FORBIDDEN");
  EXPECT_EQ(app["is_pre_boot"], true);
  EXPECT_TRUE(ServesIcon(url, png));
}

// --- DeleteAppIcon --------------------------------------------------------------------------

// Reference section 1.3 (#19), D1, D2: 200 `{}`, repeatable; the default icon is back.
TEST_F(IconsApiTest, DeleteRestoresTheDefaultIconAndIsRepeatable) {
  ClientResponse uploaded = Upload(MakePng());
  ASSERT_EQ(uploaded.status, 200) << uploaded.body;
  const std::string url = uploaded.Json().value("icon_url", "");

  ClientResponse first = DeleteIcon(AppPath());
  ClientResponse second = DeleteIcon(AppPath());

  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.body, "{}");
  EXPECT_EQ(first.Header("Content-Type").rfind("application/json", 0), 0u);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.body, "{}");
  nlohmann::json app = Show();
  EXPECT_TRUE(HasShape(app, AppShape()));
  EXPECT_EQ(app["icon_url"], "");
  EXPECT_TRUE(IsWorkspaceError(FetchAnonymously(url), 404, "WSAPP.00000404"));
}

TEST_F(IconsApiTest, DeleteOfAnAppWithoutCustomIconSucceeds) {
  ClientResponse response = DeleteIcon(AppPath());

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.body, "{}");
  EXPECT_EQ(Show()["icon_url"], "");
}

TEST_F(IconsApiTest, UploadAfterDeleteGetsAFreshUrl) {
  ClientResponse first = Upload(MakePng(100, "before"));
  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_EQ(DeleteIcon(AppPath()).status, 200);
  const std::string png = MakePng(100, "after");

  ClientResponse second = Upload(png);

  ASSERT_EQ(second.status, 200) << second.body;
  const std::string url = second.Json().value("icon_url", "");
  EXPECT_NE(url, first.Json().value("icon_url", ""));
  EXPECT_TRUE(ServesIcon(url, png));
}

// D10: unpublishing removes the app and everything that belongs to it, its icon included.
TEST_F(IconsApiTest, UnpublishStopsServingTheIcon) {
  ClientResponse uploaded = Upload(MakePng());
  ASSERT_EQ(uploaded.status, 200) << uploaded.body;
  const std::string url = uploaded.Json().value("icon_url", "");

  ClientResponse unpublished =
      api().PostJson("/v1/" + project_id() + "/app-groups/" + group_ + "/apps/batch-unpublish",
                     IdsBody({app_id_}));

  ASSERT_EQ(unpublished.status, 200) << unpublished.body;
  EXPECT_TRUE(IsWorkspaceError(FetchAnonymously(url), 404, "WSAPP.00000404"));
}

// --- Unknown apps and groups ----------------------------------------------------------------

// D2: an unknown id in the path is 404, also for the otherwise repeatable DeleteAppIcon.
TEST_F(IconsApiTest, IconOperationsOnAnUnknownAppAreNotFound) {
  auto other = api().CreateAppGroup(UniqueName("icons-other"));
  ASSERT_OK(other);
  auto foreign = api().PublishApps(*other, {"Foreign"});
  ASSERT_OK(foreign);
  const std::string png = MakePng();
  const std::string raw = nlohmann::json({{"icon_content", Base64(png)}}).dump();
  struct Case {
    std::string label;
    std::string app_path;
    std::string error_code;
  };
  const std::vector<Case> cases = {
      {"unknown app", AppPath(group_, kUnknownId), "WKS.00211902"},
      {"app of another group", AppPath(group_, (*foreign)[0]), "WKS.00211902"},
      {"unknown group", AppPath(kUnknownId, app_id_), "WSAPP.00010404"},
  };

  for (const Case& row : cases) {
    EXPECT_TRUE(IsWorkspaceError(UploadForm(row.app_path, DataForm(png)), 404, row.error_code))
        << "UploadAppIcon, " << row.label;
    EXPECT_TRUE(IsWorkspaceError(UploadRaw(row.app_path, raw), 404, row.error_code))
        << "UploadAppIconRaw, " << row.label;
    EXPECT_TRUE(IsWorkspaceError(DeleteIcon(row.app_path), 404, row.error_code))
        << "DeleteAppIcon, " << row.label;
  }
  ClientResponse foreign_app = api().Get(AppPath(*other, (*foreign)[0]));
  EXPECT_EQ(foreign_app.Json()["icon_url"], "");
}

// --- UploadAppIconRaw -----------------------------------------------------------------------

// Reference section 1.3 (#21): `icon_content` is the PNG in base64; 200 with the App.
TEST_F(IconsApiTest, RawUploadSetsTheIconFromBase64) {
  nlohmann::json before = Show();
  const std::string png = MakePng(150, "raw");

  ClientResponse response =
      UploadRaw(AppPath(), nlohmann::json({{"icon_content", Base64(png)}}).dump());

  ASSERT_EQ(response.status, 200) << response.body;
  nlohmann::json app = response.Json();
  EXPECT_TRUE(HasShape(app, AppShape()));
  const std::string url = app.value("icon_url", "");
  EXPECT_TRUE(IsUnguessableIconUrl(url));
  nlohmann::json expected = before;
  expected["icon_url"] = url;
  EXPECT_EQ(app, expected);
  EXPECT_TRUE(ServesIcon(url, png));
}

TEST_F(IconsApiTest, RawUploadAcceptsADataUri) {
  const std::string png = MakePng(kMaxIconBytes, "data-uri");

  ClientResponse response = UploadRaw(
      AppPath(), nlohmann::json({{"icon_content", "data:image/png;base64," + Base64(png)}}).dump());

  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_TRUE(ServesIcon(response.Json().value("icon_url", ""), png));
}

TEST_F(IconsApiTest, RawUploadRejectsInvalidContent) {
  const std::string png = MakePng();
  auto content = [](const std::string& text) {
    return nlohmann::json({{"icon_content", text}}).dump();
  };
  struct Case {
    std::string label;
    std::string body;
    std::string error_code;
  };
  const std::vector<Case> cases = {
      {"icon_content missing", "{}", "WKS.00211102"},
      {"icon_content empty", content(""), "WKS.00211102"},
      {"icon_content a number", R"({"icon_content":1})", "WKS.00211102"},
      {"not base64", content("*** not base64 ***"), "WKS.00211102"},
      {"base64url alphabet", content(std::string(Base64(png)).replace(0, 1, "-")), "WKS.00211102"},
      {"base64 of text", content(Base64("not a png at all")), "WKS.00211102"},
      {"base64 of a JPEG", content(Base64(std::string("\xff\xd8\xff\xe0\0\x10JFIF\0", 11))),
       "WKS.00211102"},
      {"PNG over 8 KiB", content(Base64(MakePng(kMaxIconBytes + 1))), "WKS.00211102"},
      {"data URI of another type", content("data:image/jpeg;base64," + Base64(png)),
       "WKS.00211102"},
      {"not JSON", "icon_content", "WKS.00149901"},
  };
  for (const Case& row : cases) {
    ClientResponse response = UploadRaw(AppPath(), row.body);

    EXPECT_TRUE(IsWorkspaceError(response, 400, row.error_code)) << row.label;
  }
  EXPECT_EQ(Show()["icon_url"], "");
}

// D26: UploadAppIconRaw is a JSON operation; a form is another media type.
TEST_F(IconsApiTest, RawUploadRejectsAForm) {
  ClientResponse response = api().Send(MakeRequest(
      "PUT", AppPath() + "/raw-icon", {{"Content-Type", FormContentType()}}, DataForm(MakePng())));

  EXPECT_TRUE(IsWorkspaceError(response, 415, "WKS.00000415"));
  EXPECT_EQ(Show()["icon_url"], "");
}

}  // namespace
}  // namespace wsapp::testing
