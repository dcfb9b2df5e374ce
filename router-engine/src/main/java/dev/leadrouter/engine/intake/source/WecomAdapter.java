package dev.leadrouter.engine.intake.source;

import dev.leadrouter.engine.common.FieldError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * 企业微信 (WeCom) customer-contact callbacks (客户联系 → 外部联系人变更回调), as the app's "接收事件服务器"
 * receives them: {@code POST ?msg_signature=&timestamp=&nonce=} with {@code <xml><ToUserName/><Encrypt/>
 * <AgentID/></xml>}. The signature is SHA-1 over the sorted token, timestamp, nonce and Encrypt; Encrypt
 * is AES-256-CBC (key = Base64(EncodingAESKey + "="), IV = its first 16 bytes, PKCS#7 to 32-byte
 * blocks) of 16 random bytes, the message length (4 bytes, big-endian), the message XML and the CorpID.
 *
 * <p>An added customer (ChangeType {@code add_external_contact}, {@code add_half_external_contact})
 * holds no lead: the delivery asks the engine to fetch {@code externalcontact/get} and parse it with
 * {@code wecom-contact}. Every delivery is answered {@code success}. The GET URL check (验证URL有效性)
 * is the {@link #handshake}.
 */
public final class WecomAdapter implements SourceAdapter {

  static final String DEFAULT_API_BASE = "https://qyapi.weixin.qq.com";
  static final String REPLY = "success";
  private static final Set<String> ADDED = Set.of("add_external_contact", "add_half_external_contact");
  private static final Pattern ENCODING_AES_KEY = Pattern.compile("[A-Za-z0-9]{43}");
  private static final int BLOCK = 32;
  private static final DocumentBuilderFactory XML = xmlFactory();

  /** The source's verification material, or what is missing. */
  private record Keys(String token, byte[] aesKey, String corpId, String problem) {}

  /** A decrypted Encrypt: the message and the receiveid, or why there is none. */
  private record Plain(String message, String receiveId, String problem) {}

  @Override
  public String type() {
    return "wecom";
  }

  @Override
  public SourceAdapter.Keys keys() {
    return SourceAdapter.Keys.of(List.of("corpId", "apiBaseUrl"), List.of("token", "aesKey", "corpSecret"));
  }

  @Override
  public List<FieldError> validate(SourceConfig config, String pointer) {
    List<FieldError> errors = new ArrayList<>();
    if (config.secret("token") == null) {
      errors.add(new FieldError(pointer + "/secrets/token", "required: the Token of the app's callback (接收事件服务器)"));
    }
    String aesKey = config.secret("aesKey");
    if (aesKey == null) {
      errors.add(new FieldError(pointer + "/secrets/aesKey", "required: the EncodingAESKey of the app's callback"));
    } else if (!ENCODING_AES_KEY.matcher(aesKey).matches()) {
      errors.add(new FieldError(pointer + "/secrets/aesKey", "an EncodingAESKey is 43 letters and digits"));
    }
    if (config.secret("corpSecret") == null) {
      errors.add(new FieldError(pointer + "/secrets/corpSecret",
          "required: the Secret of an app allowed to call 客户联系 (used to fetch the customer)"));
    }
    if (config.option("corpId") == null || config.option("corpId").isBlank()) {
      errors.add(new FieldError(pointer + "/options/corpId", "required: the CorpID (企业ID) the callbacks are for"));
    }
    String base = config.option("apiBaseUrl");
    if (base != null && !isHttpUrl(base)) {
      errors.add(new FieldError(pointer + "/options/apiBaseUrl", "must be an http(s) URL without query, e.g. " + DEFAULT_API_BASE));
    }
    return errors;
  }

  @Override
  public String noSample() {
    return "a WeCom callback carries only the customer's ExternalUserID, which the engine then fetches from"
        + " externalcontact/get with the app's secret, so a made-up one could not be fetched: add a test customer"
        + " (scan a member's 「联系我」 QR code with a personal WeChat) to send a real callback, then see it in the"
        + " source's deliveries and GET /api/v1/sources/{id}/fetches";
  }

  @Override
  public Verdict verify(Delivery delivery, SourceConfig config, Instant now) {
    Keys keys = keys(config);
    if (keys.problem() != null) return Verdict.refused(keys.problem());
    String signature = delivery.query().get("msg_signature");
    String timestamp = delivery.query().get("timestamp");
    String nonce = delivery.query().get("nonce");
    if (signature == null || timestamp == null || nonce == null) {
      return Verdict.refused("missing query parameter msg_signature, timestamp or nonce");
    }
    Element xml;
    try {
      xml = xml(delivery.body());
    } catch (XmlProblem e) {
      return Verdict.refused("the body is not WeCom's callback XML: " + e.getMessage());
    }
    String encrypt = child(xml, "Encrypt");
    if (encrypt == null || encrypt.isEmpty()) return Verdict.refused("the body has no <Encrypt>");
    if (!signed(keys.token(), timestamp, nonce, encrypt, signature)) return Verdict.refused("msg_signature does not match");
    Plain plain = decrypt(keys.aesKey(), encrypt);
    if (plain.problem() != null) return Verdict.refused("<Encrypt> " + plain.problem());
    if (!plain.receiveId().equals(keys.corpId())) {
      return Verdict.refused("the message is for receiveid '" + plain.receiveId() + "', not this source's corpId");
    }
    return Verdict.AUTHENTIC;
  }

  @Override
  public Optional<String> handshake(Delivery get, SourceConfig config) {
    Keys keys = keys(config);
    String signature = get.query().get("msg_signature");
    String timestamp = get.query().get("timestamp");
    String nonce = get.query().get("nonce");
    String echostr = get.query().get("echostr");
    if (keys.problem() != null || signature == null || timestamp == null || nonce == null || echostr == null
        || !signed(keys.token(), timestamp, nonce, echostr, signature)) {
      return Optional.empty();
    }
    Plain plain = decrypt(keys.aesKey(), echostr);
    if (plain.problem() != null || !plain.receiveId().equals(keys.corpId())) return Optional.empty();
    return Optional.of(plain.message());
  }

  @Override
  public Result parse(Delivery delivery, SourceConfig config) {
    Keys keys = keys(config);
    if (keys.problem() != null) return Result.malformed("/xml/Encrypt", "cannot be decrypted: " + keys.problem());
    Element xml;
    try {
      xml = xml(delivery.body());
    } catch (XmlProblem e) {
      return Result.malformed("/xml", "not WeCom's callback XML: " + e.getMessage());
    }
    String encrypt = child(xml, "Encrypt");
    if (encrypt == null || encrypt.isEmpty()) return Result.malformed("/xml/Encrypt", "missing");
    Plain plain = decrypt(keys.aesKey(), encrypt);
    if (plain.problem() != null) return Result.malformed("/xml/Encrypt", plain.problem());
    if (!plain.receiveId().equals(keys.corpId())) {
      return Result.malformed("/xml/Encrypt", "the message is for receiveid '" + plain.receiveId() + "', not this source's corpId");
    }
    Element message;
    try {
      message = xml(plain.message().getBytes(StandardCharsets.UTF_8));
    } catch (XmlProblem e) {
      return Result.malformed("/xml/Encrypt", "the decrypted message is not XML: " + e.getMessage());
    }
    if (!"change_external_contact".equals(child(message, "Event")) || !ADDED.contains(child(message, "ChangeType"))) {
      return new Result(List.of(), List.of(), List.of(), REPLY);
    }
    String externalUserId = child(message, "ExternalUserID");
    if (externalUserId == null || externalUserId.isBlank()) {
      return Result.malformed("/xml/Encrypt/xml/ExternalUserID", "missing in an added-customer event");
    }
    String corpSecret = config.secret("corpSecret");
    if (corpSecret == null) return Result.malformed("", "the source has no secret 'corpSecret' to fetch the customer with");
    String base = apiBase(config);
    String reference = externalUserId.strip() + ":" + nullToEmpty(child(message, "UserID")) + ":"
        + nullToEmpty(child(message, "CreateTime"));
    Fetch fetch = new Fetch(reference, "wecom-contact",
        base + "/cgi-bin/externalcontact/get?external_userid=" + encode(externalUserId.strip()), Map.of(),
        base + "/cgi-bin/gettoken?corpid=" + encode(keys.corpId()) + "&corpsecret=" + encode(corpSecret));
    return new Result(List.of(), List.of(fetch), List.of(), REPLY);
  }

  private static Keys keys(SourceConfig config) {
    String token = config.secret("token");
    String aesKey = config.secret("aesKey");
    String corpId = config.option("corpId");
    if (token == null) return new Keys(null, null, null, "the source has no secret 'token'");
    if (aesKey == null || !ENCODING_AES_KEY.matcher(aesKey).matches()) {
      return new Keys(null, null, null, "the source has no valid secret 'aesKey' (43-character EncodingAESKey)");
    }
    if (corpId == null || corpId.isBlank()) return new Keys(null, null, null, "the source has no option 'corpId'");
    byte[] key = Base64.getDecoder().decode(aesKey + "=");
    return new Keys(token, key, corpId.strip(), null);
  }

  /** msg_signature = hex(SHA-1(the four strings sorted and concatenated)), compared in constant time. */
  private static boolean signed(String token, String timestamp, String nonce, String encrypted, String signature) {
    String[] parts = {token, timestamp, nonce, encrypted};
    Arrays.sort(parts);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(String.join("", parts).getBytes(StandardCharsets.UTF_8));
      byte[] expected = HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII);
      return MessageDigest.isEqual(expected, signature.strip().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-1 unavailable", e);
    }
  }

  /** Encrypt → random(16) + msg_len(4, big-endian) + msg + receiveid, or what is wrong with it. */
  private static Plain decrypt(byte[] aesKey, String encrypted) {
    byte[] cipherText;
    try {
      cipherText = Base64.getDecoder().decode(encrypted.strip());
    } catch (IllegalArgumentException e) {
      return new Plain(null, null, "is not Base64");
    }
    if (cipherText.length == 0 || cipherText.length % 16 != 0) return new Plain(null, null, "is not whole AES blocks");
    byte[] padded;
    try {
      Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new IvParameterSpec(aesKey, 0, 16));
      padded = cipher.doFinal(cipherText);
    } catch (GeneralSecurityException e) {
      return new Plain(null, null, "cannot be decrypted: " + e.getMessage());
    }
    int pad = padded[padded.length - 1] & 0xff;
    if (pad < 1 || pad > BLOCK || pad > padded.length) return new Plain(null, null, "has bad padding (another EncodingAESKey?)");
    for (int i = padded.length - pad; i < padded.length; i++) {
      if ((padded[i] & 0xff) != pad) return new Plain(null, null, "has bad padding (another EncodingAESKey?)");
    }
    int length = padded.length - pad;
    if (length < 20) return new Plain(null, null, "is too short for random, length and message");
    int messageLength = ByteBuffer.wrap(padded, 16, 4).getInt();
    if (messageLength < 0 || messageLength > length - 20) return new Plain(null, null, "has a message length past its end");
    String message = new String(padded, 20, messageLength, StandardCharsets.UTF_8);
    String receiveId = new String(padded, 20 + messageLength, length - 20 - messageLength, StandardCharsets.UTF_8);
    return new Plain(message, receiveId, null);
  }

  private static String apiBase(SourceConfig config) {
    String base = config.option("apiBaseUrl");
    if (base == null || base.isBlank()) return DEFAULT_API_BASE;
    base = base.strip();
    while (base.endsWith("/")) base = base.substring(0, base.length() - 1);
    return base;
  }

  private static boolean isHttpUrl(String value) {
    try {
      URI uri = URI.create(value.strip());
      return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
          && uri.getRawQuery() == null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value.strip();
  }

  /** Why a body is not the expected XML. */
  private static final class XmlProblem extends Exception {
    XmlProblem(String message) {
      super(message, null, false, false);
    }
  }

  /** The root {@code <xml>} element; no DTDs, no external entities. */
  private static Element xml(byte[] body) throws XmlProblem {
    if (body == null || body.length == 0) throw new XmlProblem("the body is empty");
    try {
      DocumentBuilder builder;
      synchronized (XML) {
        builder = XML.newDocumentBuilder();
      }
      builder.setErrorHandler(SILENT);
      Element root = builder.parse(new InputSource(new ByteArrayInputStream(body))).getDocumentElement();
      if (root == null || !"xml".equals(root.getTagName())) throw new XmlProblem("the root element is not <xml>");
      return root;
    } catch (SAXException | IOException | ParserConfigurationException | RuntimeException e) {
      throw new XmlProblem(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  /** The text of the first child element with this name, or null. */
  private static String child(Element parent, String name) {
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node.getNodeType() == Node.ELEMENT_NODE && name.equals(node.getNodeName())) return node.getTextContent();
    }
    return null;
  }

  private static final ErrorHandler SILENT = new ErrorHandler() {
    @Override
    public void warning(SAXParseException e) {}

    @Override
    public void error(SAXParseException e) throws SAXException {
      throw e;
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }
  };

  private static DocumentBuilderFactory xmlFactory() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      factory.setNamespaceAware(false);
      return factory;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("no secure XML parser", e);
    }
  }
}
