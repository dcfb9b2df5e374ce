package dev.leadrouter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * On two cores the common ForkJoinPool gets parallelism 1 unless told otherwise, and every
 * CompletableFuture completion then runs on a thread of its own (Scala's futures as Java ones, every
 * Pekko ask, complete even thenApply that way). Main raises it before anything initialises the pool:
 * a fresh JVM limited to two processors loads Main's class and reads the parallelism in force.
 */
class CommonPoolTest {

  /** Run in the child JVM: loads Main (its static initialisation, logging included), prints the parallelism. */
  public static final class Probe {
    public static void main(String[] args) throws Exception {
      Class.forName("dev.leadrouter.http.Main");
      System.out.println("parallelism=" + java.util.concurrent.ForkJoinPool.getCommonPoolParallelism());
    }
  }

  @Test
  void mainGivesTheCommonPoolTwoThreadsOnATwoCoreMachine() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(List.of(java.toString(), "-XX:ActiveProcessorCount=2", "-cp",
        System.getProperty("java.class.path"), Probe.class.getName())).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    assertEquals("parallelism=2", out.lines().filter(l -> l.startsWith("parallelism=")).findFirst().orElse(out));
  }
}
