package dev.leadrouter.engine.intake.source;

import static dev.leadrouter.engine.intake.source.SourceTestKit.assertMalformedAt;
import static dev.leadrouter.engine.intake.source.SourceTestKit.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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

class WecomContactAdapterTest {

  private static final WecomContactAdapter ADAPTER = new WecomContactAdapter();
  /** The WeCom source whose fetches this adapter parses. */
  private static final SourceConfig CONFIG = SourceTestKit.eastChinaConfig("wecom-kefu", "wecom",
      Map.of("token", "Qx7kP2mNw9", "aesKey", "kWxPLfW9sVhGv3QeJb2mYtN8cR5dZ1aUoE7iH4jK6lM", "corpSecret", "s"),
      "{\"corpId\":\"ww1a2b3c4d5e6f7a8b\"}");
  private static final Map<String, String> FETCHED = Map.of("x-leadrouter-fetch", SourceTokens.fetchMarker(CONFIG));

  private static Delivery fetched(byte[] body) {
    return SourceTestKit.post("wecom-kefu", "application/json", body, FETCHED, Map.of());
  }

  private static SourceAdapter.Result parse(String body) {
    return ADAPTER.parse(fetched(body.getBytes(StandardCharsets.UTF_8)), CONFIG);
  }

  @Test
  void aWechatCustomerIsOneLeadAsTheMemberWhoAddedThemLastSeesThem() {
    SourceAdapter.Result result = ADAPTER.parse(fetched(SourceTestKit.resource("wecom-contact/contact-get.json")), CONFIG);

    assertEquals(List.of(), result.errors());
    assertEquals(1, result.leads().size());
    LeadInput expected = new LeadInput("wecom-kefu", "wmAbCdEf1234567890Xyz_AAAA:1764037200", "孙丽-苏州精工", "13912345678; 0512-68001234; 13700001111", null,
        "苏州精工机械有限公司", null, null, null, "normal", LeadInput.Utm.EMPTY, null, "2026 华东工博会扫码添加，关注 MES 系统，预算约 80 万",
        Map.ofEntries(
            Map.entry("tags", "华东投放"),
            Map.entry("ownerUserId", "zhangsan"),
            Map.entry("channelState", "expo2026_huadong"),
            Map.entry("follow_user.remark_mobiles", "13912345678,0512-68001234,13700001111"),
            Map.entry("follow_user.tags", "A类客户,工业自动化"),
            Map.entry("follow_user.remark", "孙丽-苏州精工"),
            Map.entry("follow_user.createtime", "1764037200"),
            Map.entry("follow_user.remark_corp_name", "苏州精工机械有限公司"),
            Map.entry("follow_user.oper_userid", "wmAbCdEf1234567890Xyz_AAAA"),
            Map.entry("follow_user.add_way", "1"),
            Map.entry("external_userid", "wmAbCdEf1234567890Xyz_AAAA"),
            Map.entry("name", "孙丽🌸"),
            Map.entry("avatar", "https://wx.qlogo.cn/mmhead/Q3auHgzwzM6abc/0"),
            Map.entry("type", "1"),
            Map.entry("gender", "2"),
            Map.entry("unionid", "ozynqsulJFCZ2z1aYeS8h-nuasdAAA")));
    assertEquals(expected, result.leads().get(0).input());
    assertFalse(result.leads().get(0).test());
  }

  @Test
  void aWecomUserWithoutRemarkIsNamedAsTheyAreAndKeepsTheirCompany() {
    LeadInput lead = ADAPTER.parse(fetched(SourceTestKit.resource("wecom-contact/contact-get-wecom-user.json")), CONFIG)
        .leads().get(0).input();

    LeadInput expected = new LeadInput("wecom-kefu", "woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA:1525779812", "李四", null, null,
        "深圳市腾讯计算机系统有限公司", null, null, null, "normal", LeadInput.Utm.EMPTY, null, "对接采购事务",
        Map.ofEntries(
            Map.entry("tags", "华东投放"),
            Map.entry("ownerUserId", "rocky"),
            Map.entry("follow_user.createtime", "1525779812"),
            Map.entry("follow_user.remark_corp_name", "腾讯科技"),
            Map.entry("follow_user.add_way", "10"),
            Map.entry("follow_user.oper_userid", "rocky"),
            Map.entry("external_userid", "woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA"),
            Map.entry("name", "李四"),
            Map.entry("position", "采购经理"),
            Map.entry("corp_name", "腾讯"),
            Map.entry("corp_full_name", "深圳市腾讯计算机系统有限公司"),
            Map.entry("type", "2"),
            Map.entry("gender", "1")));
    assertEquals(expected, lead);
  }

