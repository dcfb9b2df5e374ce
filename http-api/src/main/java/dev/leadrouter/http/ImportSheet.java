package dev.leadrouter.http;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;

/**
 * The rows of an uploaded lead file, one at a time as the file is read: CSV (UTF-8, with or without
 * a byte order mark; RFC 4180 quoting, by Jackson's CSV module) or the first sheet of an .xlsx (POI's
 * streaming SAX reader: the sheet is never held as a workbook). Each row comes with its number as a
 * spreadsheet shows it (the header is row 1); rows with no text at all are skipped.
 */
final class ImportSheet {

  enum Kind { CSV, XLSX }

  /** One row: its spreadsheet number and its cells, trimmed ({@code ""} for an empty cell). */
  interface RowSink {
    void row(int number, List<String> cells);
  }

  /** The file cannot be read as its kind says (a broken .xlsx, CSV that is not UTF-8 …). */
  static final class Unreadable extends RuntimeException {
    Unreadable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

  private ImportSheet() {}

  /**
   * What the file is, from its first bytes and then its name and declared type: a ZIP is .xlsx, an old
   * binary .xls (OLE2) or any other binary is nothing we read; text named .csv or sent as text/* is CSV.
   */
  static Optional<Kind> kind(byte[] head, String filename, String mediaType) {
    if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) return Optional.of(Kind.XLSX);
    for (byte b : head) {
      if (b == 0) return Optional.empty();
    }
    String name = filename == null ? "" : filename.toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv") || mediaType.startsWith("text/") || mediaType.equals("application/vnd.ms-excel")) {
      return Optional.of(Kind.CSV);
    }
    return Optional.empty();
  }

  /** The file's header row (its first row with text), read no further; empty for a file without one. */
  static List<String> headerRow(Path file, Kind kind) {
    final class Found extends RuntimeException {
      final List<String> cells;

      Found(List<String> cells) {
        super(null, null, false, false);
        this.cells = cells;
      }
    }
    try {
      read(file, kind, (number, cells) -> {
        throw new Found(List.copyOf(cells));
      });
    } catch (Found f) {
      return f.cells;
    }
    return List.of();
  }

  static void read(Path file, Kind kind, RowSink sink) {
    if (kind == Kind.CSV) csv(file, sink);
    else xlsx(file, sink);
  }

  private static void csv(Path file, RowSink sink) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      in.mark(3);
      byte[] bom = in.readNBytes(3);
      if (!(bom.length == 3 && (bom[0] & 0xff) == 0xEF && (bom[1] & 0xff) == 0xBB && (bom[2] & 0xff) == 0xBF)) in.reset();
      Reader text = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
      try (MappingIterator<List<String>> rows = CSV.readerForListOf(String.class).readValues(text)) {
        int number = 0;
        while (rows.hasNextValue()) {
          List<String> cells = rows.nextValue();
          number++;
          List<String> trimmed = new ArrayList<>(cells.size());
          for (String c : cells) trimmed.add(c == null ? "" : c.strip());
          if (trimmed.stream().anyMatch(c -> !c.isEmpty())) sink.row(number, trimmed);
        }
      }
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new Unreadable("the CSV file is not UTF-8 text", e);
    } catch (IOException e) {
      throw new Unreadable("the CSV file cannot be read: " + e.getMessage(), e);
    }
  }

  private static void xlsx(Path file, RowSink sink) {
    try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
      XSSFReader reader = new XSSFReader(pkg);
      StylesTable styles = reader.getStylesTable();
      ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg);
      Iterator<InputStream> sheets = reader.getSheetsData();
      if (!sheets.hasNext()) return;
      try (InputStream sheet = sheets.next()) {
        XMLReader parser = XMLHelper.newXMLReader();
        parser.setContentHandler(new XSSFSheetXMLHandler(styles, null, strings, new Rows(sink), new DataFormatter(), false));
        parser.parse(new InputSource(sheet));
      }
    } catch (Unreadable e) {
      throw e;
    } catch (RuntimeException e) {
      if (e.getCause() instanceof RowFailure f) throw f.failure;
      throw new Unreadable("the file is not a readable .xlsx workbook: " + e.getMessage(), e);
    } catch (Exception e) {
      throw new Unreadable("the file is not a readable .xlsx workbook: " + e.getMessage(), e);
    }
  }

  /** A sink's failure carried through the SAX parser unchanged. */
  private static final class RowFailure extends Exception {
    final RuntimeException failure;

    RowFailure(RuntimeException failure) {
      super(failure);
      this.failure = failure;
    }
  }

  /** Collects one sheet row's cells by column (a missing cell is empty) and hands the row on. */
  private static final class Rows implements XSSFSheetXMLHandler.SheetContentsHandler {
    private final RowSink sink;
    private final List<String> cells = new ArrayList<>();

    Rows(RowSink sink) {
      this.sink = sink;
    }

    @Override
    public void startRow(int rowNum) {
      cells.clear();
    }

    @Override
    public void endRow(int rowNum) {
      if (cells.stream().anyMatch(c -> !c.isEmpty())) {
        try {
          sink.row(rowNum + 1, List.copyOf(cells));
        } catch (RuntimeException e) {
          throw new IllegalStateException(new RowFailure(e));
        }
      }
    }

    @Override
    public void cell(String reference, String formattedValue, XSSFComment comment) {
      int column = reference == null ? cells.size() : new CellReference(reference).getCol();
      while (cells.size() < column) cells.add("");
      String value = formattedValue == null ? "" : formattedValue.strip();
      if (cells.size() == column) cells.add(value);
      else cells.set(column, value);
    }
  }
}
