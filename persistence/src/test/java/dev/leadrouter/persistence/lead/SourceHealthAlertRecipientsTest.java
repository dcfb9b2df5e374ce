package dev.leadrouter.persistence.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgChartDocument;
import dev.leadrouter.engine.vocab.Notice;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who the source health alert tells (issue 20: "an alert to the admins"): the chart's admins, else its directors. */
class SourceHealthAlertRecipientsTest {

  private static final String PEOPLE = """
      {"regions": [], "teams": [], "people": [
        {"id": "dir-sales", "name": "张总监", "role": "director", "email": "d@example.cn", "channels": ["email", "app"]},
        {"id": "mgr-east", "name": "周经理", "role": "manager", "managerId": "dir-sales", "channels": ["app"]}%s]}""";

  private static OrgChart chart(String more) {
    return OrgChartDocument.parse(PEOPLE.formatted(more));
  }

  @Test
  void theChartsAdminsAreToldOverTheirChannels() {
    OrgChart chart = chart("""
        , {"id": "ops-1", "name": "运营", "role": "admin", "email": "ops@example.cn", "channels": ["email"]},
          {"id": "ops-2", "name": "离职运营", "role": "admin", "availability": "deactivated", "channels": ["email"]}""");
    assertEquals(List.of(new Notice("ops-1", "admin", "email", SourceHealthAlert.KIND)), SourceHealthAlert.recipients(chart));
  }

  @Test
  void aChartWithoutAdminPeopleTellsItsDirectors() {
    assertEquals(List.of(new Notice("dir-sales", "director", "email", SourceHealthAlert.KIND),
        new Notice("dir-sales", "director", "app", SourceHealthAlert.KIND)), SourceHealthAlert.recipients(chart("")));
  }
}
