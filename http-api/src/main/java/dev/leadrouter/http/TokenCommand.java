package dev.leadrouter.http;

import com.typesafe.config.Config;
import java.time.Clock;
import java.time.Duration;

/** {@code java -jar leadrouter.jar token --sub ID --role ROLE [--ttl 30d]}: prints a bearer token. */
public final class TokenCommand {

  private TokenCommand() {}

  public static String run(String[] args, Config config) {
    String sub = null;
    String role = null;
    Duration ttl = Duration.ofDays(30);
    for (int i = 1; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--sub" -> sub = value;
        case "--role" -> role = value;
        case "--ttl" -> ttl = com.typesafe.config.ConfigFactory.parseString("t = " + value).getDuration("t");
        default -> throw new IllegalArgumentException("unknown option " + args[i] + usage());
      }
      i++;
    }
    if (sub == null || sub.isBlank() || role == null) throw new IllegalArgumentException("--sub and --role are required" + usage());
    return Auth.fromConfig(config, Clock.systemUTC()).issue(sub, role, ttl);
  }

  private static String usage() {
    return "\nusage: java -jar leadrouter.jar token --sub ID --role admin|director|manager|rep|source [--ttl 30d]";
  }
}
