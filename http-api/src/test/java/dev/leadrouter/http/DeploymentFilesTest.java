package dev.leadrouter.http;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine or Kubernetes runs here, so {@code docker/} and {@code k8s/} are read as files and
 * compared with the engine: ports against the configuration's defaults, health paths against
 * {@link RouteTable#ENDPOINTS}, environment variable names against the {@code ${?NAME}} the
 * configuration reads, discovery labels and port names against Cluster Bootstrap's, secrets against
 * what the PostgreSQL configuration and the JWT check need. Each failure names the file and the
 * disagreement.
 */
class DeploymentFilesTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern ENV_READ = Pattern.compile("\\$\\{\\?(LEADROUTER_[A-Z0-9_]+)}");
  private static final Pattern ENV_USED = Pattern.compile("\\bLEADROUTER_[A-Z0-9_]+\\b");
  private static final Pattern URL = Pattern.compile(
      "https?://([^/:\\s\"']+)(?::(?:\\$\\{LEADROUTER_HTTP_PORT:-)?(\\d+)}?)?(/[^\\s\"'|;]*)");
  /** Cluster Bootstrap's contract (issue 18) where the configuration does not say it itself. */
  private static final String BOOTSTRAP_LABEL_SELECTOR = "app=leadrouter";
  private static final String BOOTSTRAP_PORT_NAME = "management";
  private static final int MANAGEMENT_PORT_CONTRACT = 8558;
  /** {@link Main#main}'s actor system. */
  private static final String ACTOR_SYSTEM_NAME = "leadrouter";

  private static Path root;
  private static Config config;
  private static int httpPort;
  private static int remotingPort;
  private static int managementPort;
  private static String dockerfile;
  private static JsonNode compose;
  private static JsonNode prometheus;
  /** k8s/*.yaml by file name: every document of each file. */
  private static final Map<String, List<JsonNode>> k8s = new LinkedHashMap<>();

  @BeforeAll
  static void readFiles() throws IOException {
    root = repositoryRoot();
    // The defaults as shipped: no environment variable or system property may change them here.
    config = ConfigFactory.defaultApplication()
        .withFallback(ConfigFactory.defaultReferenceUnresolved())
        .resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false).setAllowUnresolved(true));
    httpPort = config.getInt("leadrouter.http.port");
    remotingPort = config.getInt("pekko.remote.artery.canonical.port");
    managementPort = config.hasPath("pekko.management.http.port")
        ? config.getInt("pekko.management.http.port") : MANAGEMENT_PORT_CONTRACT;
    dockerfile = Files.readString(root.resolve("docker/Dockerfile"));
    compose = YAML.readTree(root.resolve("docker/compose.yaml").toFile());
    prometheus = YAML.readTree(root.resolve("docker/prometheus.yml").toFile());
    try (Stream<Path> files = Files.list(root.resolve("k8s"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        List<JsonNode> docs = new ArrayList<>();
        try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
          while (values.hasNext()) {
            JsonNode doc = values.next();
            if (doc != null && !doc.isNull() && !doc.isMissingNode()) docs.add(doc);
          }
        }
        k8s.put("k8s/" + file.getFileName(), docs);
      }
    }
  }

  // ------------------------------------------------------------------ the rules

  @Test
  void portsAreTheEngineDefaults() {
    Problems p = new Problems();
    Set<Integer> expected = Set.of(httpPort, managementPort, remotingPort);
    Set<Integer> exposed = new TreeSet<>();
    for (String[] i : instructions(lastStage())) {
      if (i[0].equals("EXPOSE")) for (String port : i[1].trim().split("\\s+")) exposed.add(Integer.parseInt(port.replace("/tcp", "")));
    }
    p.check(exposed.equals(expected), "docker/Dockerfile", "EXPOSE " + exposed + ", the engine listens on " + expected
        + " (leadrouter.http.port, pekko.management.http.port, pekko.remote.artery.canonical.port)");
    for (String[] url : urls(healthcheck())) {
      p.check(url[1] != null && Integer.parseInt(url[1]) == httpPort, "docker/Dockerfile",
          "HEALTHCHECK calls port " + url[1] + ", leadrouter.http.port is " + httpPort);
    }

    for (String node : engineNodes()) {
      JsonNode service = compose.path("services").path(node);
      Set<Integer> published = new TreeSet<>();
      for (JsonNode port : service.path("ports")) published.add(containerPort(port));
      p.check(published.containsAll(Set.of(httpPort, managementPort)), "docker/compose.yaml",
          node + " publishes container ports " + published + ", not HTTP " + httpPort + " and management " + managementPort);
      for (String[] url : urls(text(service.path("healthcheck").path("test")))) {
        p.check(url[1] != null && Integer.parseInt(url[1]) == httpPort, "docker/compose.yaml",
            node + "'s healthcheck calls port " + url[1] + ", leadrouter.http.port is " + httpPort);
      }
      for (String seed : seeds(service)) {
        p.check(seed.endsWith(":" + remotingPort), "docker/compose.yaml",
            node + "'s seed " + seed + " is not on pekko.remote.artery.canonical.port " + remotingPort);
      }
    }
    for (String target : prometheusTargets()) {
      p.check(target.endsWith(":" + httpPort), "docker/prometheus.yml",
          "target " + target + " is not on leadrouter.http.port " + httpPort);
    }

    JsonNode container = container();
    Map<String, Integer> named = containerPorts(container);
    p.check(Integer.valueOf(httpPort).equals(named.get("http")), "k8s/deployment.yaml",
        "container port http is " + named.get("http") + ", leadrouter.http.port is " + httpPort);
    p.check(Integer.valueOf(managementPort).equals(named.get("management")), "k8s/deployment.yaml",
        "container port management is " + named.get("management") + ", pekko.management.http.port is " + managementPort);
    p.check(Integer.valueOf(remotingPort).equals(named.get("remoting")), "k8s/deployment.yaml",
        "container port remoting is " + named.get("remoting") + ", pekko.remote.artery.canonical.port is " + remotingPort);
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      JsonNode port = container.path(probe).path("httpGet").path("port");
      p.check(port.asText().equals("http") || port.asInt() == httpPort, "k8s/deployment.yaml",
          probe + " calls port " + port.asText() + ", not http (" + httpPort + ")");
    }
    for (JsonNode port : doc("Service").path("spec").path("ports")) {
      JsonNode target = port.path("targetPort");
      p.check(target.isNumber() ? target.asInt() == httpPort : "http".equals(target.asText()), "k8s/service.yaml",
          "targetPort " + target.asText() + " is not the container's http port " + httpPort);
    }

    // A file that overrides a port must keep the ports above in step: none does.
    Map<String, Integer> defaults = Map.of("LEADROUTER_HTTP_PORT", httpPort, "LEADROUTER_CLUSTER_PORT", remotingPort,
        "LEADROUTER_MANAGEMENT_PORT", managementPort);
    environmentSettings().forEach((where, env) -> defaults.forEach((name, port) -> {
      if (env.containsKey(name)) {
        p.check(String.valueOf(port).equals(env.get(name)), where, name + "=" + env.get(name) + ", the files assume " + port);
      }
    }));
    p.assertNone();
  }

  @Test
  void healthChecksCallPublicRoutesThatExist() {
    Problems p = new Problems();
    for (String[] url : urls(healthcheck())) {
      p.check(url[2].equals("/health/ready"), "docker/Dockerfile", "HEALTHCHECK calls " + url[2] + ", not /health/ready");
      checkPublicRoute(p, "docker/Dockerfile", "HEALTHCHECK", url[2]);
    }
    p.check(!urls(healthcheck()).isEmpty(), "docker/Dockerfile", "HEALTHCHECK calls no http:// URL");
    for (String node : engineNodes()) {
      List<String[]> urls = urls(text(compose.path("services").path(node).path("healthcheck").path("test")));
      p.check(!urls.isEmpty(), "docker/compose.yaml", node + " has no healthcheck calling an http:// URL");
      for (String[] url : urls) {
        p.check(url[2].equals("/health/ready"), "docker/compose.yaml", node + "'s healthcheck calls " + url[2] + ", not /health/ready");
        checkPublicRoute(p, "docker/compose.yaml", node + "'s healthcheck", url[2]);
      }
    }
    JsonNode container = container();
    Map<String, String> probes = Map.of("startupProbe", "/health/alive", "livenessProbe", "/health/alive",
        "readinessProbe", "/health/ready");
    probes.forEach((probe, path) -> {
      String actual = container.path(probe).path("httpGet").path("path").asText();
      p.check(actual.equals(path), "k8s/deployment.yaml", probe + " calls '" + actual + "', not " + path);
      checkPublicRoute(p, "k8s/deployment.yaml", probe, actual);
    });

    // /metrics needs a token (RouteTable's action), so the scrape must send one and compose must mount it.
    for (JsonNode job : prometheus.path("scrape_configs")) {
      String path = job.path("metrics_path").asText("/metrics");
      RouteTable.Endpoint row = getRow(path);
      if (row == null) {
        p.fail("docker/prometheus.yml", "metrics_path " + path + " is no GET route of RouteTable.ENDPOINTS");
        continue;
      }
      if (row.isPublic()) continue;
      String tokenFile = job.path("authorization").path("credentials_file").asText("");
      p.check(job.path("authorization").path("type").asText("Bearer").equals("Bearer") && !tokenFile.isEmpty(),
          "docker/prometheus.yml", path + " needs a bearer token (" + row.action() + "), job "
              + job.path("job_name").asText() + " sends none from a credentials_file");
      if (!tokenFile.isEmpty()) {
        boolean mounted = false;
        for (JsonNode volume : compose.path("services").path("prometheus").path("volumes")) {
          String[] parts = volume.asText().split(":");
          mounted |= parts.length >= 2 && tokenFile.startsWith(parts[1] + "/");
        }
        p.check(mounted, "docker/compose.yaml", "prometheus mounts nothing at " + tokenFile + " (docker/prometheus.yml's credentials_file)");
      }
    }
    p.assertNone();
  }

  @Test
  void everyEnvironmentVariableIsReadByTheConfiguration() throws IOException {
    Set<String> read = configEnvironmentVariables();
    Problems p = new Problems();
    for (Path file : deploymentFiles()) {
      String where = root.relativize(file).toString();
      Matcher m = ENV_USED.matcher(Files.readString(file));
      Set<String> seen = new TreeSet<>();
      while (m.find()) seen.add(m.group());
      for (String name : seen) {
        p.check(read.contains(name), where, name + " is read by no ${?" + name + "} in */src/main/resources/**/*.conf (nor by logback.xml)");
      }
    }
    p.assertNone();
  }

  @Test
  void discoveryLabelsAndPortNamesAgree() {
    Problems p = new Problems();
    JsonNode deployment = doc("Deployment");
    Map<String, String> podLabels = strings(deployment.path("spec").path("template").path("metadata").path("labels"));
    Map<String, String> bootstrap = labelSelector(bootstrapLabelSelector());
    p.check(podLabels.entrySet().containsAll(bootstrap.entrySet()), "k8s/deployment.yaml",
        "pod labels " + podLabels + " lack " + bootstrap + ", which Cluster Bootstrap's discovery selects pods by");
    Map<String, String> selector = strings(deployment.path("spec").path("selector").path("matchLabels"));
    p.check(!selector.isEmpty() && podLabels.entrySet().containsAll(selector.entrySet()), "k8s/deployment.yaml",
        "spec.selector " + selector + " does not select the pod labels " + podLabels);
    p.check(deployment.path("spec").path("replicas").asInt() == 3, "k8s/deployment.yaml",
        "replicas " + deployment.path("spec").path("replicas").asText() + ", not 3");
    Map<String, String> service = strings(doc("Service").path("spec").path("selector"));
    p.check(!service.isEmpty() && podLabels.entrySet().containsAll(service.entrySet()), "k8s/service.yaml",
        "selector " + service + " does not select the pod labels " + podLabels);
    JsonNode pdb = doc("PodDisruptionBudget");
    Map<String, String> budget = strings(pdb.path("spec").path("selector").path("matchLabels"));
    p.check(!budget.isEmpty() && podLabels.entrySet().containsAll(budget.entrySet()), "k8s/pdb.yaml",
        "selector " + budget + " does not select the pod labels " + podLabels);
    p.check(pdb.path("spec").path("maxUnavailable").asInt(0) == 1 || pdb.path("spec").path("minAvailable").asInt(0) == 2,
        "k8s/pdb.yaml", "neither maxUnavailable 1 nor minAvailable 2: a drain could take the majority");

    String portName = bootstrapPortName();
    p.check(containerPorts(container()).containsKey(portName), "k8s/deployment.yaml",
        "no container port named '" + portName + "', the port Cluster Bootstrap contacts; ports: " + containerPorts(container()).keySet());
    Map<String, String> env = podEnvironment();
    p.check("kubernetes".equals(env.get("LEADROUTER_CLUSTER_BOOTSTRAP")), "k8s/configmap.yaml",
        "LEADROUTER_CLUSTER_BOOTSTRAP is " + env.get("LEADROUTER_CLUSTER_BOOTSTRAP") + ", not kubernetes");
    p.check(!env.containsKey("LEADROUTER_CLUSTER_SEEDS"), "k8s/configmap.yaml",
        "LEADROUTER_CLUSTER_SEEDS is set: on Kubernetes the cluster forms through bootstrap, not seeds");
    p.check("status.podIP".equals(fieldRef(container(), "LEADROUTER_CLUSTER_HOST")), "k8s/deployment.yaml",
        "LEADROUTER_CLUSTER_HOST is not the pod IP (valueFrom.fieldRef.fieldPath: status.podIP)");

    String account = deployment.path("spec").path("template").path("spec").path("serviceAccountName").asText("");
    p.check(account.equals(doc("ServiceAccount").path("metadata").path("name").asText()), "k8s/deployment.yaml",
        "serviceAccountName '" + account + "' is not k8s/serviceaccount.yaml's " + doc("ServiceAccount").path("metadata").path("name"));
    JsonNode binding = doc("RoleBinding");
    boolean bound = false;
    for (JsonNode subject : binding.path("subjects")) {
      bound |= subject.path("kind").asText().equals("ServiceAccount") && subject.path("name").asText().equals(account);
    }
    p.check(bound, "k8s/rolebinding.yaml", "binds no subject ServiceAccount " + account);
    JsonNode role = doc("Role");
    p.check(binding.path("roleRef").path("kind").asText().equals("Role")
            && binding.path("roleRef").path("name").asText().equals(role.path("metadata").path("name").asText()),
        "k8s/rolebinding.yaml", "roleRef " + binding.path("roleRef") + " is not k8s/role.yaml's Role " + role.path("metadata").path("name"));
    boolean readsPods = false;
    for (JsonNode rule : role.path("rules")) {
      readsPods |= texts(rule.path("apiGroups")).contains("") && texts(rule.path("resources")).contains("pods")
          && texts(rule.path("verbs")).containsAll(Set.of("get", "watch", "list"));
    }
    p.check(readsPods, "k8s/role.yaml", "no rule grants get, watch and list on pods (Kubernetes API discovery needs them)");
    p.assertNone();
  }

  @Test
  void secretsHoldWhatTheConfigurationNeeds() throws IOException {
    // postgres.conf's ${?…} (URL, user, password) and the JWT secret: without it every node makes its own.
    Set<String> needed = new TreeSet<>(envReads(Files.readString(root.resolve("persistence/src/main/resources/postgres.conf"))));
    Matcher jwt = Pattern.compile("jwt-secret\\s*=\\s*\\$\\{\\?(LEADROUTER_[A-Z0-9_]+)}")
        .matcher(Files.readString(root.resolve("http-api/src/main/resources/reference.conf")));
    assertTrue(jwt.find(), "http-api reference.conf reads leadrouter.auth.jwt-secret from no environment variable");
    needed.add(jwt.group(1));

    Problems p = new Problems();
    Map<String, String> secret = strings(doc("Secret").path("stringData"));
    secret.putAll(strings(doc("Secret").path("data")));
    Map<String, String> configMap = strings(doc("ConfigMap").path("data"));
    p.check("postgres".equals(configMap.get("LEADROUTER_DB")), "k8s/configmap.yaml",
        "LEADROUTER_DB is " + configMap.get("LEADROUTER_DB") + ", not postgres");
    for (String name : needed) {
      p.check(secret.containsKey(name), "k8s/secret.yaml", "holds no " + name + " (the configuration reads it)");
      p.check(!configMap.containsKey(name), "k8s/configmap.yaml", name + " is secret: it belongs in k8s/secret.yaml");
    }
    secret.forEach((name, value) -> p.check(value.contains("REPLACE-ME"), "k8s/secret.yaml",
        name + " is not a placeholder marked REPLACE-ME: real secrets do not belong in the repository"));
    Set<String> sources = new TreeSet<>();
    for (JsonNode from : container().path("envFrom")) {
      if (from.has("secretRef")) sources.add("Secret " + from.path("secretRef").path("name").asText());
      if (from.has("configMapRef")) sources.add("ConfigMap " + from.path("configMapRef").path("name").asText());
    }
    p.check(sources.contains("Secret " + doc("Secret").path("metadata").path("name").asText())
            && sources.contains("ConfigMap " + doc("ConfigMap").path("metadata").path("name").asText()),
        "k8s/deployment.yaml", "envFrom " + sources + " does not name k8s/secret.yaml's Secret and k8s/configmap.yaml's ConfigMap");

    JsonNode postgres = compose.path("services").path("postgres").path("environment");
    String jwtValue = null;
    for (String node : engineNodes()) {
      Map<String, String> env = strings(compose.path("services").path(node).path("environment"));
      p.check("postgres".equals(env.get("LEADROUTER_DB")), "docker/compose.yaml", node + " does not set LEADROUTER_DB=postgres");
      for (String name : needed) p.check(env.containsKey(name), "docker/compose.yaml", node + " does not set " + name);
      String url = env.getOrDefault("LEADROUTER_DB_URL", "");
      p.check(url.startsWith("jdbc:postgresql://postgres:5432/" + postgres.path("POSTGRES_DB").asText() + "?"), "docker/compose.yaml",
          node + "'s LEADROUTER_DB_URL " + url + " is not the postgres service's database " + postgres.path("POSTGRES_DB").asText());
      p.check(url.contains("reWriteBatchedInserts=true"), "docker/compose.yaml", node + "'s LEADROUTER_DB_URL lacks reWriteBatchedInserts=true");
      p.check(postgres.path("POSTGRES_USER").asText().equals(env.get("LEADROUTER_DB_USER")), "docker/compose.yaml",
          node + "'s LEADROUTER_DB_USER is not the postgres service's POSTGRES_USER");
      p.check(postgres.path("POSTGRES_PASSWORD").asText().equals(env.get("LEADROUTER_DB_PASSWORD")), "docker/compose.yaml",
          node + "'s LEADROUTER_DB_PASSWORD is not the postgres service's POSTGRES_PASSWORD");
      if (jwtValue == null) jwtValue = env.get(jwt.group(1));
      p.check(jwtValue != null && jwtValue.equals(env.get(jwt.group(1))), "docker/compose.yaml",
          node + "'s " + jwt.group(1) + " differs from the other nodes': a token from one would fail on another");
    }
    Map<String, String> minter = strings(compose.path("services").path("metrics-token").path("environment"));
    p.check(jwtValue != null && jwtValue.equals(minter.get(jwt.group(1))), "docker/compose.yaml",
        "metrics-token signs with another " + jwt.group(1) + " than the nodes: Prometheus would get 401");
    p.assertNone();
  }

  @Test
  void composeFormsOneClusterOnPostgres() {
    Problems p = new Problems();
    List<String> nodes = engineNodes();
    p.check(nodes.size() == 3, "docker/compose.yaml", "has " + nodes.size() + " engine nodes " + nodes + ", not 3");
    p.check(compose.path("services").path("postgres").path("image").asText().startsWith("postgres:15"), "docker/compose.yaml",
        "postgres is not PostgreSQL 15");
    p.check(compose.path("services").path("postgres").has("healthcheck"), "docker/compose.yaml", "postgres has no healthcheck");
    for (String node : nodes) {
      JsonNode service = compose.path("services").path(node);
      Map<String, String> env = strings(service.path("environment"));
      p.check(node.equals(env.get("LEADROUTER_CLUSTER_HOST")), "docker/compose.yaml",
          node + "'s LEADROUTER_CLUSTER_HOST is " + env.get("LEADROUTER_CLUSTER_HOST") + ", not its service name");
      List<String> seeds = seeds(service);
      p.check(!seeds.isEmpty(), "docker/compose.yaml", node + " sets no LEADROUTER_CLUSTER_SEEDS");
      for (String seed : seeds) {
        p.check(nodes.contains(seed.split(":")[0]), "docker/compose.yaml", node + "'s seed " + seed + " is no engine node");
      }
      p.check(seeds.equals(seeds(compose.path("services").path(nodes.get(0)))), "docker/compose.yaml",
          node + "'s seeds differ from " + nodes.get(0) + "'s: the first seed must be the same everywhere");
      p.check("service_healthy".equals(service.path("depends_on").path("postgres").path("condition").asText()),
          "docker/compose.yaml", node + " does not wait for postgres with condition: service_healthy");
    }
    Set<String> targets = new TreeSet<>(prometheusTargets());
    Set<String> expected = new TreeSet<>();
    nodes.forEach(n -> expected.add(n + ":" + httpPort));
    p.check(targets.equals(expected), "docker/prometheus.yml", "scrapes " + targets + ", the nodes are " + expected);

    Map<String, String> grafanaMounts = new LinkedHashMap<>();
    for (JsonNode volume : compose.path("services").path("grafana").path("volumes")) {
      String[] parts = volume.asText().split(":");
      if (parts.length >= 2) grafanaMounts.put(parts[0], parts[1]);
    }
    p.check("/etc/grafana/provisioning".equals(grafanaMounts.get("./grafana/provisioning")), "docker/compose.yaml",
        "grafana does not mount ./grafana/provisioning at /etc/grafana/provisioning");
    try {
      JsonNode providers = YAML.readTree(root.resolve("docker/grafana/provisioning/dashboards/leadrouter.yaml").toFile());
      String path = providers.path("providers").path(0).path("options").path("path").asText();
      p.check(path.equals(grafanaMounts.get("./grafana/dashboards")), "docker/grafana/provisioning/dashboards/leadrouter.yaml",
          "loads dashboards from " + path + ", compose mounts ./grafana/dashboards at " + grafanaMounts.get("./grafana/dashboards"));
      JsonNode sources = YAML.readTree(root.resolve("docker/grafana/provisioning/datasources/prometheus.yaml").toFile());
      String url = sources.path("datasources").path(0).path("url").asText();
      p.check(url.equals("http://prometheus:9090"), "docker/grafana/provisioning/datasources/prometheus.yaml",
          "datasource url " + url + " is not compose's prometheus service (http://prometheus:9090)");
    } catch (IOException e) {
      p.fail("docker/grafana/provisioning", e.getMessage());
    }
    p.assertNone();
  }

  @Test
  void dockerfileBuildsTheJarAndRunsItAsNonRoot() {
    Problems p = new Problems();
    List<String> stages = stages();
    p.check(stages.size() >= 2, "docker/Dockerfile", "is not multi-stage (" + stages.size() + " FROM)");
    p.check(stages.get(0).contains("mvn -B -q -DskipTests package"), "docker/Dockerfile",
        "the build stage does not run mvn -B -q -DskipTests package");
    String run = lastStage();
    p.check(run.contains("http-api/target/leadrouter.jar"), "docker/Dockerfile", "the runtime stage does not copy http-api/target/leadrouter.jar");
    String user = null;
    Map<String, String> env = new LinkedHashMap<>();
    List<String> volumes = new ArrayList<>();
    List<String> installs = new ArrayList<>();
    for (String[] i : instructions(run)) {
      switch (i[0]) {
        case "USER" -> user = i[1].trim();
        case "ENV" -> {
          Matcher m = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)").matcher(i[1]);
          while (m.find()) env.put(m.group(1), m.group(2).replace("\"", ""));
        }
        case "VOLUME" -> volumes.add(i[1]);
        case "RUN" -> { if (i[1].contains("install")) installs.add(i[1]); }
        default -> { }
      }
    }
    p.check(user != null && !user.startsWith("root") && !user.startsWith("0"), "docker/Dockerfile", "runs as " + user + ", not a non-root user");
    String dataDir = env.get("LEADROUTER_DATA_DIR");
    p.check(dataDir != null && volumes.stream().anyMatch(v -> v.contains(dataDir)), "docker/Dockerfile",
        "LEADROUTER_DATA_DIR " + dataDir + " is not a VOLUME " + volumes);
    p.check("0.0.0.0".equals(env.get("LEADROUTER_HTTP_HOST")), "docker/Dockerfile",
        "LEADROUTER_HTTP_HOST is " + env.get("LEADROUTER_HTTP_HOST") + ": the engine's 127.0.0.1 is unreachable from outside the container");
    p.check(env.getOrDefault("JAVA_OPTS", "").contains("MaxRAMPercentage"), "docker/Dockerfile",
        "JAVA_OPTS sets no -XX:MaxRAMPercentage (container-aware heap)");
    p.check(run.contains("$JAVA_OPTS"), "docker/Dockerfile", "the entrypoint does not pass $JAVA_OPTS to java");
    String check = healthcheck();
    Matcher tool = Pattern.compile("CMD\\s+(\\S+)").matcher(check);
    if (tool.find()) {
      String command = tool.group(1);
      p.check(installs.stream().anyMatch(i -> i.matches("(?s).*\\binstall\\b.*\\b" + Pattern.quote(command) + "\\b.*")),
          "docker/Dockerfile", "HEALTHCHECK runs " + command + ", which the runtime stage does not install");
    } else {
      p.fail("docker/Dockerfile", "no HEALTHCHECK CMD");
    }
    p.assertNone();
  }

  @Test
  void kustomizationListsEveryManifest() {
    Problems p = new Problems();
    JsonNode kustomization = k8s.get("k8s/kustomization.yaml").get(0);
    Set<String> listed = texts(kustomization.path("resources"));
    Set<String> files = new TreeSet<>();
    k8s.keySet().forEach(f -> files.add(f.substring("k8s/".length())));
    files.remove("kustomization.yaml");
    p.check(listed.equals(files), "k8s/kustomization.yaml", "resources " + new TreeSet<>(listed) + ", k8s/ holds " + files);
    for (String kind : List.of("Deployment", "ServiceAccount", "Role", "RoleBinding", "Service", "PodDisruptionBudget",
        "ConfigMap", "Secret")) {
      p.check(find(kind) != null, "k8s/", "no " + kind);
    }
    p.assertNone();
  }

  // ------------------------------------------------------------------ the engine's side

  private static void checkPublicRoute(Problems p, String file, String what, String path) {
    RouteTable.Endpoint row = getRow(path);
    if (row == null) {
      p.fail(file, what + " calls " + path + ", which is no GET route of RouteTable.ENDPOINTS");
    } else {
      p.check(row.isPublic(), file, what + " calls " + path + ", which needs a token (" + row.action() + ")");
    }
  }

  private static RouteTable.Endpoint getRow(String path) {
    return RouteTable.ENDPOINTS.stream().filter(e -> e.method().equals("GET") && e.path().equals(path)).findFirst().orElse(null);
  }

  /**
   * Every LEADROUTER_* name a {@code ${?NAME}} of a .conf file under {@code *}{@code /src/main/resources}
   * reads, and those logback.xml reads ({@code ${NAME:-default}}).
   */
  private static Set<String> configEnvironmentVariables() throws IOException {
    Set<String> names = new TreeSet<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path resources : modules.map(m -> m.resolve("src/main/resources")).filter(Files::isDirectory).toList()) {
        try (Stream<Path> files = Files.walk(resources)) {
          for (Path conf : files.filter(f -> f.toString().endsWith(".conf")).toList()) names.addAll(envReads(Files.readString(conf)));
        }
        Path logback = resources.resolve("logback.xml");
        if (Files.exists(logback)) {
          Matcher m = java.util.regex.Pattern.compile("\\$\\{(LEADROUTER_[A-Z0-9_]+):-").matcher(Files.readString(logback));
          while (m.find()) names.add(m.group(1));
        }
      }
    }
    return names;
  }

  private static Set<String> envReads(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = ENV_READ.matcher(text);
    while (m.find()) names.add(m.group(1));
    return names;
  }

  /** The label selector Kubernetes API discovery uses: the configuration's when it has one, else the contract. */
  private static String bootstrapLabelSelector() {
    String selector = "pekko.discovery.kubernetes-api.pod-label-selector";
    if (!config.hasPath(selector)) return BOOTSTRAP_LABEL_SELECTOR;
    // Unset, the bootstrap's service name is the placeholder "<service-name>": the actor system's name.
    String service = "pekko.management.cluster.bootstrap.contact-point-discovery.service-name";
    String name = config.hasPath(service) && !config.getString(service).isBlank() && !config.getString(service).startsWith("<")
        ? config.getString(service) : ACTOR_SYSTEM_NAME;
    return config.getString(selector).replace("%s", name);
  }

  private static String bootstrapPortName() {
    String bootstrap = "pekko.management.cluster.bootstrap.contact-point-discovery.port-name";
    if (config.hasPath(bootstrap) && !config.getString(bootstrap).isBlank()) return config.getString(bootstrap);
    String discovery = "pekko.discovery.kubernetes-api.pod-port-name";
    if (config.hasPath(discovery) && !config.getString(discovery).isBlank()) return config.getString(discovery);
    return BOOTSTRAP_PORT_NAME;
  }

  private static Map<String, String> labelSelector(String selector) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String term : selector.split(",")) {
      String[] kv = term.split("=", 2);
      if (kv.length == 2) labels.put(kv[0].trim(), kv[1].trim());
    }
    return labels;
  }

  // ------------------------------------------------------------------ reading the files

  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("docker")) && Files.isDirectory(dir.resolve("k8s")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    return fail("no directory above " + Path.of("").toAbsolutePath() + " holds docker/, k8s/ and pom.xml");
  }

  private static List<Path> deploymentFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String dir : List.of("docker", "k8s")) {
      try (Stream<Path> walk = Files.walk(root.resolve(dir))) {
        walk.filter(Files::isRegularFile).sorted().forEach(files::add);
      }
    }
    return files;
  }

  /** The Dockerfile's stages, each from its FROM on, comments dropped and continuation lines joined. */
  private static List<String> stages() {
    List<String> stages = new ArrayList<>();
    StringBuilder current = null;
    for (String line : dockerfile.replaceAll("\\\\\\r?\\n", " ").split("\\r?\\n")) {
      String trimmed = line.trim();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) continue;
      if (trimmed.toUpperCase().startsWith("FROM ")) {
        if (current != null) stages.add(current.toString());
        current = new StringBuilder();
      }
      if (current != null) current.append(trimmed).append('\n');
    }
    if (current != null) stages.add(current.toString());
    return stages;
  }

  private static String lastStage() {
    List<String> stages = stages();
    return stages.isEmpty() ? "" : stages.get(stages.size() - 1);
  }

  /** {keyword, arguments} per instruction of one stage. */
  private static List<String[]> instructions(String stage) {
    List<String[]> out = new ArrayList<>();
    for (String line : stage.split("\n")) {
      String[] parts = line.split("\\s+", 2);
      out.add(new String[] {parts[0].toUpperCase(), parts.length > 1 ? parts[1] : ""});
    }
    return out;
  }

  private static String healthcheck() {
    for (String[] i : instructions(lastStage())) if (i[0].equals("HEALTHCHECK")) return i[1];
    return "";
  }

  /** {host, port or null, path} of each http URL in a command. */
  private static List<String[]> urls(String command) {
    List<String[]> urls = new ArrayList<>();
    Matcher m = URL.matcher(command);
    while (m.find()) urls.add(new String[] {m.group(1), m.group(2), m.group(3)});
    return urls;
  }

  /** Compose services that run the leadrouter image with a cluster address: the engine nodes. */
  private static List<String> engineNodes() {
    List<String> nodes = new ArrayList<>();
    compose.path("services").fields().forEachRemaining(e -> {
      if (strings(e.getValue().path("environment")).containsKey("LEADROUTER_CLUSTER_HOST")) nodes.add(e.getKey());
    });
    return nodes;
  }

  private static List<String> seeds(JsonNode service) {
    String seeds = strings(service.path("environment")).getOrDefault("LEADROUTER_CLUSTER_SEEDS", "");
    return seeds.isBlank() ? List.of() : Stream.of(seeds.split(",")).map(String::trim).toList();
  }

  private static int containerPort(JsonNode port) {
    if (port.isObject()) return port.path("target").asInt();
    String[] parts = port.asText().split(":");
    return Integer.parseInt(parts[parts.length - 1].replace("/tcp", ""));
  }

  private static List<String> prometheusTargets() {
    List<String> targets = new ArrayList<>();
    for (JsonNode job : prometheus.path("scrape_configs")) {
      for (JsonNode group : job.path("static_configs")) targets.addAll(texts(group.path("targets")));
    }
    return targets;
  }

  /** The environment each file sets, by file (and compose service). */
  private static Map<String, Map<String, String>> environmentSettings() {
    Map<String, Map<String, String>> all = new LinkedHashMap<>();
    compose.path("services").fields().forEachRemaining(e ->
        all.put("docker/compose.yaml (" + e.getKey() + ")", strings(e.getValue().path("environment"))));
    all.put("k8s/ (ConfigMap, Secret, Deployment)", podEnvironment());
    return all;
  }

  /** The pod's environment from the ConfigMap, the Secret and the container's literal env values. */
  private static Map<String, String> podEnvironment() {
    Map<String, String> env = new LinkedHashMap<>(strings(doc("ConfigMap").path("data")));
    env.putAll(strings(doc("Secret").path("stringData")));
    for (JsonNode var : container().path("env")) {
      env.put(var.path("name").asText(), var.has("value") ? var.path("value").asText() : "(valueFrom)");
    }
    return env;
  }

  private static String fieldRef(JsonNode container, String name) {
    for (JsonNode var : container.path("env")) {
      if (var.path("name").asText().equals(name)) return var.path("valueFrom").path("fieldRef").path("fieldPath").asText(null);
    }
    return null;
  }

  private static JsonNode container() {
    return doc("Deployment").path("spec").path("template").path("spec").path("containers").path(0);
  }

  private static Map<String, Integer> containerPorts(JsonNode container) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (JsonNode port : container.path("ports")) ports.put(port.path("name").asText(), port.path("containerPort").asInt());
    return ports;
  }

  private static JsonNode find(String kind) {
    for (List<JsonNode> docs : k8s.values()) {
      for (JsonNode doc : docs) if (doc.path("kind").asText().equals(kind)) return doc;
    }
    return null;
  }

  /** The one k8s/ document of this kind (the test fails if there is none). */
  private static JsonNode doc(String kind) {
    JsonNode doc = find(kind);
    return doc != null ? doc : fail("k8s/: no manifest of kind " + kind);
  }

  /** A YAML map as strings; a list of {@code NAME=value} (compose's other environment form) too. */
  private static Map<String, String> strings(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node.isObject()) node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    if (node.isArray()) {
      for (JsonNode item : node) {
        String[] kv = item.asText().split("=", 2);
        out.put(kv[0], kv.length > 1 ? kv[1] : "");
      }
    }
    return out;
  }

  private static Set<String> texts(JsonNode node) {
    Set<String> out = new LinkedHashSet<>();
    if (node.isArray()) node.forEach(n -> out.add(n.asText()));
    else if (!node.isMissingNode() && !node.isNull()) out.add(node.asText());
    return out;
  }

  private static String text(JsonNode node) {
    return String.join(" ", texts(node));
  }

  /** Disagreements collected over one rule, reported together. */
  private static final class Problems {
    private final List<String> found = new ArrayList<>();

    void check(boolean ok, String file, String disagreement) {
      if (!ok) fail(file, disagreement);
    }

    void fail(String file, String disagreement) {
      found.add(file + ": " + disagreement);
    }

    void assertNone() {
      assertTrue(found.isEmpty(), () -> found.size() + " disagreement(s) between the deployment files and the engine:\n  "
          + String.join("\n  ", found));
    }
  }
}
