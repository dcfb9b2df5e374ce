package dev.leadrouter.engine.intake.source;

import static dev.leadrouter.engine.intake.source.SourceTestKit.bareConfig;
import static dev.leadrouter.engine.intake.source.SourceTestKit.onlyLead;
import static dev.leadrouter.engine.intake.source.SourceTestKit.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.intake.LeadInput;
import dev.leadrouter.engine.intake.NameCleaner;
import dev.leadrouter.engine.intake.PhoneCleaner;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Per platform, a delivery in the published shape (values our own) with several numbers: every one is
 * kept, the first primary, a repeated one once, as the phone cleaner reads the lead's phone field.
 * Then the platform quirks: mappable custom fields (HubSpot properties, Google questions, Tencent
 * {@code bundle}), the salutation, Flamingo records without id, and the creation order of a page of clues.
 */
class EveryPhoneAndPlatformQuirksTest {

  private static final Map<String, String> TOKEN = Map.of("token", "t0k3n-for-tests");

  /** The E.164 numbers the cleaner reads from the lead's phone field, in order. */
  private static List<String> numbers(LeadInput lead) {
    return PhoneCleaner.clean(lead.phone()).numbers();
  }

  // ---- every phone kept ----

  @Test
  void hubSpotPhoneThenMobilephoneThenACustomPhoneProperty() {
    SourceConfig config = bareConfig("hs-forms", "hubspot-forms", TOKEN, null);
    String page = """
        {"results": [{"conversionId": "c7a0e3f2-1111-4a2b-9c3d-000000000001", "submittedAt": 1795508100000,
          "pageUrl": "https://www.example.com/contact",
          "values": [{"name": "firstname", "value": "Ana"}, {"name": "lastname", "value": "Ruiz"},
                     {"name": "phone", "value": "+1 617 555 0142"}, {"name": "mobilephone", "value": "+1 617 555 0143"},
                     {"name": "phone_2", "value": "+1 (617) 555-0142"}, {"name": "email", "value": "ana@example.com"}]}],
         "paging": {"next": {"after": "x"}}}""";

    LeadInput lead = onlyLead(new HubSpotFormsAdapter().parse(post("hs-forms", page), config));

    assertEquals(List.of("+16175550142", "+16175550143"), numbers(lead));
    assertNull(lead.attributes().get("mobilephone"));
  }

  @Test
  void googleLeadFormPhoneNumberThenWorkPhone() {
    SourceConfig config = bareConfig("gads", "google-ads", Map.of("googleKey", "gk-9"), null);
    String lead = """
        {"lead_id": "TeSter-123-ABCDEFGHIJKLMNOPQRSTUVWXYZ", "api_version": "1.0", "form_id": 40000000001,
         "campaign_id": 20000000002, "google_key": "gk-9", "is_test": true, "gcl_id": "EAIaIQob-test",
         "adgroup_id": 30000000003, "creative_id": 50000000004, "lead_submit_time": "2026-11-24T08:10:00Z",
         "user_column_data": [
           {"column_name": "Full Name", "string_value": "Priya Natarajan", "column_id": "FULL_NAME"},
           {"column_name": "User Phone", "string_value": "+44 20 7946 0018", "column_id": "PHONE_NUMBER"},
           {"column_name": "Work Phone", "string_value": "+44 20 7946 0019", "column_id": "WORK_PHONE"},
           {"column_name": "User Email", "string_value": "priya@example.co.uk", "column_id": "EMAIL"}]}""";

    SourceAdapter.Result result = new GoogleAdsAdapter().parse(post("gads", lead), config);

    assertEquals(List.of("+442079460018", "+442079460019"), numbers(onlyLead(result)));
    assertTrue(result.leads().get(0).test());
    assertEquals("2026-11-24T08:10:00Z", onlyLead(result).attributes().get("submittedAt"));
  }

  @Test
  void metaPhoneNumberThenACustomPhoneQuestion() {
    SourceConfig config = bareConfig("fb", "meta-lead", TOKEN, null);
    String leadObject = """
        {"id": "1200000000000001", "created_time": "2026-11-24T08:15:01+0000", "form_id": "98765",
         "field_data": [{"name": "full_name", "values": ["周敏"]}, {"name": "phone_number", "values": ["+8613912340001"]},
                        {"name": "备用电话", "values": ["0571-8800 1234"]}, {"name": "city", "values": ["杭州"]}]}""";

    LeadInput lead = onlyLead(new MetaLeadAdapter().parse(post("fb", leadObject), config));

    assertEquals(List.of("+8613912340001", "+8657188001234"), numbers(lead));
    assertEquals("2026-11-24T08:15:01Z", lead.attributes().get("submittedAt"));
  }

