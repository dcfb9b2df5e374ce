package dev.leadrouter.engine.intake.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.intake.LeadInput;
import java.util.List;
import java.util.Set;

/**
 * 腾讯广告 (Tencent Ads) clues: one page of the Marketing API's clue list ({@code lead_clues/get},
 * 获取线索列表; v3.0 {@code leads_list/get} answers in the same shape) exactly as the API answered it,
 * posted by the integration that pulls it. One lead per element of {@code data.leads_info};
 * {@code leads_id} is the lead's event id; a {@code code} other than 0 is malformed with the
 * platform's message. Authenticated by the source token ({@link SourceTokens}).
 */
public final class TencentAdsAdapter implements TokenAuthenticated {

  /** Clue fields moved into canonical fields (not repeated as attributes). */
  private static final Set<String> MAPPED = Set.of("leads_id", "leads_name", "leads_telephone", "leads_email",
      "leads_area", "page_url");

  @Override
  public String type() {
    return "tencent-ads";
  }

  @Override
  public Keys keys() {
    return Keys.of(PullPlatform.TENCENT_ADS.optionKeys(), PullPlatform.TENCENT_ADS.secretKeys());
  }

  @Override
  public List<FieldError> validateOptions(SourceConfig config, String pointer) {
    return PullOptions.validate(PullPlatform.TENCENT_ADS, config, pointer);
  }

  @Override
  public Result parse(Delivery delivery, SourceConfig config) {
    return PlatformJson.clues(delivery, "the lead_clues/get answer", "Tencent Ads", "leads_info", "leads_id",
        (clue, id) -> new SourceLead(lead(clue, id, config), false), "message_cn", "message");
  }

  private static LeadInput lead(JsonNode clue, String leadsId, SourceConfig config) {
    LeadBuilder lead = LeadBuilder.of(config)
        .eventId(leadsId)
        .name(PlatformJson.text(clue.get("leads_name")))
        .phone(PlatformJson.text(clue.get("leads_telephone")))
        .email(PlatformJson.text(clue.get("leads_email")))
        // the area the person gave, else where the number is registered
        .region(PlatformJson.text(clue.get("leads_area")))
        .region(PlatformJson.text(clue.get("telephone_location")))
        .landingUrl(PlatformJson.text(clue.get("page_url")));
    PlatformJson.attributes(lead, clue, MAPPED, "");
    return lead.build();
  }
}
