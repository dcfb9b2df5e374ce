package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/imports}: a file of leads through the intake, dry run first, idempotent, admin only. */
class ImportTest {

  private static final String MAPPING = "{\"name\":\"姓名\",\"phone\":\"手机\",\"email\":\"邮箱\",\"company\":\"公司\","
      + "\"region\":\"地区\",\"source\":\"来源\"}";
  private static final String HEADER = "姓名,手机,邮箱,公司,地区,来源\r\n";
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static EngineFixture engine;

  @BeforeAll
  static void start() {
    engine = EngineFixture.startFresh(TestDb.H2, ConfigFactory.parseString(
        "leadrouter.imports { max-bytes = 4MiB, max-rows = 1200, body-timeout = 2s }"));
  }

  @AfterAll
  static void stop() {
    if (engine != null) engine.close();
    engine = null;
  }

  /** A file of 1,000 data rows: 20 bad ones (expected errors by row), 5 repeating an earlier row's phone. */
  private record Sheet(String csv, Map<Integer, String> badFields, List<String> goodPhones) {}

  private static Sheet thousandRows() {
    StringBuilder csv = new StringBuilder("\uFEFF").append(HEADER);
    Map<Integer, String> bad = new TreeMap<>();
    List<String> phones = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      int row = i + 2;
      String phone = EngineFixture.newPhone();
      String line;
      if (i % 200 == 7) {
        line = "坏号码" + i + ",12345,,公司" + i + ",上海,展会";
        bad.put(row, "手机");
      } else if (i % 200 == 17) {
        line = ",,,只有公司" + i + ",上海,展会";
        bad.put(row, "手机");
      } else if (i % 200 == 27) {
        line = "坏邮箱" + i + "," + phone + ",not-an-email,公司" + i + ",上海,展会";
        bad.put(row, "邮箱");
      } else if (i % 200 == 37) {
        line = "长公司" + i + "," + phone + ",,\"" + "长".repeat(201) + "\",上海,展会";
        bad.put(row, "公司");
      } else if (i % 200 == 99) {
        line = "重复" + i + "," + phones.get(0) + ",,\"公司, 有逗号\",上海,展会";
      } else {
        line = "客户" + i + "," + phone + ",c" + i + "@example.cn,公司" + i + ",上海,";
        phones.add(phone);
      }
      csv.append(line).append("\r\n");
    }
    return new Sheet(csv.toString(), bad, phones);
  }

  @Test
  void aThousandRowCsvIsDryRunThenImportedOnceWithTheBadRowsReported() throws Exception {
    Sheet sheet = thousandRows();
    byte[] file = sheet.csv().getBytes(StandardCharsets.UTF_8);

    JsonNode dry = ok(upload("true", "leads.csv", "text/csv", file, MAPPING, engine.admin()));
    assertEquals(true, dry.get("dryRun").asBoolean());
    assertEquals(1000, dry.get("rows").asInt());
    assertEquals(975, dry.get("created").asInt(), dry.toString());
    assertEquals(5, dry.get("merged").asInt());
    assertEquals(20, dry.get("refused").asInt());
    assertEquals(sheet.badFields(), errorsByRow(dry));
    assertEquals(List.of(), ids(sheet.goodPhones().get(0)), "a dry run writes no lead");

    JsonNode imported = ok(upload("false", "leads.csv", "text/csv", file, MAPPING, engine.admin()));
    assertEquals(false, imported.get("dryRun").asBoolean());
    assertEquals(975, imported.get("created").asInt(), imported.toString());
    assertEquals(5, imported.get("merged").asInt());
    assertEquals(20, imported.get("refused").asInt());
    assertEquals(sheet.badFields(), errorsByRow(imported));
    for (String phone : List.of(sheet.goodPhones().get(0), sheet.goodPhones().get(500), sheet.goodPhones().get(974))) {
      awaitAssert(Duration.ofSeconds(20), () -> assertEquals(1, ids(phone).size(), phone));
    }

    HttpResponse<String> report = engine.get(imported.get("report").asText(), engine.admin());
    assertEquals(200, report.statusCode(), report.body());
    assertTrue(report.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
    List<String> lines = report.body().lines().toList();
    assertEquals("row,outcome,leadId,field,message", lines.get(0));
    assertEquals(1001, lines.size(), "one line a row (each refused row has one error)");
    assertEquals(20, lines.stream().filter(l -> l.contains(",refused,")).count());

    JsonNode again = ok(upload("false", "leads.csv", "text/csv", file, MAPPING, engine.admin()));
    assertEquals(0, again.get("created").asInt(), again.toString());
    assertEquals(0, again.get("merged").asInt());
    assertEquals(980, again.get("duplicate").asInt());
    assertEquals(1, ids(sheet.goodPhones().get(0)).size(), "importing the same file again creates nothing");
    JsonNode dryAgain = ok(upload("true", "leads.csv", "text/csv", file, MAPPING, engine.admin()));
    assertEquals(980, dryAgain.get("duplicate").asInt(), dryAgain.toString());
  }

  @Test
  void anXlsxImportsTheSameWay() throws Exception {
    String p1 = EngineFixture.newPhone();
    String p2 = EngineFixture.newPhone();
    byte[] xlsx;
    try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      XSSFSheet s = wb.createSheet("leads");
      String[][] rows = {{"姓名", "手机", "邮箱", "公司", "地区", "来源"},
          {"张三", p1, "", "甲公司", "北京", "展会"}, {"李四", p2, "li@example.cn", "乙公司", "上海", ""},
          {"王五", "12345", "", "丙公司", "上海", ""}};
      for (int r = 0; r < rows.length; r++) {
        var row = s.createRow(r);
        for (int c = 0; c < rows[r].length; c++) {
          if (!rows[r][c].isEmpty()) row.createCell(c).setCellValue(rows[r][c]);
        }
      }
      wb.write(out);
      xlsx = out.toByteArray();
    }
    JsonNode dry = ok(upload(null, "leads.xlsx", "application/octet-stream", xlsx, MAPPING, engine.admin()));
    assertEquals(true, dry.get("dryRun").asBoolean(), "dry run by default");
    assertEquals(2, dry.get("created").asInt(), dry.toString());
    assertEquals(Map.of(4, "手机"), errorsByRow(dry));
    JsonNode columns = ok(upload("true", "leads.xlsx", "application/octet-stream", xlsx, "{}", engine.admin()));
    assertEquals("{\"dryRun\":true,\"columns\":[\"姓名\",\"手机\",\"邮箱\",\"公司\",\"地区\",\"来源\"]}",
        Json.MAPPER.writeValueAsString(Json.MAPPER.createObjectNode().put("dryRun", true).set("columns", columns.get("columns"))),
        "an empty mapping on a dry run answers the header row: " + columns);
    ProblemAssertions.assertInvalid(upload("false", "leads.xlsx", "application/octet-stream", xlsx, "{}", engine.admin()), "/mapping");
    JsonNode imported = ok(upload("false", "leads.xlsx", "application/octet-stream", xlsx, MAPPING, engine.admin()));
    assertEquals(2, imported.get("created").asInt(), imported.toString());
    awaitAssert(Duration.ofSeconds(20), () -> assertEquals(1, ids(p2).size()));
  }

  @Test
  void aFileOverTheLimitIs413() throws Exception {
    byte[] big = (HEADER + ("客户,13800138000,,公司,上海,展会\r\n".repeat(140_000))).getBytes(StandardCharsets.UTF_8);
    assertTrue(big.length > 4 * 1024 * 1024);
    ProblemAssertions.assertProblem(upload("true", "big.csv", "text/csv", big, MAPPING, engine.admin()),
        413, "payload-too-large", "Payload too large");
  }

  @Test
  void aFileLargerThanEveryOtherBodyMayBeIsRead() throws Exception {
    String mapping = "{\"name\":\"姓名\",\"phone\":\"手机\",\"notes\":\"备注\"}";
    StringBuilder csv = new StringBuilder("姓名,手机,备注\r\n");
    String note = "备".repeat(1000);
    for (int i = 0; i < 1000; i++) csv.append("客户").append(i).append(',').append(EngineFixture.newPhone()).append(',').append(note).append("\r\n");
    byte[] file = csv.toString().getBytes(StandardCharsets.UTF_8);
    assertTrue(file.length > 2 * 1024 * 1024, "over pekko's max-content-length and the gate's 1 MiB");
    JsonNode dry = ok(upload("true", "notes.csv", "text/csv", file, mapping, engine.admin()));
    assertEquals(1000, dry.get("created").asInt(), dry.toString());
  }

  @Test
  void moreRowsThanTheLimitIs413() throws Exception {
    byte[] file = (HEADER + "客户,13800138000,,公司,上海,展会\r\n".repeat(1201)).getBytes(StandardCharsets.UTF_8);
    JsonNode problem = ProblemAssertions.assertProblem(upload("true", "rows.csv", "text/csv", file, MAPPING, engine.admin()),
        413, "payload-too-large", "Payload too large");
    assertEquals("file", problem.get("errors").get(0).get("field").asText());
  }

  @Test
  void aFileThatStopsArrivingIs408() throws Exception {
    String boundary = "lr-stalled";
    String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n"
        + "Content-Type: text/csv\r\n\r\n" + HEADER;
    byte[] part = head.getBytes(StandardCharsets.UTF_8);
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", engine.running.port())) {
      socket.setSoTimeout(20_000);
      java.io.OutputStream out = socket.getOutputStream();
      out.write(("POST /api/v1/imports HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + engine.admin()
          + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: " + (part.length + 10_000)
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(part);
      out.flush();
      String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
          .readLine();
      assertEquals("HTTP/1.1 408 Request Timeout", status);
    }
  }

  @Test
  void importedLeadsAreNotRoutedUnlessTheImportAsksAndWaitToBeAssignedByHand() throws Exception {
    String quiet = EngineFixture.newPhone();
    String routed = EngineFixture.newPhone();
    byte[] past = (HEADER + "老客户," + quiet + ",,公司,上海,2024 展会\r\n").getBytes(StandardCharsets.UTF_8);
    JsonNode asIs = ok(upload("false", "past.csv", "text/csv", past, MAPPING, engine.admin()));
    assertEquals(false, asIs.get("routed").asBoolean(), asIs.toString());
    String quietId = onlyLead(quiet);
    JsonNode lead = EngineFixture.json(engine.get("/api/v1/leads/" + quietId, engine.admin()));
    assertEquals("UNROUTED", lead.get("status").asText(), lead.toString());
    assertEquals("NOT_ROUTED", lead.get("timeline").get(lead.get("timeline").size() - 1).get("type").asText(), lead.toString());
    awaitAssert(Duration.ofSeconds(20), () -> {
      JsonNode found = EngineFixture.json(engine.get("/api/v1/leads?status=UNROUTED&phone=" + quiet, engine.admin()));
      assertEquals(1, found.get("leads").size(), found.toString());
    });

    byte[] fresh = (HEADER + "新客户," + routed + ",,公司,上海,展会\r\n").getBytes(StandardCharsets.UTF_8);
    JsonNode asked = ok(upload("false", "fresh.csv", "text/csv", fresh,
        MAPPING.substring(0, MAPPING.length() - 1) + ",\"route\":true}", engine.admin()));
    assertEquals(true, asked.get("routed").asBoolean(), asked.toString());
    String routedId = onlyLead(routed);
    awaitAssert(Duration.ofSeconds(20), () -> assertEquals("ASSIGNED",
        EngineFixture.json(engine.get("/api/v1/leads/" + routedId, engine.admin())).get("status").asText()));

    // Still unrouted after the routed one was assigned; a person assigns it by hand.
    assertEquals("UNROUTED", EngineFixture.json(engine.get("/api/v1/leads/" + quietId, engine.admin())).get("status").asText());
    HttpResponse<String> assign = engine.post("/api/v1/leads/" + quietId + "/assign", engine.admin(), "{\"repId\":\"rep-east-1\"}");
    assertEquals(200, assign.statusCode(), assign.body());
    JsonNode assigned = EngineFixture.json(engine.get("/api/v1/leads/" + quietId, engine.admin()));
    assertEquals("ASSIGNED", assigned.get("status").asText(), assigned.toString());
    assertEquals("rep-east-1", assigned.get("assignment").get("repId").asText());

    ProblemAssertions.assertInvalid(upload("true", "past.csv", "text/csv", past,
        MAPPING.substring(0, MAPPING.length() - 1) + ",\"route\":\"yes\"}", engine.admin()), "/mapping/route");
  }

  private static String onlyLead(String phone) {
    AtomicReference<String> id = new AtomicReference<>();
    awaitAssert(Duration.ofSeconds(20), () -> {
      List<String> ids = ids(phone);
      assertEquals(1, ids.size(), phone);
      id.set(ids.get(0));
    });
    return id.get();
  }

  @Test
  void aBadMappingNamesTheField() throws Exception {
    byte[] file = (HEADER + "客户,13800138000,,公司,上海,展会\r\n").getBytes(StandardCharsets.UTF_8);
    ProblemAssertions.assertInvalid(upload("true", "a.csv", "text/csv", file, "{\"nmae\":\"姓名\",\"phone\":\"手机\"}",
        engine.admin()), "/mapping/nmae");
    ProblemAssertions.assertInvalid(upload("true", "a.csv", "text/csv", file, "{\"name\":\"姓名\",\"phone\":\"电话\"}",
        engine.admin()), "/mapping/phone");
    ProblemAssertions.assertInvalid(upload("true", "a.csv", "text/csv", new byte[0], MAPPING, engine.admin()), "file");
    ProblemAssertions.assertProblem(upload("true", "a.pdf", "application/pdf", "%PDF-1.4\u0000\u0001".getBytes(StandardCharsets.ISO_8859_1),
        MAPPING, engine.admin()), 415, "unsupported-media-type", "Unsupported media type");
  }

  @Test
  void onlyAnAdminImports() throws Exception {
    // large enough that answering before it is read would reset the connection under the client
    byte[] file = (HEADER + "客户,13800138000,,公司,上海,展会\r\n".repeat(80_000)).getBytes(StandardCharsets.UTF_8);
    ProblemAssertions.assertProblem(upload("true", "a.csv", "text/csv", file, MAPPING, engine.token("mgr-east", "manager")),
        403, "forbidden", "Forbidden");
  }

  private static Map<Integer, String> errorsByRow(JsonNode answer) {
    Map<Integer, String> out = new HashMap<>();
    answer.get("errors").forEach(e -> out.put(e.get("row").asInt(), e.get("field").asText()));
    return new TreeMap<>(out);
  }

  private static List<String> ids(String phone) {
    HttpResponse<String> r = engine.get("/api/v1/leads?phone=" + phone, engine.admin());
    assertEquals(200, r.statusCode(), r.body());
    List<String> ids = new ArrayList<>();
    EngineFixture.json(r).get("leads").forEach(l -> ids.add(l.get("leadId").asText()));
    return ids;
  }

  private static JsonNode ok(HttpResponse<String> r) {
    assertEquals(200, r.statusCode(), r.body());
    return EngineFixture.json(r);
  }

  private static HttpResponse<String> upload(String dryRun, String filename, String type, byte[] file, String mapping,
      String token) throws IOException, InterruptedException {
    String boundary = "----lr" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"mapping\"\r\n"
        + "Content-Type: application/json\r\n\r\n" + mapping + "\r\n").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
        + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(file);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    String query = dryRun == null ? "" : "?dryRun=" + dryRun;
    return CLIENT.send(HttpRequest.newBuilder(engine.uri("/api/v1/imports" + query))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .timeout(Duration.ofSeconds(180))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
  }
}