  @Test
  void typeformTwoPhoneQuestions() {
    SourceConfig config = bareConfig("tf", "typeform", Map.of("signingSecret", "s"), null);
    String event = """
        {"event_id": "01HTEST0000000000000000001", "event_type": "form_response",
         "form_response": {"form_id": "lT4Z3j", "token": "a3a12ec67a1365927098a606107fac15",
           "submitted_at": "2026-11-24T08:00:00Z", "landed_at": "2026-11-24T07:58:00Z",
           "definition": {"id": "lT4Z3j", "title": "咨询", "fields": [
             {"id": "Q1", "ref": "mobile", "type": "phone_number", "title": "手机"},
             {"id": "Q2", "ref": "office", "type": "phone_number", "title": "办公电话"}]},
           "answers": [
             {"type": "phone_number", "phone_number": "+8613800000001", "field": {"id": "Q1", "type": "phone_number", "ref": "mobile"}},
             {"type": "phone_number", "phone_number": "+862161230000", "field": {"id": "Q2", "type": "phone_number", "ref": "office"}}]}}""";

    LeadInput lead = onlyLead(new TypeformAdapter().parse(post("tf", event), config));

    assertEquals(List.of("+8613800000001", "+862161230000"), numbers(lead));
  }

  @Test
  void tallyTwoPhoneFields() {
    SourceConfig config = bareConfig("tally", "tally", Map.of("signingSecret", "s"), null);
    String event = """
        {"eventId": "a4cb511e-d513-4fa5-baee-b815d718dfd1", "eventType": "FORM_RESPONSE", "createdAt": "2026-11-24T08:00:00.000Z",
         "data": {"responseId": "2wgx4n", "submissionId": "2wgx4n", "respondentId": "dwQKYm", "formId": "VwbNEw",
           "formName": "Contact", "createdAt": "2026-11-24T08:00:00.000Z", "fields": [
             {"key": "question_3EKz4n", "label": "Phone", "type": "INPUT_PHONE_NUMBER", "value": "+31 20 794 6000"},
             {"key": "question_w4Q4Xn", "label": "Other phone", "type": "INPUT_PHONE_NUMBER", "value": "+31 6 1234 5678"},
             {"key": "question_w4Q4Xm", "label": "Also phone", "type": "INPUT_PHONE_NUMBER", "value": "+31 20 794 6000"}]}}""";

    LeadInput lead = onlyLead(new TallyAdapter().parse(post("tally", event), config));

    assertEquals(List.of("+31207946000", "+31612345678"), numbers(lead));
  }

  @Test
  void jotformTwoPhoneAnswers() {
    SourceConfig config = bareConfig("jf", "jotform", TOKEN, null);
    String raw = "{\"slug\":\"submit/2300000000\",\"q3_name\":{\"first\":\"Lei\",\"last\":\"Wang\"},"
        + "\"q4_phoneNumber\":{\"full\":\"(021) 6123-4567\"},\"q5_mobile\":{\"area\":\"139\",\"phone\":\"1234 0002\"},"
        + "\"q6_email\":\"lei@example.cn\"}";
    Delivery delivery = SourceTestKit.multipart("jf", List.of(Map.entry("formID", "2300000000"),
        Map.entry("submissionID", "5800000000000000001"), Map.entry("rawRequest", raw), Map.entry("ip", "203.0.113.7")), TOKEN);

    LeadInput lead = onlyLead(new JotformAdapter().parse(delivery, config));

    assertEquals(List.of("+862161234567", "+8613912340002"), numbers(lead));
  }

  @Test
  void gravityFormsTwoMappedPhoneFields() {
    SourceConfig config = bareConfig("gf", "gravity-forms", TOKEN, "{\"fields\":{\"phone\":[\"3\",\"7\"],\"name\":\"1\"}}");
    String entry = """
        {"id": "118", "form_id": "2", "date_created": "2026-11-24 02:15:31", "ip": "198.51.100.4",
         "source_url": "https://example.com/contact/", "status": "active",
         "1": "Michael Brown", "3": "(617) 555-0100 US", "7": "+1 617 555 0111"}""";

    LeadInput lead = onlyLead(new GravityFormsAdapter().parse(post("gf", entry), config));

    assertEquals(List.of("+16175550100", "+16175550111"), numbers(lead));
  }