  @Test
  void aCustomerNobodyFollowsAnyMoreIsALeadWithoutOwner() {
    LeadInput lead = parse("{\"errcode\":0,\"errmsg\":\"ok\",\"external_contact\":{\"external_userid\":\"wm1\",\"name\":\"王\"},\"follow_user\":[]}")
        .leads().get(0).input();

    assertEquals("wm1", lead.sourceEventId());
    assertNull(lead.attributes().get("ownerUserId"));
    assertNull(lead.phone());
  }

  @Test
  void anErrcodeOtherThanZeroIsMalformedWithWecomsMessage() {
    SourceAdapter.Result result = ADAPTER.parse(fetched(SourceTestKit.resource("wecom-contact/error.json")), CONFIG);

    assertMalformedAt(result, "/errcode");
    assertEquals("WeCom answered errcode 40014: invalid access_token", result.errors().get(0).message());
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("not JSON", "<xml/>", ""),
        Arguments.of("an array", "[]", ""),
        Arguments.of("no errcode", "{\"external_contact\":{\"external_userid\":\"wm1\"}}", "/errcode"),
        Arguments.of("no customer", "{\"errcode\":0,\"errmsg\":\"ok\"}", "/external_contact"),
        Arguments.of("customer an array", "{\"errcode\":0,\"external_contact\":[]}", "/external_contact"),
        Arguments.of("no customer id", "{\"errcode\":0,\"external_contact\":{\"name\":\"王\"}}", "/external_contact/external_userid"),
        Arguments.of("followers an object", "{\"errcode\":0,\"external_contact\":{\"external_userid\":\"wm1\"},\"follow_user\":{}}", "/follow_user"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformed")
  void aMalformedBodyNamesThePartAtFault(String name, String body, String pointer) {
    assertMalformedAt(parse(body), pointer);
  }

  @Test
  void anAnswerTheEngineFetchedForThisSourceIsAuthentic_anythingElseNeedsTheToken() {
    byte[] body = SourceTestKit.resource("wecom-contact/contact-get.json");

    assertTrue(ADAPTER.verify(fetched(body), CONFIG, SourceTestKit.NOW).authentic());
    Delivery forAnother = SourceTestKit.post("wecom-kefu", "application/json", body, Map.of("X-Leadrouter-Fetch", "other-source"), Map.of());
    assertFalse(ADAPTER.verify(forAnother, CONFIG, SourceTestKit.NOW).authentic());
    Delivery direct = SourceTestKit.post("wecom-kefu", "application/json", body, Map.of(), Map.of("token", "Qx7kP2mNw9"));
    assertTrue(ADAPTER.verify(direct, CONFIG, SourceTestKit.NOW).authentic());
    Delivery unauthenticated = SourceTestKit.post("wecom-kefu", "application/json", body, Map.of(), Map.of());
    assertEquals("missing query parameter ?token", ADAPTER.verify(unauthenticated, CONFIG, SourceTestKit.NOW).reason());
  }

  @Test
  void adversarialBodiesNeverThrow() {
    List<byte[]> seeds = List.of(SourceTestKit.resource("wecom-contact/contact-get.json"),
        SourceTestKit.resource("wecom-contact/contact-get-wecom-user.json"), SourceTestKit.resource("wecom-contact/error.json"));
    List<Delivery> deliveries = SourceTestKit.adversarialBodies(92114L, seeds, 1000).stream().map(WecomContactAdapterTest::fetched).toList();

    SourceTestKit.assertNeverThrows(ADAPTER, CONFIG, deliveries);
  }
}
