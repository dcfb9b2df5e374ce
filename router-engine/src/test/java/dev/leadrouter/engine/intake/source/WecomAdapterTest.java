package dev.leadrouter.engine.intake.source;

import static dev.leadrouter.engine.intake.source.SourceTestKit.assertMalformedAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.common.FieldError;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The WeCom callback, with the encryption written here from 加解密方案说明 (not taken from the adapter), and
 * the sample of WeCom's own callback library (token QDG6eK, CorpID wx5823bf96d3bd56c7).
 */
class WecomAdapterTest {

  private static final WecomAdapter ADAPTER = new WecomAdapter();
  private static final String TOKEN = "Qx7kP2mNw9";
  private static final String AES_KEY = "kWxPLfW9sVhGv3QeJb2mYtN8cR5dZ1aUoE7iH4jK6lM";
  private static final String CORP_ID = "ww1a2b3c4d5e6f7a8b";
  private static final String CORP_SECRET = "Cs_3xYz-9Q/+=值";
  private static final SourceConfig CONFIG = SourceTestKit.eastChinaConfig("wecom-kefu", "wecom",
      Map.of("token", TOKEN, "aesKey", AES_KEY, "corpSecret", CORP_SECRET), "{\"corpId\":\"" + CORP_ID + "\"}");
  private static final String TIMESTAMP = "1764037201";
  private static final String NONCE = "1372623149";

  // ---- the algorithm, from the documentation ----

  /** Base64(AES-256-CBC(random(16) + msg_len(4, network order) + msg + receiveid, PKCS#7 to 32 bytes)). */
  static String encrypt(String encodingAesKey, String message, String receiveId, long seed) {
    byte[] msg = message.getBytes(StandardCharsets.UTF_8);
    byte[] id = receiveId.getBytes(StandardCharsets.UTF_8);
    byte[] random = new byte[16];
    new Random(seed).nextBytes(random);
    ByteBuffer plain = ByteBuffer.allocate(16 + 4 + msg.length + id.length);
    plain.put(random).putInt(msg.length).put(msg).put(id);
    return encryptRaw(encodingAesKey, plain.array());
  }

