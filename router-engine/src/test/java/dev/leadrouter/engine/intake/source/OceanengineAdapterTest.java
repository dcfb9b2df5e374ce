package dev.leadrouter.engine.intake.source;

import static dev.leadrouter.engine.intake.source.SourceTestKit.assertMalformedAt;
import static dev.leadrouter.engine.intake.source.SourceTestKit.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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

class OceanengineAdapterTest {

  private static final OceanengineAdapter ADAPTER = new OceanengineAdapter();
  private static final SourceConfig CONFIG = SourceTestKit.eastChinaConfig("juliang-east", "oceanengine",
      Map.of("token", "oe-7f3a9c1d"),
      "{\"customFields\":{\"公司名称\":\"company\",\"所属行业\":\"industry\",\"预算范围\":\"budget\"}}");
  private static final Map<String, String> TOKEN = Map.of("token", "oe-7f3a9c1d");

  private static SourceAdapter.Result parse(String body) {
    return ADAPTER.parse(SourceTestKit.post("juliang-east", body.getBytes(StandardCharsets.UTF_8), Map.of(), TOKEN), CONFIG);
  }

  @Test
  void aClueListPageIsOneLeadPerClue() {
    SourceAdapter.Result result = parse(SourceTestKit.text("oceanengine/clue-list.json"));

    assertEquals(List.of(), result.errors());
    assertEquals(List.of(), result.fetches());
    assertNull(result.reply());
    assertEquals(3, result.leads().size());
    LeadInput expected = new LeadInput("juliang-east", "7301234567890123456", "王建国", "13800138000",
        "wangjg@jinggong-jx.cn", "苏州精工机械有限公司", "江苏省苏州市工业园区", "工业自动化", "50-100万", "normal",
        new LeadInput.Utm("douyin", "feed", "huadong-1124", null, null), null, "想了解产线改造方案，希望本周内电话联系",
        Map.ofEntries(
            Map.entry("tags", "华东投放"),
            Map.entry("landingUrl", "https://www.chengzi-zhizao.cn/lp/chanxian?utm_source=douyin&utm_medium=feed&utm_campaign=huadong-1124"),
            Map.entry("advertiser_id", "1712345678901234"),
            Map.entry("advertiser_name", "上海橙子智造科技有限公司"),
            Map.entry("ad_id", "1791234567890123"),
            Map.entry("ad_name", "华东-工业自动化-表单"),
            Map.entry("creative_id", "1791234567890456"),
            Map.entry("site_id", "7012345678901234567"),
            Map.entry("site_name", "智能产线改造咨询页"),
            Map.entry("module_id", "7023456789012345678"),
            Map.entry("module_name", "免费方案咨询表单"),
            Map.entry("clue_type", "0"),
            Map.entry("clue_source", "1"),
            Map.entry("app_name", "抖音"),
            Map.entry("create_time", "2026-11-24"),
            Map.entry("create_time_detail", "2026-11-24 10:15:30"),
            Map.entry("date", "2026-11-24"),
            Map.entry("gender", "1"),
            Map.entry("weixin", "wjg_1980"),
            Map.entry("address", "星湖街328号"),
            Map.entry("location", "江苏省苏州市"),
            Map.entry("remark_dict.公司名称", "苏州精工机械有限公司"),
            Map.entry("remark_dict.所属行业", "工业自动化"),
            Map.entry("remark_dict.预算范围", "50-100万"),
            Map.entry("intention_estimation", "高意向"),
            Map.entry("convert_status", "合法转化"),
            Map.entry("req_id", "202611241015290101501340731ABCDE"),
            Map.entry("clue_state", "1"),
            Map.entry("clue_state_name", "新线索"),
            Map.entry("allocation_status", "0"),
            Map.entry("follow_state_name", "未联系"),
            Map.entry("system_tags", "高意向,首次留资")));
    assertEquals(expected, result.leads().get(0).input());
    assertFalse(result.leads().get(0).test());
  }

  @Test
  void aMaskedNumberAndNumericIdsPassThroughAsTheyCame() {
    SourceAdapter.SourceLead lead = parse(SourceTestKit.text("oceanengine/clue-list.json")).leads().get(1);

    LeadInput expected = new LeadInput("juliang-east", "7302233445566778899", "李女士", "139****5678", null, null,
        "广东省深圳市", null, null, "normal", LeadInput.Utm.EMPTY, null, null,
        Map.ofEntries(
            Map.entry("tags", "华东投放"),
            Map.entry("advertiser_id", "1712345678901234"),
            Map.entry("advertiser_name", "上海橙子智造科技有限公司"),
            Map.entry("promotion_id", "7302233445566001122"),
            Map.entry("promotion_name", "华南-SaaS-线索"),
            Map.entry("project_id", "7302233445566000001"),
            Map.entry("clue_type", "2"),
            Map.entry("clue_source", "1"),
            Map.entry("app_name", "今日头条"),
            Map.entry("create_time_detail", "2026-11-24 11:02:07"),
            Map.entry("store.store_id", "123456"),
            Map.entry("store.store_name", "深圳南山体验中心"),
            Map.entry("store.store_address", "南山区科技园南区")));
    assertEquals(expected, lead.input());
    assertFalse(lead.test());
  }

