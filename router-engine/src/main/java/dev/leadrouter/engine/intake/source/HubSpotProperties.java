package dev.leadrouter.engine.intake.source;

/**
 * HubSpot contact properties (internal names, as webhooks and form submissions send them) → the
 * canonical lead. Shared by {@link HubSpotWebhookAdapter} and {@link HubSpotFormsAdapter}. The
 * source's mapping ({@code options.fields}, {@link FieldMap}) comes first, so any property — a custom
 * one such as {@code budget_range} — can fill a lead field; then the standard properties; every
 * property not used is kept as an attribute under its own name.
 */
final class HubSpotProperties {

  private HubSpotProperties() {}

  static void apply(Answers answers, LeadBuilder lead, SourceConfig config) {
    FieldMap.of(config).apply(answers, lead);
    lead.name(Answers.fullName(answers.take("firstname"), answers.take("lastname")));
    lead.salutation(answers.take("salutation"));
    lead.email(answers.take("email"));
    // every number: phone first (primary), then mobile, then custom properties named like a phone
    answers.takeAll("phone", "mobilephone").forEach(lead::phone);
    FormAnswers.takePhones(answers, lead);
    lead.company(answers.take("company"));
    lead.industry(answers.take("industry"));
    lead.notes(answers.take("message"));
    // city/state/country stay attributes too: the region text loses which part was which
    lead.region(Answers.join(", ", answers.peek("city"), answers.peek("state"), answers.peek("country")));
    lead.utmSource(answers.take("utm_source"));
    lead.utmMedium(answers.take("utm_medium"));
    lead.utmCampaign(answers.take("utm_campaign"));
    lead.utmContent(answers.take("utm_content"));
    lead.utmTerm(answers.take("utm_term"));
    lead.landingUrl(answers.take("hs_analytics_first_url"));
  }
}
