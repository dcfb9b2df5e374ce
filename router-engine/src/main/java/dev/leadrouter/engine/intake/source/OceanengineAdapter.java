package dev.leadrouter.engine.intake.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.intake.LeadInput;
import java.util.List;
import java.util.Set;

/**
 * 巨量引擎 (Ocean Engine) clues: one page of the clue list API ({@code GET /open_api/2/tools/clue/get/},
 * 获取线索列表) exactly as the API answered it, posted by the integration that pulls it. One lead per
 * element of {@code data.list}; {@code clue_id} is the lead's event id; a {@code code} other than 0
 * is malformed with the platform's message. Clues from an ad preview ({@code clue_source} 4, 广告预览)
 * are marked test. Authenticated by the source token ({@link SourceTokens}).
 */
public final class OceanengineAdapter implements TokenAuthenticated {

  /** Clue fields moved into canonical fields (not repeated as attributes). */
  private static final Set<String> MAPPED = Set.of("clue_id", "name", "telephone", "email", "remark", "external_url",
      "province_name", "city_name", "country_name");
  private static final String PREVIEW = "4";

  @Override
  public String type() {
    return "oceanengine";
  }

  @Override
  public Keys keys() {
    return Keys.of(PullPlatform.OCEANENGINE.optionKeys("customFields"), PullPlatform.OCEANENGINE.secretKeys());
  }

  @Override
  public List<FieldError> validateOptions(SourceConfig config, String pointer) {
    List<FieldError> errors = new java.util.ArrayList<>(PlatformJson.validateCustomFields(config, pointer));
    errors.addAll(PullOptions.validate(PullPlatform.OCEANENGINE, config, pointer));
    return errors;
  }

  /** The custom question most forms add (公司名称) as the company; add the form's others. */
  @Override
  public com.fasterxml.jackson.databind.JsonNode startingOptions() {
    return SourceJson.options("{\"customFields\":{\"公司名称\":\"company\"}}");
  }

  @Override
  public Result parse(Delivery delivery, SourceConfig config) {
    return PlatformJson.clues(delivery, "the clue list answer", "Ocean Engine", "list", "clue_id",
        List.of("create_time_detail", "create_time"), (clue, id) -> new SourceLead(lead(clue, id, config), PREVIEW.equals(PlatformJson.text(clue.get("clue_source")))),
        "message");
  }

  private static LeadInput lead(JsonNode clue, String clueId, SourceConfig config) {
    LeadBuilder lead = LeadBuilder.of(config)
        .eventId(clueId)
        .name(PlatformJson.text(clue.get("name")))
        .phone(PlatformJson.text(clue.get("telephone")))
        .email(PlatformJson.text(clue.get("email")))
        .notes(PlatformJson.text(clue.get("remark")))
        .region(PlatformJson.address(PlatformJson.text(clue.get("province_name")), PlatformJson.text(clue.get("city_name")),
            PlatformJson.text(clue.get("country_name"))))
        .region(PlatformJson.text(clue.get("location")))
        .region(PlatformJson.text(clue.get("address")))
        .landingUrl(PlatformJson.text(clue.get("external_url")));
    PlatformJson.customFields(lead, clue.get("remark_dict"), config);
    PlatformJson.attributes(lead, clue, MAPPED, "");
    return lead.build();
  }
}
