package dev.leadrouter.engine.intake.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.engine.common.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * HubSpot form submissions ({@code hubspot-forms}), pulled: a poller GETs
 * {@code /form-integrations/v1/submissions/forms/{form_guid}} and posts the answer page as it is
 * ({@code {"results":[{conversionId, submittedAt, values:[{name, value}], pageUrl}], "paging":…}}).
 * One lead per result, {@code sourceEventId} = {@code conversionId}, so re-posting overlapping pages
 * is harmless. HubSpot does not sign pulled data: secret {@code token}, sent as {@code ?token=}
 * ({@link SourceTokens}). Option {@code formGuid}, when set, is kept as attribute {@code form_guid}.
 */
public final class HubSpotFormsAdapter implements TokenAuthenticated {

  public static final String TYPE = "hubspot-forms";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Keys keys() {
    return Keys.of(List.of("formGuid", FieldMap.FIELDS_OPTION), List.of(SourceTokens.TOKEN_SECRET));
  }

  @Override
  public List<FieldError> validateOptions(SourceConfig config, String pointer) {
    return FieldMap.validateFields(config, pointer);
  }

  @Override
  public Result parse(Delivery delivery, SourceConfig config) {
    JsonNode root = SourceJson.read(delivery.body()).orElse(null);
    if (root == null) return Result.malformed("", "not JSON: expected a form submissions page {\"results\":[…]}");
    if (!root.isObject()) return Result.malformed("", "expected an object {\"results\":[…]}");
    JsonNode results = root.get("results");
    if (results == null || !results.isArray()) return Result.malformed("/results", "required: an array of submissions");
    List<FieldError> errors = new ArrayList<>();
    List<SourceLead> leads = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      String at = "/results/" + i;
      JsonNode result = results.get(i);
      if (!result.isObject()) {
        errors.add(new FieldError(at, "expected a submission object"));
        continue;
      }
      String conversionId = SourceJson.text(result.get("conversionId"));
      if (conversionId == null || conversionId.isBlank()) errors.add(new FieldError(at + "/conversionId", "required"));
      Answers answers = new Answers();
      JsonNode values = result.get("values");
      if (values != null && !values.isNull()) {
        if (!values.isArray()) {
          errors.add(new FieldError(at + "/values", "must be an array of {name, value}"));
        } else {
          for (int j = 0; j < values.size(); j++) {
            JsonNode value = values.get(j);
            String name = value.isObject() ? SourceJson.text(value.get("name")) : null;
            if (name == null || name.isBlank()) {
              errors.add(new FieldError(at + "/values/" + j + "/name", "required"));
              continue;
            }
            answers.append(name, SourceJson.text(value.get("value")));
          }
        }
      }
      if (!errors.isEmpty()) continue;
      LeadBuilder lead = LeadBuilder.of(config).eventId(conversionId);
      HubSpotProperties.apply(answers, lead, config);
      lead.landingUrl(SourceJson.text(result.get("pageUrl")));
      lead.attribute("form_guid", config.option("formGuid"));
      lead.attribute("submittedAt", SourceJson.epochMillis(result.get("submittedAt")));
      answers.rest().forEach(lead::attribute);
      leads.add(new SourceLead(lead.build(), false));
    }
    return errors.isEmpty() ? Result.of(leads) : new Result(List.of(), List.of(), errors, null);
  }
}
