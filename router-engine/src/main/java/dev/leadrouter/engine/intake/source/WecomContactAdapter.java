package dev.leadrouter.engine.intake.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.engine.common.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * 企业微信 (WeCom) customer details: the answer of {@code GET /cgi-bin/externalcontact/get} (获取客户详情),
 * the parse step of the fetches {@link WecomAdapter} asks for. One lead: the customer as the member who
 * added them last (the {@code follow_user} with the latest {@code createtime}, i.e. the add that
 * triggered the callback) sees them.
 *
 * <ul>
 *   <li>name: the member's remark (备注, usually the real name), else the customer's WeChat name;
 *   <li>phone: every one of the members' {@code remark_mobiles}, the adding member's first (the primary
 *       number), a number two members noted once (also in attribute {@code follow_user.remark_mobiles});
 *   <li>company: {@code corp_full_name}, {@code corp_name} (WeCom users), else the member's {@code remark_corp_name};
 *   <li>notes: the member's {@code description};
 *   <li>sourceEventId: {@code external_userid:createtime}; attributes {@code ownerUserId} (the member, the
 *       existing owner) and {@code channelState} (the 「联系我」/获客链接 {@code state}).
 * </ul>
 *
 * <p>Authentic when the engine fetched it ({@code x-leadrouter-fetch} = {@link SourceTokens#fetchMarker}); posted
 * directly it needs the source token ({@link SourceTokens}).
 */
public final class WecomContactAdapter implements TokenAuthenticated {

  /** The header the engine sets on the answers it fetched. */
  private static final Set<String> FOLLOW_MAPPED = Set.of("userid", "state", "description", "remark_mobiles", "tags");

  @Override
  public String type() {
    return "wecom-contact";
  }

  @Override
  public Keys keys() {
    return Keys.of(List.of(), List.of(SourceTokens.TOKEN_SECRET));
  }

  @Override
  public Verdict verify(Delivery delivery, SourceConfig config, Instant now) {
    if (SourceTokens.fetchedByEngine(delivery, config)) return Verdict.AUTHENTIC;
    return TokenAuthenticated.super.verify(delivery, config, now);
  }

  @Override
  public Result parse(Delivery delivery, SourceConfig config) {
    PlatformJson.Read read = PlatformJson.read(delivery.body());
    if (read.error() != null) return Result.malformed(read.error().field(), read.error().message());
    JsonNode root = read.node();
    if (!root.isObject()) {
      return Result.malformed("", "must be the externalcontact/get answer (a JSON object), got " + PlatformJson.kind(root));
    }
    FieldError code = PlatformJson.codeError(root, "errcode", "WeCom", "errmsg");
    if (code != null) return Result.malformed(code.field(), code.message());
    JsonNode contact = root.get("external_contact");
    if (contact == null || !contact.isObject()) {
      return Result.malformed("/external_contact", "must be an object, got " + PlatformJson.kind(contact));
    }
    String externalUserId = PlatformJson.text(contact.get("external_userid"));
    if (externalUserId == null || externalUserId.isBlank()) {
      return Result.malformed("/external_contact/external_userid", "missing: every customer has an id");
    }
    JsonNode followers = root.get("follow_user");
    if (followers != null && !followers.isNull() && !followers.isArray()) {
      return Result.malformed("/follow_user", "must be an array, got " + PlatformJson.kind(followers));
    }
    JsonNode follow = latest(followers);

    String createTime = follow == null ? null : PlatformJson.text(follow.get("createtime"));
    LeadBuilder lead = LeadBuilder.of(config)
        .eventId(createTime == null || createTime.isBlank() ? externalUserId : externalUserId.strip() + ":" + createTime.strip());
    Set<String> phones = new LinkedHashSet<>(mobiles(follow));
    if (followers != null && followers.isArray()) {
      for (JsonNode other : followers) phones.addAll(mobiles(other));
    }
    if (follow != null) {
      lead.name(PlatformJson.text(follow.get("remark")));
    }
    lead.name(PlatformJson.text(contact.get("name")))
        .company(PlatformJson.text(contact.get("corp_full_name")))
        .company(PlatformJson.text(contact.get("corp_name")));
    phones.forEach(lead::phone); // every remark mobile, the adding member's first (primary)
    if (follow != null) {
      lead.company(PlatformJson.text(follow.get("remark_corp_name")))
          .notes(PlatformJson.text(follow.get("description")))
          .attribute("ownerUserId", PlatformJson.text(follow.get("userid")))
          .attribute("channelState", PlatformJson.text(follow.get("state")))
          .attribute("follow_user.remark_mobiles", String.join(",", phones))
          .attribute("follow_user.tags", tagNames(follow.get("tags")));
      PlatformJson.attributes(lead, follow, FOLLOW_MAPPED, "follow_user.");
    }
    PlatformJson.attributes(lead, contact, Set.of("external_profile"), "");
    return Result.of(List.of(new SourceLead(lead.build(), false)));
  }

  /** The follower who added the customer last (greatest createtime; the first of equals), or null. */
  private static JsonNode latest(JsonNode followers) {
    if (followers == null || !followers.isArray()) return null;
    JsonNode latest = null;
    long latestTime = Long.MIN_VALUE;
    for (JsonNode follow : followers) {
      if (!follow.isObject()) continue;
      JsonNode time = follow.get("createtime");
      long t = time != null && time.canConvertToLong() ? time.asLong() : Long.MIN_VALUE;
      if (latest == null || t > latestTime) {
        latest = follow;
        latestTime = t;
      }
    }
    return latest;
  }

  private static List<String> mobiles(JsonNode follow) {
    List<String> out = new ArrayList<>();
    if (follow == null || !follow.isObject()) return out;
    JsonNode mobiles = follow.get("remark_mobiles");
    if (mobiles == null || !mobiles.isArray()) return out;
    for (JsonNode mobile : mobiles) {
      String m = PlatformJson.text(mobile);
      if (m != null && !m.isBlank()) out.add(m.strip());
    }
    return out;
  }

  private static String tagNames(JsonNode tags) {
    if (tags == null || !tags.isArray()) return null;
    List<String> names = new ArrayList<>();
    for (JsonNode tag : tags) {
      String name = tag.isObject() ? PlatformJson.text(tag.get("tag_name")) : null;
      if (name != null && !name.isBlank()) names.add(name.strip());
    }
    return names.isEmpty() ? null : String.join(",", names);
  }
}