  @Test
  void aClueFromAnAdPreviewIsATest() {
    SourceAdapter.SourceLead lead = parse(SourceTestKit.text("oceanengine/clue-list.json")).leads().get(2);

    assertTrue(lead.test());
    assertEquals("7303000000000000001", lead.input().sourceEventId());
    assertEquals("广告预览", lead.input().attributes().get("convert_status"));
  }

  @Test
  void aClueWithoutPhoneOrEmailIsStillALead() {
    SourceAdapter.Result result = parse("{\"code\":0,\"message\":\"OK\",\"data\":{\"list\":[{\"clue_id\":\"1\",\"name\":\"匿名\",\"weixin\":\"wx_1\"}]}}");

    assertEquals(1, result.leads().size());
    assertNull(result.leads().get(0).input().phone());
    assertEquals("wx_1", result.leads().get(0).input().attributes().get("weixin"));
  }

  @Test
  void anEmptyPageHasNoLeadsAndNoErrors() {
    SourceAdapter.Result result = parse("{\"code\":0,\"message\":\"OK\",\"data\":{\"list\":[],\"page_info\":{\"page\":1,\"page_size\":10,\"total_number\":0,\"total_page\":0}}}");

    assertEquals(List.of(), result.leads());
    assertEquals(List.of(), result.errors());
  }

  @Test
  void aCodeOtherThanZeroIsMalformedWithThePlatformsMessage() {
    SourceAdapter.Result result = parse(SourceTestKit.text("oceanengine/error.json"));

    assertMalformedAt(result, "/code");
    assertEquals("Ocean Engine answered code 40102: access_token已过期", result.errors().get(0).message());
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("not JSON", "{\"code\":0,", new String[] {""}),
        Arguments.of("empty body", "", new String[] {""}),
        Arguments.of("an array", "[{\"clue_id\":\"1\"}]", new String[] {""}),
        Arguments.of("no code", "{\"data\":{\"list\":[]}}", new String[] {"/code"}),
        Arguments.of("code not a number", "{\"code\":\"OK\",\"data\":{\"list\":[]}}", new String[] {"/code"}),
        Arguments.of("no data", "{\"code\":0,\"message\":\"OK\"}", new String[] {"/data"}),
        Arguments.of("data an array", "{\"code\":0,\"data\":[]}", new String[] {"/data"}),
        Arguments.of("list an object", "{\"code\":0,\"data\":{\"list\":{\"clue_id\":\"1\"}}}", new String[] {"/data/list"}),
        Arguments.of("a clue not an object", "{\"code\":0,\"data\":{\"list\":[{\"clue_id\":\"1\"},\"x\"]}}", new String[] {"/data/list/1"}),
        Arguments.of("clues without ids", "{\"code\":0,\"data\":{\"list\":[{\"name\":\"a\"},{\"clue_id\":\" \"}]}}",
            new String[] {"/data/list/0/clue_id", "/data/list/1/clue_id"}));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformed")
  void aMalformedBodyNamesThePartAtFault(String name, String body, String[] pointers) {
    assertMalformedAt(parse(body), pointers);
  }

  @Test
  void theSourceTokenInTheQueryAuthenticates() {
    byte[] body = SourceTestKit.resource("oceanengine/clue-list.json");

    assertTrue(ADAPTER.verify(SourceTestKit.post("juliang-east", body, Map.of(), TOKEN), CONFIG, SourceTestKit.NOW).authentic());
    SourceAdapter.Verdict wrong = ADAPTER.verify(SourceTestKit.post("juliang-east", body, Map.of(), Map.of("token", "oe-7f3a9c1e")), CONFIG, SourceTestKit.NOW);
    assertFalse(wrong.authentic());
    assertEquals("wrong ?token", wrong.reason());
    SourceAdapter.Verdict missing = ADAPTER.verify(SourceTestKit.post("juliang-east", body, Map.of(), Map.of()), CONFIG, SourceTestKit.NOW);
    assertFalse(missing.authentic());
    assertEquals("missing query parameter ?token", missing.reason());
    SourceConfig noSecret = SourceTestKit.eastChinaConfig("juliang-east", "oceanengine", Map.of(), null);
    assertFalse(ADAPTER.verify(SourceTestKit.post("juliang-east", body, Map.of(), TOKEN), noSecret, SourceTestKit.NOW).authentic());
  }

  @Test
  void validationNeedsTheTokenAndKnownCanonicalFields() {
    assertEquals(List.of(), ADAPTER.validate(CONFIG, "/sources/0"));
    SourceConfig bad = SourceTestKit.eastChinaConfig("x", "oceanengine", Map.of(), "{\"customFields\":{\"公司名称\":\"corp\"}}");

    assertEquals(List.of("/sources/3/secrets/token", "/sources/3/options/customFields/公司名称"),
        ADAPTER.validate(bad, "/sources/3").stream().map(FieldError::field).toList());
  }

  @Test
  void adversarialBodiesNeverThrow() {
    List<byte[]> seeds = List.of(SourceTestKit.resource("oceanengine/clue-list.json"), SourceTestKit.resource("oceanengine/error.json"));
    List<Delivery> deliveries = SourceTestKit.adversarialBodies(20261124L, seeds, 1000).stream()
        .map(body -> SourceTestKit.post("juliang-east", body, Map.of(), TOKEN)).toList();

    SourceTestKit.assertNeverThrows(ADAPTER, CONFIG, deliveries);
  }
}