  @Test
  void severalMainlandNumbersInOneFieldOrSeveralFieldsReadTheSame() {
    SourceConfig config = bareConfig("s", "generic", TOKEN, null);
    LeadInput lead = LeadBuilder.of(config).phone("13800138000/13900139000").phone(" 13800138000 ").phone("+86 139 0013 9000")
        .phone("021-61234567转8").build();

    assertEquals("13800138000/13900139000; 13800138000; +86 139 0013 9000; 021-61234567转8", lead.phone());
    assertEquals(List.of("+8613800138000", "+8613900139000", "+862161234567"), numbers(lead));
    assertEquals(Map.of("+862161234567", "8"), PhoneCleaner.clean(lead.phone()).extensions());
  }

  // ---- platform quirks ----

  @Test
  void hubSpotCustomPropertiesAreMappedAndTheSalutationReachesTheName() {
    SourceConfig config = bareConfig("hs-crm", "hubspot-webhook", Map.of("clientSecret", "c"),
        "{\"publicUrl\":\"https://x.example/e\",\"fields\":{\"budget\":\"budget_range\",\"region\":[\"province__c\"]}}");
    String events = """
        [{"eventId": 2001, "subscriptionId": 9, "portalId": 62515, "appId": 54321, "occurredAt": 1795508100000,
          "subscriptionType": "contact.propertyChange", "attemptNumber": 0, "objectId": 3001,
          "propertyName": "firstname", "propertyValue": "John", "changeSource": "CRM_UI"},
         {"eventId": 2002, "subscriptionId": 9, "portalId": 62515, "appId": 54321, "occurredAt": 1795508100001,
          "subscriptionType": "contact.propertyChange", "attemptNumber": 0, "objectId": 3001,
          "propertyName": "lastname", "propertyValue": "Smith", "changeSource": "CRM_UI"},
         {"eventId": 2003, "subscriptionId": 9, "portalId": 62515, "appId": 54321, "occurredAt": 1795508100002,
          "subscriptionType": "contact.propertyChange", "attemptNumber": 0, "objectId": 3001,
          "propertyName": "salutation", "propertyValue": "Dr.", "changeSource": "CRM_UI"},
         {"eventId": 2004, "subscriptionId": 9, "portalId": 62515, "appId": 54321, "occurredAt": 1795508100003,
          "subscriptionType": "contact.propertyChange", "attemptNumber": 0, "objectId": 3001,
          "propertyName": "budget_range", "propertyValue": "50-100万", "changeSource": "CRM_UI"},
         {"eventId": 2005, "subscriptionId": 9, "portalId": 62515, "appId": 54321, "occurredAt": 1795508100004,
          "subscriptionType": "contact.propertyChange", "attemptNumber": 0, "objectId": 3001,
          "propertyName": "province__c", "propertyValue": "浙江省", "changeSource": "CRM_UI"}]""";

    LeadInput lead = onlyLead(new HubSpotWebhookAdapter().parse(post("hs-crm", events), config));

    assertEquals("50-100万", lead.budget());
    assertEquals("浙江省", lead.region());
    assertEquals("Dr. John Smith", lead.name());
    assertEquals("Dr.", NameCleaner.parse(lead.name()).honorific());
    assertEquals("John Smith", NameCleaner.parse(lead.name()).name());
    assertNull(lead.attributes().get("budget_range"));
    assertNull(lead.attributes().get("salutation"));
  }

  @Test
  void aSalutationIsWrittenWherePeopleWriteItOrKeptApart() {
    SourceConfig config = bareConfig("s", "generic", TOKEN, null);

    assertEquals("李女士", LeadBuilder.of(config).name("李").salutation("女士").build().name());
    assertEquals("女士", NameCleaner.parse("李女士").honorific());
    assertEquals("Mrs. Chen", LeadBuilder.of(config).salutation("Mrs.").name("Chen").build().name());
    assertEquals("Frau Anna Müller", LeadBuilder.of(config).name("Anna Müller").salutation("Frau").build().name());
    LeadInput unknown = LeadBuilder.of(config).name("Anna Müller").salutation("Kapitän").build();
    assertEquals("Anna Müller", unknown.name(), "a salutation the cleaner does not know never spoils the name");
    assertEquals("Kapitän", unknown.attributes().get("salutation"));
    LeadInput already = LeadBuilder.of(config).name("Mr. Wang").salutation("Dr.").build();
    assertEquals("Mr. Wang", already.name());
    assertEquals("Dr.", already.attributes().get("salutation"));
    assertEquals("Ms.", LeadBuilder.of(config).salutation("Ms.").phone("13800138000").build().attributes().get("salutation"));
  }

