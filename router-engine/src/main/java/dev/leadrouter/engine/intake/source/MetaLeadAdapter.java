package dev.leadrouter.engine.intake.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * The Graph API Lead object ({@code meta-lead}): {@code {"id","created_time","ad_id","form_id",
 * "field_data":[{"name","values":[…]}], …}} → one lead, {@code sourceEventId} = {@code id}.
 *
 * <p>Its job is the parse step of {@link MetaLeadgenAdapter}'s fetches: the engine fetched the
 * object from Graph itself, with the {@code meta-leadgen} source's config. Such a delivery is
 * authentic when it carries header {@value SourceTokens#FETCH_HEADER} equal to {@link
 * SourceTokens#fetchMarker} (the engine may also skip verify for what it fetched). It is not meant to
 * be posted to; a standalone {@code meta-lead} source (someone posting Lead objects they pulled)
 * authenticates with the shared {@code ?token=} check (secret {@code token}).
 */
public final class MetaLeadAdapter implements TokenAuthenticated {

  public static final String TYPE = "meta-lead";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Keys keys() {
    return Keys.of(List.of(), List.of(SourceTokens.TOKEN_SECRET));
  }

  @Override
  public Verdict verify(Delivery delivery, SourceConfig config, Instant now) {
    if (delivery.header(SourceTokens.FETCH_HEADER).isPresent()) {
      return SourceTokens.fetchedByEngine(delivery, config) ? Verdict.AUTHENTIC
          : Verdict.refused(SourceTokens.FETCH_HEADER + " does not match this source");
    }
    return TokenAuthenticated.super.verify(delivery, config, now);
  }

  @Override
  public Result parse(Delivery delivery, SourceConfig config) {
    JsonNode root = SourceJson.read(delivery.body()).orElse(null);
    if (root == null) return Result.malformed("", "not JSON: expected a Graph API Lead object");
    if (!root.isObject()) return Result.malformed("", "expected a Lead object {\"id\",\"field_data\",…}");
    JsonNode error = root.get("error");
    if (error != null && error.isObject()) {
      // Graph's error answer (expired token, missing permission …): the fetch is retried, this says why
      return Result.malformed("/error", "Graph API error " + SourceJson.text(error.get("code")) + ": " + SourceJson.text(error.get("message")));
    }
    String id = SourceJson.text(root.get("id"));
    if (id == null || id.isBlank()) return Result.malformed("/id", "required: the lead id");
    Answers answers = new Answers();
    JsonNode fieldData = root.get("field_data");
    if (fieldData != null && !fieldData.isNull()) {
      if (!fieldData.isArray()) return Result.malformed("/field_data", "must be an array of {name, values}");
      for (int i = 0; i < fieldData.size(); i++) {
        JsonNode field = fieldData.get(i);
        String name = field.isObject() ? SourceJson.text(field.get("name")) : null;
        if (name == null || name.isBlank()) return Result.malformed("/field_data/" + i + "/name", "required");
        JsonNode values = field.get("values");
        if (values != null && values.isArray()) {
          values.forEach(v -> answers.append(name, SourceJson.text(v)));
        } else if (values != null && !values.isNull()) {
          return Result.malformed("/field_data/" + i + "/values", "must be an array");
        }
      }
    }
    LeadBuilder lead = LeadBuilder.of(config).eventId(id);
    String fullName = answers.take("full_name");
    lead.name(fullName != null ? fullName : Answers.fullName(answers.take("first_name"), answers.take("last_name")));
    lead.email(answers.take("email", "work_email"));
    // every number: the standard questions first, then custom questions named like a phone
    answers.takeAll("phone_number", "work_phone_number").forEach(lead::phone);
    FormAnswers.takePhones(answers, lead);
    lead.company(answers.take("company_name"));
    lead.region(Answers.join(", ", answers.peek("city"), answers.peek("state", "province"), answers.peek("country")));
    lead.utmCampaign(SourceJson.text(root.get("campaign_name")));
    for (String platformField : List.of("form_id", "ad_id", "ad_name", "adset_id", "adset_name", "campaign_id",
        "campaign_name", "platform", "is_organic", "partner_name")) {
      lead.attribute(platformField, SourceJson.text(root.get(platformField)));
    }
    lead.attribute("submittedAt", SourceJson.graphTime(root.get("created_time")));
    answers.rest().forEach(lead::attribute); // after the platform's own fields: a question key cannot shadow them
    return Result.of(List.of(new SourceLead(lead.build(), false)));
  }
}
