package dev.leadrouter.engine.intake.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.common.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every source's option and secret keys and URL options are checked, whatever its adapter. */
class SourceKeysTest {

  private static List<String> fields(String json) {
    return Sources.parse(json).validate().stream().map(FieldError::field).toList();
  }

  @Test
  void unknownOptionAndSecretKeysAreNamed() {
    List<FieldError> errors = Sources.parse("""
        {"sources": [{"id": "ju", "type": "oceanengine", "secrets": {"token": "t", "tokn": "x"},
          "options": {"apiBaseUrll": "https://x.cn", "customFields": {}}}]}""").validate();
    assertEquals(List.of("/sources/0/secrets/tokn", "/sources/0/options/apiBaseUrll"), errors.stream().map(FieldError::field).toList());
    assertTrue(errors.get(1).message().contains("apiBaseUrl"), errors.toString());
    assertFalse(errors.toString().contains("java."), errors.toString());
  }

  @Test
  void anAdapterThatChecksItsOwnOptionsDoesNotNameAKeyTwice() {
    assertEquals(List.of("/sources/0/options/feilds"), fields("""
        {"sources": [{"id": "jf", "type": "jotform", "secrets": {"token": "t"}, "options": {"feilds": {}}}]}"""));
    assertEquals(List.of("/sources/0/options/x"), fields("""
        {"sources": [{"id": "g", "type": "google-ads", "secrets": {"googleKey": "k"}, "options": {"x": 1}}]}"""));
  }

  @Test
  void urlOptionsOfASourceWithSecretsMustBeHttpsOrLoopback() {
    assertEquals(List.of("/sources/0/options/apiBaseUrl"), fields("""
        {"sources": [{"id": "fb", "type": "meta-leadgen", "secrets": {"appSecret": "a", "verifyToken": "v", "accessToken": "t"},
          "options": {"apiBaseUrl": "http://graph.example.com/v26.0"}}]}"""));
    for (String ok : List.of("https://graph.facebook.com/v26.0", "http://127.0.0.1:8080/v26.0", "http://localhost/v1",
        "http://[::1]:9/v1", "http://127.1.2.3/v1")) {
      assertEquals(List.of(), fields("""
          {"sources": [{"id": "fb", "type": "meta-leadgen", "secrets": {"appSecret": "a", "verifyToken": "v", "accessToken": "t"},
            "options": {"apiBaseUrl": "%s"}}]}""".formatted(ok)), ok);
    }
    assertEquals(List.of("/sources/0/options/publicUrl"), fields("""
        {"sources": [{"id": "hs", "type": "hubspot-webhook", "secrets": {"clientSecret": "c"},
          "options": {"publicUrl": "http://leads.example.com/api/v1/sources/hs/events"}}]}"""));
  }

  @Test
  void aPulledSourceNeedsItsAppAccountsAndSecretsButNoPostToken() {
    assertEquals(List.of(), fields("""
        {"sources": [{"id": "gdt", "type": "tencent-ads", "secrets": {"appSecret": "s", "refreshToken": "r"},
          "options": {"pull": true, "appId": "1112", "accountId": 25610}}]}"""));
    assertEquals(List.of("/sources/0/options/pull", "/sources/0/options/localAccountIds"), fields("""
        {"sources": [{"id": "bd", "type": "douyin-local", "secrets": {"token": "t"},
          "options": {"pull": "yes", "localAccountIds": []}}]}"""));
    assertEquals(List.of("/sources/0/options/appId", "/sources/0/options/advertiserIds", "/sources/0/secrets/appSecret",
        "/sources/0/secrets/refreshToken"), fields("""
        {"sources": [{"id": "ju", "type": "oceanengine", "options": {"pull": true}}]}"""));
    assertEquals(List.of("/sources/0/secrets/token"), fields("""
        {"sources": [{"id": "ju", "type": "oceanengine", "options": {"pull": false}}]}"""));
  }

  @Test
  void pullOptionsAreReadWithDefaults() {
    SourceConfig config = Sources.parse("""
        {"sources": [{"id": "ju", "type": "oceanengine", "secrets": {"appSecret": "s", "refreshToken": "r"},
          "options": {"pull": true, "appId": "1", "advertiserIds": ["17", 18], "apiBaseUrl": "http://127.0.0.1:1/open_api/"}}]}""")
        .sources().get(0);
    PullOptions o = PullOptions.of(config).orElseThrow();
    assertEquals(PullPlatform.OCEANENGINE, o.platform());
    assertEquals(List.of("17", "18"), o.accountIds());
    assertEquals("http://127.0.0.1:1/open_api", o.apiBaseUrl());
    assertEquals(60, o.interval().toSeconds());
    assertEquals(100, o.pageSize());
    assertEquals(24, o.backfill().toHours());
    assertEquals(120, o.overlap().toSeconds());
  }
}
