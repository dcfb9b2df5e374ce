package dev.leadrouter.engine.intake.source;

import static dev.leadrouter.engine.intake.source.SourceTestKit.assertMalformedAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.intake.LeadInput;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TencentAdsAdapterTest {

  private static final TencentAdsAdapter ADAPTER = new TencentAdsAdapter();
  private static final SourceConfig CONFIG = SourceTestKit.eastChinaConfig("gdt-north", "tencent-ads", Map.of("token", "tx-91c0d2"), null);
  private static final Map<String, String> TOKEN = Map.of("token", "tx-91c0d2");

  private static SourceAdapter.Result parse(String body) {
    return ADAPTER.parse(SourceTestKit.post("gdt-north", body.getBytes(StandardCharsets.UTF_8), Map.of(), TOKEN), CONFIG);
  }

  @Test
  void aLeadCluesPageIsOneLeadPerClue() {
    SourceAdapter.Result result = parse(SourceTestKit.text("tencent-ads/lead-clues.json"));

    assertEquals(List.of(), result.errors());
    assertEquals(2, result.leads().size());
    LeadInput expected = new LeadInput("gdt-north", "1234567890123", "赵敏", "18612345678", "zhaomin@huabei-keji.cn",
        null, "北京市朝阳区", null, null, "normal", new LeadInput.Utm("tencent", null, "huabei-saas", null, null), null, null,
        Map.ofEntries(
            Map.entry("tags", "华东投放"),
            Map.entry("landingUrl", "https://h5.gdt.qq.com/xjviewer/nemo/7890123456?utm_source=tencent&utm_campaign=huabei-saas"),
            Map.entry("account_id", "21234567"),
            Map.entry("click_id", "wx0abcdef1234567890"),
            Map.entry("campaign_id", "3456789012"),
            Map.entry("campaign_name", "朋友圈-企业服务-华北"),
            Map.entry("adgroup_id", "4567890123"),
            Map.entry("adgroup_name", "北京-企业主-25-45岁"),
            Map.entry("creative_id", "5678901234"),
            Map.entry("creative_name", "SaaS免费试用"),
            Map.entry("component_id", "6789012345"),
            Map.entry("component_name", "免费试用表单"),
            Map.entry("page_id", "7890123456"),
            Map.entry("page_name", "企业服务落地页"),
            Map.entry("leads_type", "LEADS_TYPE_FORM"),
            Map.entry("leads_user_type", "USER_TYPE_WX_OPENID"),
            Map.entry("leads_user_id", "oAbCdE1234567890XyZ"),
            Map.entry("telephone_location", "北京"),
            Map.entry("leads_wechat", "zhaomin_bj"),
            Map.entry("leads_gender", "GENDER_TYPE_FEMALE"),
            Map.entry("leads_create_time", "2026-11-24 09:05:12"),
            Map.entry("leads_action_time", "2026-11-24 09:04:58"),
            Map.entry("leads_potential_score", "高"),
            Map.entry("owner_id", "0")));
    assertEquals(expected, result.leads().get(0).input());
    assertFalse(result.leads().get(0).test());
  }

  @Test
  void aPhoneLeadKeepsItsMaskedNumberAndFallsBackToTheNumbersLocation() {
    LeadInput lead = parse(SourceTestKit.text("tencent-ads/lead-clues.json")).leads().get(1).input();

    LeadInput expected = new LeadInput("gdt-north", "1234567890456", null, "135****2468", null, null, "上海", null, null,
        "normal", LeadInput.Utm.EMPTY, null, null,
        Map.ofEntries(
            Map.entry("tags", "华东投放"),
            Map.entry("account_id", "21234567"),
            Map.entry("campaign_id", "3456789013"),
            Map.entry("campaign_name", "搜索-企业服务-华东"),
            Map.entry("leads_type", "LEADS_TYPE_PHONE"),
            Map.entry("telephone_location", "上海"),
            Map.entry("leads_gender", "GENDER_TYPE_UNKNOWN"),
            Map.entry("call_duration", "45"),
            Map.entry("leads_create_time", "2026-11-24 10:22:31"),
            Map.entry("leads_action_time", "2026-11-24 10:21:40")));
    assertEquals(expected, lead);
  }

  @Test
  void aCodeOtherThanZeroIsMalformedWithTheChineseMessageFirst() {
    SourceAdapter.Result result = parse(SourceTestKit.text("tencent-ads/error.json"));

    assertMalformedAt(result, "/code");
    assertEquals("Tencent Ads answered code 11017: 无权限访问该账户", result.errors().get(0).message());
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("truncated", "{\"code\":0,\"data\":{\"leads_info\":[", new String[] {""}),
        Arguments.of("trailing garbage", "{\"code\":0,\"data\":{}} x", new String[] {""}),
        Arguments.of("no data", "{\"code\":0}", new String[] {"/data"}),
        Arguments.of("leads_info an object", "{\"code\":0,\"data\":{\"leads_info\":{\"leads_id\":1}}}", new String[] {"/data/leads_info"}),
        Arguments.of("a clue a number", "{\"code\":0,\"data\":{\"leads_info\":[1]}}", new String[] {"/data/leads_info/0"}),
        Arguments.of("no leads_id", "{\"code\":0,\"data\":{\"leads_info\":[{\"leads_name\":\"王\"}]}}", new String[] {"/data/leads_info/0/leads_id"}));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformed")
  void aMalformedBodyNamesThePartAtFault(String name, String body, String[] pointers) {
    assertMalformedAt(parse(body), pointers);
  }

  @Test
  void theSourceTokenInTheQueryAuthenticates() {
    byte[] body = SourceTestKit.resource("tencent-ads/lead-clues.json");

    assertTrue(ADAPTER.verify(SourceTestKit.post("gdt-north", body, Map.of(), TOKEN), CONFIG, SourceTestKit.NOW).authentic());
    assertFalse(ADAPTER.verify(SourceTestKit.post("gdt-north", body, Map.of(), Map.of("token", "")), CONFIG, SourceTestKit.NOW).authentic());
    assertFalse(ADAPTER.verify(SourceTestKit.post("gdt-north", body, Map.of(), Map.of("token", "tx-91c0d2 ")), CONFIG, SourceTestKit.NOW).authentic());
    assertEquals(List.of("/sources/1/secrets/token"),
        ADAPTER.validate(SourceTestKit.eastChinaConfig("gdt-north", "tencent-ads", Map.of("token", " "), null), "/sources/1")
            .stream().map(FieldError::field).toList());
  }

  @Test
  void adversarialBodiesNeverThrow() {
    List<byte[]> seeds = List.of(SourceTestKit.resource("tencent-ads/lead-clues.json"), SourceTestKit.resource("tencent-ads/error.json"));
    List<Delivery> deliveries = SourceTestKit.adversarialBodies(1101L, seeds, 1000).stream()
        .map(body -> SourceTestKit.post("gdt-north", body, Map.of(), TOKEN)).toList();

    SourceTestKit.assertNeverThrows(ADAPTER, CONFIG, deliveries);
  }
}
