package dev.leadrouter.engine.intake.source;

import static dev.leadrouter.engine.intake.source.SourceTestKit.assertMalformedAt;
import static dev.leadrouter.engine.intake.source.SourceTestKit.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.intake.LeadInput;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DouyinLocalAdapterTest {

  private static final DouyinLocalAdapter ADAPTER = new DouyinLocalAdapter();
  private static final SourceConfig CONFIG = SourceTestKit.eastChinaConfig("bendi-hz", "douyin-local",
      Map.of("token", "dy-42b8e6"), "{\"customFields\":{\"公司名称\":\"company\"}}");
  private static final Map<String, String> TOKEN = Map.of("token", "dy-42b8e6");

  private static SourceAdapter.Result parse(String body) {
    return ADAPTER.parse(SourceTestKit.post("bendi-hz", body.getBytes(StandardCharsets.UTF_8), Map.of(), TOKEN), CONFIG);
  }

  @Test
  void aLocalPushClueListIsOneLeadPerClue() {
    SourceAdapter.Result result = parse(SourceTestKit.text("douyin-local/clue-life-list.json"));

    assertEquals(List.of(), result.errors());
    assertEquals(2, result.leads().size());
    LeadInput expected = new LeadInput("bendi-hz", "7311122233344455566", "陈先生", "15867891234", null,
        "杭州云栖文化传媒有限公司", "浙江省杭州市西湖区", null, null, "normal", LeadInput.Utm.EMPTY, null, "希望周六晚上到店",
        Map.ofEntries(
            Map.entry("tags", "华东投放"),
            Map.entry("local_account_id", "1781234567890123"),
            Map.entry("advertiser_name", "杭州悦享餐饮管理有限公司"),
            Map.entry("promotion_id", "7311000011112222333"),
            Map.entry("promotion_name", "门店团购-周末引流"),
            Map.entry("gender", "MALE"),
            Map.entry("age", "35"),
            Map.entry("weixin", "chen_xs88"),
            Map.entry("auto_province_name", "浙江省"),
            Map.entry("auto_city_name", "杭州市"),
            Map.entry("address", "文三路90号"),
            Map.entry("clue_type", "FORM"),
            Map.entry("action_type", "SHORT_VIDEO"),
            Map.entry("flow_type", "AD"),
            Map.entry("flow_entrance", "FEED"),
            Map.entry("leads_page", "POI"),
            Map.entry("is_private_clue", "NO"),
            Map.entry("product_id", "1812345678901234"),
            Map.entry("product_name", "双人周末套餐"),
            Map.entry("product_type", "GROUPON"),
            Map.entry("intention_poi_id", "6601234567890123456"),
            Map.entry("intention_life_account_name", "悦享餐厅（西湖店）"),
            Map.entry("author_nickname", "悦享餐厅"),
            Map.entry("author_role", "商家"),
            Map.entry("create_time_detail", "2026-11-24 12:30:05"),
            Map.entry("modify_time", "2026-11-24 12:30:05"),
            Map.entry("remark_dict.到店人数", "4人"),
            Map.entry("remark_dict.公司名称", "杭州云栖文化传媒有限公司"),
            Map.entry("system_tags", "团购意向"),
            Map.entry("effective_state", "0"),
            Map.entry("effective_state_name", "NOT_MARKED"),
            Map.entry("follow_state_name", "NOT_CALLED"),
            Map.entry("allocation_status", "NOT_ASSIGN"),
            Map.entry("video_id", "7311234000000000001")));
    assertEquals(expected, result.leads().get(0).input());
    assertFalse(result.leads().get(0).test());
  }

  @Test
  void aRefundedOrdersMaskedNumberIsKeptAndTheRegionFallsBackToWhereThePlatformPlacesIt() {
    LeadInput lead = parse(SourceTestKit.text("douyin-local/clue-life-list.json")).leads().get(1).input();

    LeadInput expected = new LeadInput("bendi-hz", "7311122233344455577", null, "158****1234", null, null,
        "浙江省宁波市", null, null, "normal", LeadInput.Utm.EMPTY, null, null,
        Map.ofEntries(
            Map.entry("tags", "华东投放"),
            Map.entry("local_account_id", "1781234567890123"),
            Map.entry("auto_province_name", "浙江省"),
            Map.entry("auto_city_name", "宁波市"),
            Map.entry("clue_type", "GROUP_BUYING"),
            Map.entry("order_id", "1081234567890123456"),
            Map.entry("order_status", "交易关闭"),
            Map.entry("create_time_detail", "2026-11-24 13:05:40")));
    assertEquals(expected, lead);
  }

  @Test
  void remarkDictThatIsNotJsonIsKeptAsItCame() {
    LeadInput lead = parse("{\"code\":0,\"data\":{\"list\":[{\"clue_id\":\"9\",\"telephone\":\"13500000000\",\"remark_dict\":\"到店：周日\"}],\"page_info\":{}}}")
        .leads().get(0).input();

    assertEquals("到店：周日", lead.attributes().get("remark_dict"));
  }

  @Test
  void aCodeOtherThanZeroIsMalformedWithThePlatformsMessage() {
    SourceAdapter.Result result = parse(SourceTestKit.text("douyin-local/error.json"));

    assertMalformedAt(result, "/code");
    assertEquals("Ocean Engine (本地推) answered code 40002: local_account_ids 不能为空", result.errors().get(0).message());
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("not JSON", "code=0", new String[] {""}),
        Arguments.of("a string", "\"OK\"", new String[] {""}),
        Arguments.of("code a float", "{\"code\":0.5,\"data\":{\"list\":[]}}", new String[] {"/code"}),
        Arguments.of("data null", "{\"code\":0,\"data\":null}", new String[] {"/data"}),
        Arguments.of("list a string", "{\"code\":0,\"data\":{\"list\":\"[]\"}}", new String[] {"/data/list"}),
        Arguments.of("a clue null", "{\"code\":0,\"data\":{\"list\":[null]}}", new String[] {"/data/list/0"}),
        Arguments.of("clue id an object", "{\"code\":0,\"data\":{\"list\":[{\"clue_id\":{\"id\":1}}]}}", new String[] {"/data/list/0/clue_id"}));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformed")
  void aMalformedBodyNamesThePartAtFault(String name, String body, String[] pointers) {
    assertMalformedAt(parse(body), pointers);
  }

  @Test
  void theSourceTokenInTheQueryAuthenticates() {
    byte[] body = SourceTestKit.resource("douyin-local/clue-life-list.json");

    assertTrue(ADAPTER.verify(SourceTestKit.post("bendi-hz", body, Map.of(), TOKEN), CONFIG, SourceTestKit.NOW).authentic());
    assertFalse(ADAPTER.verify(SourceTestKit.post("bendi-hz", body, Map.of(), Map.of("token", "dy-42b8e")), CONFIG, SourceTestKit.NOW).authentic());
    assertFalse(ADAPTER.verify(SourceTestKit.post("bendi-hz", body, Map.of(), Map.of("Token", "dy-42b8e6")), CONFIG, SourceTestKit.NOW).authentic());
  }

  @Test
  void adversarialBodiesNeverThrow() {
    List<byte[]> seeds = List.of(SourceTestKit.resource("douyin-local/clue-life-list.json"), SourceTestKit.resource("douyin-local/error.json"));
    List<Delivery> deliveries = SourceTestKit.adversarialBodies(7311L, seeds, 1000).stream()
        .map(body -> SourceTestKit.post("bendi-hz", body, Map.of(), TOKEN)).toList();

    SourceTestKit.assertNeverThrows(ADAPTER, CONFIG, deliveries);
  }
}
