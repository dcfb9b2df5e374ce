package dev.leadrouter.engine.intake.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.intake.LeadInput;
import java.util.List;
import java.util.Set;

/**
 * 抖音来客 / 本地推 clues: one page of the local-push clue list API ({@code POST
 * /open_api/2/tools/clue/life/get/}, 获取本地推线索列表) exactly as the API answered it, posted by the
 * integration that pulls it. One lead per element of {@code data.list}; {@code clue_id} is the lead's
 * event id; a {@code code} other than 0 is malformed with the platform's message. The number is kept
 * as the platform gives it (masked after a refunded group-buying order). Authenticated by the source
 * token ({@link SourceTokens}).
 */
public final class DouyinLocalAdapter implements TokenAuthenticated {

  /** Clue fields moved into canonical fields (not repeated as attributes). */
  private static final Set<String> MAPPED = Set.of("clue_id", "name", "telephone", "remark", "province_name",
      "city_name", "county_name", "remark_dict");

  @Override
  public String type() {
    return "douyin-local";
  }

  @Override
  public Keys keys() {
    return Keys.of(PullPlatform.DOUYIN_LOCAL.optionKeys("customFields"), PullPlatform.DOUYIN_LOCAL.secretKeys());
  }

  @Override
  public List<FieldError> validateOptions(SourceConfig config, String pointer) {
    List<FieldError> errors = new java.util.ArrayList<>(PlatformJson.validateCustomFields(config, pointer));
    errors.addAll(PullOptions.validate(PullPlatform.DOUYIN_LOCAL, config, pointer));
    return errors;
  }

  /** The custom question most forms add (公司名称) as the company; add the form's others. */
  @Override
  public com.fasterxml.jackson.databind.JsonNode startingOptions() {
    return SourceJson.options("{\"customFields\":{\"公司名称\":\"company\"}}");
  }

  @Override
  public Result parse(Delivery delivery, SourceConfig config) {
    return PlatformJson.clues(delivery, "the clue list answer", "Ocean Engine (本地推)", "list", "clue_id",
        List.of("create_time_detail", "create_time"), (clue, id) -> new SourceLead(lead(clue, id, config), false), "message");
  }

  private static LeadInput lead(JsonNode clue, String clueId, SourceConfig config) {
    LeadBuilder lead = LeadBuilder.of(config)
        .eventId(clueId)
        .name(PlatformJson.text(clue.get("name")))
        .phone(PlatformJson.text(clue.get("telephone")))
        .notes(PlatformJson.text(clue.get("remark")))
        // what the person filled in first, then where the platform places the clue
        .region(PlatformJson.address(PlatformJson.text(clue.get("province_name")), PlatformJson.text(clue.get("city_name")),
            PlatformJson.text(clue.get("county_name"))))
        .region(PlatformJson.address(PlatformJson.text(clue.get("auto_province_name")),
            PlatformJson.text(clue.get("auto_city_name"))))
        .region(PlatformJson.text(clue.get("address")));
    JsonNode dict = clue.get("remark_dict");
    PlatformJson.customFields(lead, dict, config);
    JsonNode custom = PlatformJson.asObject(dict);
    if (custom != null) PlatformJson.attributes(lead, custom, Set.of(), "remark_dict.");
    else lead.attribute("remark_dict", PlatformJson.text(dict));
    PlatformJson.attributes(lead, clue, MAPPED, "");
    return lead.build();
  }
}