  @Test
  void aFormSalutationQuestionReachesTheName() {
    SourceConfig config = bareConfig("cf7", "cf7", TOKEN, null);
    LeadInput lead = onlyLead(new Cf7Adapter().parse(SourceTestKit.urlencoded("cf7", List.of(Map.entry("your-name", "Emily Chen"),
        Map.entry("salutation", "Dr"), Map.entry("your-tel", "13800138000")), TOKEN), config));

    assertEquals("Dr Emily Chen", lead.name());
    assertEquals("Dr.", NameCleaner.parse(lead.name()).honorific());
  }

  @Test
  void googleQualifyingAndCustomQuestionsAreMappedByColumnIdOrQuestion() {
    SourceConfig config = bareConfig("gads", "google-ads", Map.of("googleKey", "gk-9"),
        "{\"fields\":{\"budget\":\"What is your budget?\",\"industry\":\"INDUSTRY\",\"company\":\"COMPANY_NAME\"}}");
    String lead = """
        {"lead_id": "L-2", "google_key": "gk-9", "form_id": 1, "campaign_id": 2, "user_column_data": [
          {"column_name": "Full Name", "string_value": "陈建国", "column_id": "FULL_NAME"},
          {"column_name": "User Phone", "string_value": "13800138000", "column_id": "PHONE_NUMBER"},
          {"column_name": "Company Name", "string_value": "苏州精工", "column_id": "COMPANY_NAME"},
          {"column_name": "Industry", "string_value": "锂电池", "column_id": "INDUSTRY"},
          {"column_name": "What is your budget?", "string_value": "50万以内", "column_id": "custom_question_8"},
          {"column_name": "Preferred contact time", "string_value": "上午", "column_id": "custom_question_9"}]}""";

    LeadInput in = onlyLead(new GoogleAdsAdapter().parse(post("gads", lead), config));

    assertEquals("50万以内", in.budget());
    assertEquals("锂电池", in.industry());
    assertEquals("苏州精工", in.company());
    assertEquals("上午", in.attributes().get("custom_question_9"));
    assertNull(in.attributes().get("custom_question_8"));
    assertEquals(List.of(), new GoogleAdsAdapter().validate(config, "/sources/0"));
    assertEquals(List.of("/sources/0/options/fields/budgett"), new GoogleAdsAdapter().validate(
        bareConfig("gads", "google-ads", Map.of("googleKey", "k"), "{\"fields\":{\"budgett\":\"x\"}}"), "/sources/0")
        .stream().map(FieldError::field).toList());
  }

  @Test
  void tencentBundleFieldsAreMappedAndTheRestKept() {
    SourceConfig config = bareConfig("gdt", "tencent-ads", TOKEN, "{\"fields\":{\"company\":\"公司名称\",\"budget\":\"预算\"}}");
    String page = """
        {"code": 0, "message": "", "message_cn": "", "data": {"leads_info": [
          {"account_id": 21000001, "leads_id": 7100000000001, "leads_name": "钱进", "leads_telephone": "18600000001",
           "leads_type": "LEADS_TYPE_FORM", "leads_action_time": "2026-11-24 10:00:00", "leads_create_time": "2026-11-24 10:00:05",
           "bundle": "{\\"公司名称\\":\\"北京华北科技\\",\\"预算\\":\\"20-50万\\",\\"座机\\":\\"010-62001234\\",\\"意向产品\\":\\"CRM\\"}"}],
          "page_info": {"page": 1, "page_size": 10, "total_number": 1, "total_page": 1}}}""";

    LeadInput lead = onlyLead(new TencentAdsAdapter().parse(post("gdt", page.getBytes(StandardCharsets.UTF_8), Map.of(), TOKEN), config));

    assertEquals("北京华北科技", lead.company());
    assertEquals("20-50万", lead.budget());
    assertEquals(List.of("+8618600000001", "+861062001234"), numbers(lead));
    assertEquals("CRM", lead.attributes().get("bundle.意向产品"));
    assertNull(lead.attributes().get("bundle"));
    assertEquals(List.of(), new TencentAdsAdapter().validate(config, "/sources/0"));
  }

