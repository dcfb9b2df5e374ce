package dev.leadrouter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.ContentDisposition;
import org.apache.pekko.http.javadsl.model.headers.ContentDispositionTypes;

/**
 * A report as {@code text/csv; charset=utf-8} (RFC 4180: a header row, CRLF line ends, a field
 * with a comma, quote or line break quoted, quotes doubled), written by Jackson's CSV module. The
 * columns are the rows' keys in order of first appearance; a row without a column leaves it empty.
 */
final class Csv {

  static final ContentType TEXT_CSV = ContentTypes.create(MediaTypes.TEXT_CSV, HttpCharsets.UTF_8);
  private static final CsvMapper MAPPER = new CsvMapper();

  private Csv() {}

  /** The CSV text of {@code rows}: {@code columns} first (the header even without rows), then any other key. */
  static String write(List<String> columns, List<Map<String, Object>> rows) {
    Set<String> all = new LinkedHashSet<>(columns);
    rows.forEach(r -> all.addAll(r.keySet()));
    CsvSchema.Builder schema = CsvSchema.builder();
    all.forEach(schema::addColumn);
    // Jackson writes the header with the first row: with none, the header alone (our names need no quotes)
    if (rows.isEmpty()) return String.join(",", all) + "\r\n";
    try {
      return MAPPER.writer(schema.build().withHeader().withLineSeparator("\r\n")).writeValueAsString(rows);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write CSV", e);
    }
  }

  /** A 200 with {@code rows} as an attachment named {@code name}.csv. */
  static HttpResponse response(String name, List<String> columns, List<Map<String, Object>> rows) {
    return HttpResponse.create().withStatus(StatusCodes.OK)
        .addHeader(ContentDisposition.create(ContentDispositionTypes.ATTACHMENT, Map.of("filename", name + ".csv")))
        .withEntity(HttpEntities.create(TEXT_CSV, write(columns, rows).getBytes(StandardCharsets.UTF_8)));
  }
}
