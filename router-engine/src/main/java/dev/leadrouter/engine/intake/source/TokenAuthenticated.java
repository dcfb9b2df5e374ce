package dev.leadrouter.engine.intake.source;

import dev.leadrouter.engine.common.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An adapter whose deliveries carry the source's token ({@code ?token=…}, see {@link SourceTokens}):
 * the source must have the secret {@value SourceTokens#TOKEN_SECRET}, and a delivery is authentic when
 * its token matches it (a source the engine pulls itself, {@link PullOptions}, may have none). Adapters with options of their own check them in {@link #validateOptions}.
 */
public interface TokenAuthenticated extends SourceAdapter {

  @Override
  default List<FieldError> validate(SourceConfig config, String pointer) {
    // a source the engine pulls itself needs no token, unless pages are also posted to it
    List<FieldError> errors = new ArrayList<>(PullOptions.enabled(config) ? List.of()
        : SourceTokens.requireSecrets(config, pointer, SourceTokens.TOKEN_SECRET));
    errors.addAll(validateOptions(config, pointer));
    return errors;
  }

  /** What is wrong with the source's other settings (the token secret is checked already). */
  default List<FieldError> validateOptions(SourceConfig config, String pointer) {
    return List.of();
  }

  /**
   * The platform's example ({@code source-samples/<type>.json} or {@code .txt}) posted with the
   * source's token in the URL, as the platform's webhook or the integration that pulls it would.
   */
  @Override
  default java.util.Optional<Delivery> sample(SourceConfig config, Instant now) {
    return SourceSamples.delivery(type(), config, now, java.util.Map.of(), SourceSamples.tokenQuery(config));
  }

  @Override
  default Verdict verify(Delivery delivery, SourceConfig config, Instant now) {
    return SourceTokens.verify(delivery, config);
  }
}