  /** Pads with PKCS#7 to a multiple of 32 bytes and encrypts, whatever the bytes are. */
  static String encryptRaw(String encodingAesKey, byte[] plain) {
    byte[] key = Base64.getDecoder().decode(encodingAesKey + "=");
    int pad = 32 - plain.length % 32;
    byte[] padded = Arrays.copyOf(plain, plain.length + pad);
    Arrays.fill(padded, plain.length, padded.length, (byte) pad);
    try {
      Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
      return Base64.getEncoder().encodeToString(cipher.doFinal(padded));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** msg_signature = SHA-1 of token, timestamp, nonce and the encrypted text, sorted and concatenated. */
  static String sign(String token, String timestamp, String nonce, String encrypted) {
    String[] parts = {token, timestamp, nonce, encrypted};
    Arrays.sort(parts);
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(String.join("", parts).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] callback(String toUserName, String encrypted) {
    return ("<xml><ToUserName><![CDATA[" + toUserName + "]]></ToUserName><Encrypt><![CDATA[" + encrypted
        + "]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>").getBytes(StandardCharsets.UTF_8);
  }

  private static Delivery delivery(String encrypted, String signature) {
    return SourceTestKit.post("wecom-kefu", "text/xml", callback(CORP_ID, encrypted), Map.of(),
        Map.of("msg_signature", signature, "timestamp", TIMESTAMP, "nonce", NONCE));
  }

  private static Delivery signed(String encrypted) {
    return delivery(encrypted, sign(TOKEN, TIMESTAMP, NONCE, encrypted));
  }

  private static String encryptedFixture(String path) {
    return encrypt(AES_KEY, SourceTestKit.text(path).strip(), CORP_ID, 1);
  }

  // ---- WeCom's published sample ----

  private static final SourceConfig SAMPLE = SourceTestKit.eastChinaConfig("wecom-sample", "wecom",
      Map.of("token", "QDG6eK", "aesKey", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "corpSecret", "x"),
      "{\"corpId\":\"wx5823bf96d3bd56c7\"}");
  private static final String SAMPLE_ECHOSTR = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==";
  private static final String SAMPLE_ENCRYPT = "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";

  @Test
  void thePublishedUrlVerificationSampleIsAnsweredWithTheDecryptedEchostr() {
    Map<String, String> query = Map.of("msg_signature", "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", "timestamp", "1409659589",
        "nonce", "263014780", "echostr", SAMPLE_ECHOSTR);
    Delivery get = SourceTestKit.post("wecom-sample", "text/plain", new byte[0], Map.of(), query);

    assertEquals(Optional.of("1616140317555161061"), ADAPTER.handshake(get, SAMPLE));
    assertEquals("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", sign("QDG6eK", "1409659589", "263014780", SAMPLE_ECHOSTR));
  }

  @Test
  void aUrlVerificationWithABadSignatureOrForAnotherCorpIsNotAnswered() {
    Map<String, String> badSignature = Map.of("msg_signature", "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd4", "timestamp", "1409659589",
        "nonce", "263014780", "echostr", SAMPLE_ECHOSTR);
    assertEquals(Optional.empty(), ADAPTER.handshake(SourceTestKit.post("wecom-sample", "text/plain", new byte[0], Map.of(), badSignature), SAMPLE));
    SourceConfig otherCorp = SourceTestKit.eastChinaConfig("wecom-sample", "wecom", SAMPLE.secrets(), "{\"corpId\":\"ww0000000000000000\"}");
    Map<String, String> good = Map.of("msg_signature", "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", "timestamp", "1409659589",
        "nonce", "263014780", "echostr", SAMPLE_ECHOSTR);
    assertEquals(Optional.empty(), ADAPTER.handshake(SourceTestKit.post("wecom-sample", "text/plain", new byte[0], Map.of(), good), otherCorp));
    assertEquals(Optional.empty(), ADAPTER.handshake(SourceTestKit.post("wecom-sample", "text/plain", new byte[0], Map.of(), Map.of()), SAMPLE));
  }

  @Test
  void ourUrlVerificationRoundTrips() {
    String echostr = encrypt(AES_KEY, "4375120948345356249", CORP_ID, 9);
    Map<String, String> query = Map.of("msg_signature", sign(TOKEN, TIMESTAMP, NONCE, echostr), "timestamp", TIMESTAMP,
        "nonce", NONCE, "echostr", echostr);

    assertEquals(Optional.of("4375120948345356249"), ADAPTER.handshake(SourceTestKit.post("wecom-kefu", "text/plain", new byte[0], Map.of(), query), CONFIG));
  }

  @Test
  void thePublishedMessageSampleIsAuthenticAndHoldsNoLead() {
    Delivery sample = SourceTestKit.post("wecom-sample", "text/xml", callback("wx5823bf96d3bd56c7", SAMPLE_ENCRYPT), Map.of(),
        Map.of("msg_signature", "477715d11cdb4164915debcba66cb864d751f3e6", "timestamp", "1409659813", "nonce", "1372623149"));

    assertTrue(ADAPTER.verify(sample, SAMPLE, SourceTestKit.NOW).authentic());
    SourceAdapter.Result result = ADAPTER.parse(sample, SAMPLE);
    assertEquals(new SourceAdapter.Result(List.of(), List.of(), List.of(), "success"), result);
  }

  // ---- our events ----

  @Test
  void anAddedCustomerIsOneFetchOfTheCustomersDetails() {
    Delivery delivery = signed(encryptedFixture("wecom/add-external-contact.xml"));

    assertEquals(SourceAdapter.Verdict.AUTHENTIC, ADAPTER.verify(delivery, CONFIG, SourceTestKit.NOW));
    SourceAdapter.Result result = ADAPTER.parse(delivery, CONFIG);
    SourceAdapter.Fetch expected = new SourceAdapter.Fetch("wmAbCdEf1234567890Xyz_AAAA:zhangsan:1764037200", "wecom-contact",
        "https://qyapi.weixin.qq.com/cgi-bin/externalcontact/get?external_userid=wmAbCdEf1234567890Xyz_AAAA", Map.of(),
        "https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=ww1a2b3c4d5e6f7a8b&corpsecret=Cs_3xYz-9Q%2F%2B%3D%E5%80%BC");
    assertEquals(new SourceAdapter.Result(List.of(), List.of(expected), List.of(), "success"), result);
  }

  @Test
  void aCustomerAddedWithoutVerificationIsFetchedToo_fromTheConfiguredApiBase() {
    SourceConfig proxied = SourceTestKit.eastChinaConfig("wecom-kefu", "wecom", CONFIG.secrets(),
        "{\"corpId\":\"" + CORP_ID + "\",\"apiBaseUrl\":\"https://wecom-proxy.example.cn/\"}");
    Delivery delivery = signed(encryptedFixture("wecom/add-half-external-contact.xml"));

    SourceAdapter.Result result = ADAPTER.parse(delivery, proxied);
    assertEquals(List.of(new SourceAdapter.Fetch("wmHalfAdd0987654321_BBBB:lisi:1764040800", "wecom-contact",
        "https://wecom-proxy.example.cn/cgi-bin/externalcontact/get?external_userid=wmHalfAdd0987654321_BBBB", Map.of(),
        "https://wecom-proxy.example.cn/cgi-bin/gettoken?corpid=ww1a2b3c4d5e6f7a8b&corpsecret=Cs_3xYz-9Q%2F%2B%3D%E5%80%BC")),
        result.fetches());
    assertEquals("success", result.reply());
  }

  @Test
  void otherEventsHoldNothingAndAreAnsweredSuccess() {
    SourceAdapter.Result result = ADAPTER.parse(signed(encryptedFixture("wecom/del-external-contact.xml")), CONFIG);

    assertEquals(new SourceAdapter.Result(List.of(), List.of(), List.of(), "success"), result);
  }

  @Test
  void aMessageForAnotherCorpIsRefusedAndMalformed() {
    Delivery delivery = signed(encrypt(AES_KEY, SourceTestKit.text("wecom/add-external-contact.xml"), "wwOtherCorp00000", 2));

    SourceAdapter.Verdict verdict = ADAPTER.verify(delivery, CONFIG, SourceTestKit.NOW);
    assertFalse(verdict.authentic());
    assertEquals("the message is for receiveid 'wwOtherCorp00000', not this source's corpId", verdict.reason());
    assertMalformedAt(ADAPTER.parse(delivery, CONFIG), "/xml/Encrypt");
  }

  @Test
  void aTamperedCiphertextIsRefusedAndMalformedNeverAnException() {
    String encrypted = encryptedFixture("wecom/add-external-contact.xml");
    byte[] bytes = Base64.getDecoder().decode(encrypted);
    for (int at : new int[] {0, 5, bytes.length / 2, bytes.length - 1}) {
      byte[] tampered = bytes.clone();
      tampered[at] ^= (byte) 0x80;
      String text = Base64.getEncoder().encodeToString(tampered);

      assertEquals("msg_signature does not match", ADAPTER.verify(delivery(text, sign(TOKEN, TIMESTAMP, NONCE, encrypted)), CONFIG,
          SourceTestKit.NOW).reason());
      // signed anew (the signature is the scheme's only integrity check), it still never parses
      Delivery resigned = signed(text);
      SourceAdapter.Result result = ADAPTER.parse(resigned, CONFIG);
      assertTrue(result.leads().isEmpty() && result.fetches().isEmpty(), "tampered at " + at);
      assertEquals(List.of("/xml/Encrypt"), result.errors().stream().map(FieldError::field).toList(), "tampered at " + at);
    }
  }

  @Test
  void aBadOrMissingSignatureIsRefused() {
    String encrypted = encryptedFixture("wecom/add-external-contact.xml");

    assertEquals("msg_signature does not match",
        ADAPTER.verify(delivery(encrypted, sign("another-token", TIMESTAMP, NONCE, encrypted)), CONFIG, SourceTestKit.NOW).reason());
    assertEquals("msg_signature does not match",
        ADAPTER.verify(delivery(encrypted, sign(TOKEN, "1764037202", NONCE, encrypted)), CONFIG, SourceTestKit.NOW).reason());
    Delivery unsigned = SourceTestKit.post("wecom-kefu", "text/xml", callback(CORP_ID, encrypted), Map.of(), Map.of("timestamp", TIMESTAMP, "nonce", NONCE));
    assertEquals("missing query parameter msg_signature, timestamp or nonce", ADAPTER.verify(unsigned, CONFIG, SourceTestKit.NOW).reason());
    assertTrue(ADAPTER.verify(delivery(encrypted, sign(TOKEN, TIMESTAMP, NONCE, encrypted).toUpperCase()), CONFIG, SourceTestKit.NOW).authentic());
    SourceConfig noToken = SourceTestKit.eastChinaConfig("wecom-kefu", "wecom", Map.of("aesKey", AES_KEY), "{\"corpId\":\"" + CORP_ID + "\"}");
    assertFalse(ADAPTER.verify(signed(encrypted), noToken, SourceTestKit.NOW).authentic());
  }

  static Stream<Arguments> malformed() {
    String notXml = encrypt(AES_KEY, "{\"Event\":\"change_external_contact\"}", CORP_ID, 3);
    String noExternalUser = encrypt(AES_KEY, "<xml><MsgType>event</MsgType><Event>change_external_contact</Event>"
        + "<ChangeType>add_external_contact</ChangeType><UserID>zhangsan</UserID></xml>", CORP_ID, 4);
    ByteBuffer shortLength = ByteBuffer.allocate(16 + 4 + 10).put(new byte[16]).putInt(500).put("<xml></xml".getBytes(StandardCharsets.UTF_8));
    return Stream.of(
        Arguments.of("empty", new byte[0], "/xml"),
        Arguments.of("JSON", "{\"Encrypt\":\"abc\"}".getBytes(StandardCharsets.UTF_8), "/xml"),
        Arguments.of("another root", "<root><Encrypt>abc</Encrypt></root>".getBytes(StandardCharsets.UTF_8), "/xml"),
        Arguments.of("external entity", ("<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
            + "<xml><Encrypt>&e;</Encrypt></xml>").getBytes(StandardCharsets.UTF_8), "/xml"),
        Arguments.of("no Encrypt", "<xml><ToUserName>ww1</ToUserName></xml>".getBytes(StandardCharsets.UTF_8), "/xml/Encrypt"),
        Arguments.of("Encrypt not Base64", callback(CORP_ID, "这不是密文"), "/xml/Encrypt"),
        Arguments.of("Encrypt not whole blocks", callback(CORP_ID, "YWJj"), "/xml/Encrypt"),
        Arguments.of("a length past the end", callback(CORP_ID, encryptRaw(AES_KEY, shortLength.array())), "/xml/Encrypt"),
        Arguments.of("too short", callback(CORP_ID, encryptRaw(AES_KEY, new byte[7])), "/xml/Encrypt"),
        Arguments.of("the message not XML", callback(CORP_ID, notXml), "/xml/Encrypt"),
        Arguments.of("an add without ExternalUserID", callback(CORP_ID, noExternalUser), "/xml/Encrypt/xml/ExternalUserID"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformed")
  void aMalformedBodyNamesThePartAtFault(String name, byte[] body, String pointer) {
    Delivery delivery = SourceTestKit.post("wecom-kefu", "text/xml", body, Map.of(), Map.of("msg_signature", "0", "timestamp", TIMESTAMP, "nonce", NONCE));

    assertMalformedAt(ADAPTER.parse(delivery, CONFIG), pointer);
    assertFalse(ADAPTER.verify(delivery, CONFIG, SourceTestKit.NOW).authentic());
  }

  @Test
  void validationNamesEveryMissingOrWrongSetting() {
    assertEquals(List.of(), ADAPTER.validate(CONFIG, "/sources/2"));
    SourceConfig empty = SourceTestKit.eastChinaConfig("w", "wecom", Map.of(), null);
    assertEquals(List.of("/sources/2/secrets/token", "/sources/2/secrets/aesKey", "/sources/2/secrets/corpSecret", "/sources/2/options/corpId"),
        ADAPTER.validate(empty, "/sources/2").stream().map(FieldError::field).toList());
    SourceConfig wrong = SourceTestKit.eastChinaConfig("w", "wecom", Map.of("token", "t", "aesKey", AES_KEY + "=", "corpSecret", "s"),
        "{\"corpId\":\"ww1\",\"apiBaseUrl\":\"ftp://qyapi.weixin.qq.com\"}");
    assertEquals(List.of("/sources/2/secrets/aesKey", "/sources/2/options/apiBaseUrl"),
        ADAPTER.validate(wrong, "/sources/2").stream().map(FieldError::field).toList());
  }

  @Test
  void adversarialBodiesNeverThrow() {
    Random random = new Random(90968L);
    String good = SourceTestKit.text("wecom/add-external-contact.xml");
    List<byte[]> seeds = List.of(callback(CORP_ID, encryptedFixture("wecom/add-external-contact.xml")), callback("wx5823bf96d3bd56c7", SAMPLE_ENCRYPT),
        SourceTestKit.resource("wecom/add-external-contact.xml"));
    List<byte[]> generic = SourceTestKit.adversarialBodies(92277L, seeds, 500);
    List<Delivery> deliveries = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      String encrypted = switch (i % 5) {
        case 0 -> encrypt(AES_KEY, mutate(random, good), random.nextInt(4) == 0 ? "ww" + random.nextInt() : CORP_ID, i);
        case 1 -> {
          byte[] plain = new byte[random.nextInt(120)];
          random.nextBytes(plain);
          yield encryptRaw(AES_KEY, plain);
        }
        case 2 -> {
          byte[] raw = new byte[16 * random.nextInt(8)];
          random.nextBytes(raw);
          yield Base64.getEncoder().encodeToString(raw);
        }
        case 3 -> encrypt(AES_KEY, "<xml><Event>change_external_contact</Event><ChangeType>add_external_contact</ChangeType><ExternalUserID>"
            + mutate(random, "wm&amp;<![CDATA[ä]]>/?#\u0000") + "</ExternalUserID></xml>", CORP_ID, i);
        default -> "";
      };
      byte[] body = i % 5 == 4 ? generic.get(i / 2 % generic.size()) : callback(CORP_ID, encrypted);
      Map<String, String> query = switch (i % 3) {
        case 0 -> Map.of("msg_signature", sign(TOKEN, TIMESTAMP, NONCE, encrypted), "timestamp", TIMESTAMP, "nonce", NONCE, "echostr", encrypted);
        case 1 -> Map.of("msg_signature", "x", "timestamp", "", "nonce", "\u0000", "echostr", "%%%");
        default -> Map.of();
      };
      deliveries.add(SourceTestKit.post("wecom-kefu", i % 2 == 0 ? "text/xml" : "application/xml", body, Map.of(), query));
    }

    SourceTestKit.assertNeverThrows(ADAPTER, CONFIG, deliveries);
  }

  private static String mutate(Random random, String text) {
    StringBuilder out = new StringBuilder(text);
    for (int n = random.nextInt(4); n > 0 && out.length() > 0; n--) {
      int at = random.nextInt(out.length());
      switch (random.nextInt(3)) {
        case 0 -> out.deleteCharAt(at);
        case 1 -> out.insert(at, "<>&\"'\u0000]]>".charAt(random.nextInt(9)));
        default -> out.setCharAt(at, (char) random.nextInt(0xFFFF));
      }
    }
    return out.toString();
  }
}