  @Test
  void aFlamingoRecordWithoutIdOrHashIsKeyedByItsContent() {
    SourceConfig config = bareConfig("flamingo", "cf7-flamingo", TOKEN, null);
    String record = """
        {"channel": "contact-form-7_contact-form-1", "subject": "官网咨询", "from": "黄丽 <huangli@example.cn>",
         "fields": {"your-name": "黄丽", "your-email": "huangli@example.cn", "your-tel": "13800138000", "interest": ["储能", "锂电"]},
         "meta": {"remote_ip": "113.108.77.9", "url": "https://example.cn/contact", "date": "2026-11-24", "time": "10:15"},
         "timestamp": 1795508100}""";
    String reordered = """
        {"timestamp": 1795508100, "meta": {"time": "10:15", "date": "2026-11-24", "url": "https://example.cn/contact",
         "remote_ip": "113.108.77.9"}, "fields": {"interest": ["储能", "锂电"], "your-tel": "13800138000",
         "your-email": "huangli@example.cn", "your-name": "黄丽"}, "from": "黄丽 <huangli@example.cn>", "subject": "官网咨询",
         "channel": "contact-form-7_contact-form-1"}""";
    Cf7FlamingoAdapter adapter = new Cf7FlamingoAdapter();

    String id = onlyLead(adapter.parse(post("flamingo", record), config)).sourceEventId();

    assertTrue(id.startsWith("sha256:"), id);
    assertEquals(id, onlyLead(adapter.parse(post("flamingo", reordered), config)).sourceEventId(), "the same record, however written");
    assertNotEquals(id, onlyLead(adapter.parse(post("flamingo", record.replace("10:15", "10:16")), config)).sourceEventId(),
        "the same answers sent at another time are another submission");
    assertEquals(List.of("+8613800138000"), numbers(onlyLead(adapter.parse(post("flamingo", record), config))));
  }

  // ---- the order of a page ----

  @Test
  void oceanEngineCluesAreAppliedInCreationOrderHoweverThePageListsThem() {
    SourceConfig config = bareConfig("juliang", "oceanengine", TOKEN, null);
    String newestFirst = """
        {"code": 0, "message": "OK", "request_id": "r1", "data": {"list": [
          {"clue_id": "7300000000000000003", "name": "丙", "telephone": "13800000003", "create_time_detail": "2026-11-24 10:00:02"},
          {"clue_id": "7300000000000000002", "name": "乙", "telephone": "13800000002", "create_time_detail": "2026-11-24 10:00:00"},
          {"clue_id": "7300000000000000001", "name": "甲", "telephone": "13800000001", "create_time_detail": "2026-11-24 10:00:00"}],
          "page_info": {"page": 1, "page_size": 10, "total_number": 3, "total_page": 1}}}""";

    List<String> ids = new OceanengineAdapter().parse(post("juliang", newestFirst), config).leads().stream()
        .map(l -> l.input().sourceEventId()).toList();

    assertEquals(List.of("7300000000000000001", "7300000000000000002", "7300000000000000003"), ids);
  }

  @Test
  void douyinLocalCluesAreAppliedInCreationOrder() {
    SourceConfig config = bareConfig("bendi", "douyin-local", TOKEN, null);
    String page = """
        {"code": 0, "message": "OK", "data": {"list": [
          {"clue_id": "b2", "name": "乙", "telephone": "13800000012", "create_time_detail": "2026-11-24 09:00:00"},
          {"clue_id": "b1", "name": "甲", "telephone": "13800000011", "create_time_detail": "2026-11-23 23:59:59"}],
          "page_info": {"page_number": 1, "page_size": 10, "page_total": 1, "total": 2}}}""";

    assertEquals(List.of("b1", "b2"), new DouyinLocalAdapter().parse(post("bendi", page), config).leads().stream()
        .map(l -> l.input().sourceEventId()).toList());
  }

  @Test
  void tencentCluesListedNewestFirstAreAppliedOldestFirst() {
    SourceConfig config = bareConfig("gdt", "tencent-ads", TOKEN, null);
    String page = """
        {"code": 0, "message": "", "data": {"leads_info": [
          {"leads_id": 900, "leads_telephone": "18600000009", "leads_action_time": "2026-11-24 11:00:00"},
          {"leads_id": 1000, "leads_telephone": "18600000010", "leads_action_time": "2026-11-24 10:00:00"},
          {"leads_id": 800, "leads_telephone": "18600000008", "leads_action_time": "2026-11-24 10:00:00"}],
          "page_info": {"page": 1, "page_size": 10, "total_number": 3, "total_page": 1}}}""";

    assertEquals(List.of("800", "1000", "900"), new TencentAdsAdapter().parse(post("gdt", page), config).leads().stream()
        .map(l -> l.input().sourceEventId()).toList());
  }
}
