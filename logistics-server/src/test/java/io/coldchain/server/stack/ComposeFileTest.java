package io.coldchain.server.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * No Docker engine runs here, so {@code docker/compose.yml} is checked without one: against the
 * compose specification's JSON schema ({@code docker/compose-spec.json}, from the compose-spec
 * project, Apache-2.0), every file it mounts exists and is used by a test that runs the same
 * program here, the images are multi-stage builds from the wrapper that run as non-root with a
 * health check, and every variable it needs is in the example environment file.
 */
class ComposeFileTest {

    static final Path DOCKER = Path.of("../docker");

    /** Each mounted host path and the test that runs the same program with it. */
    static final Map<String, String> MOUNTS_USED_BY = Map.of(
            "./mosquitto/mosquitto.conf",
                    "device-gateway/src/test/java/io/coldchain/gateway/testing/StackMosquitto.java",
            "./mosquitto/init.sh", "device-gateway/src/test/java/io/coldchain/gateway/testing/StackMosquitto.java",
            "./mosquitto/certs", "device-gateway/src/test/java/io/coldchain/gateway/testing/StackMosquitto.java",
            "../dashboards/grafana/provisioning",
                    "device-gateway/src/test/java/io/coldchain/gateway/GrafanaDashboardsIT.java",
            "../dashboards/grafana/dashboards",
                    "device-gateway/src/test/java/io/coldchain/gateway/GrafanaDashboardsIT.java");

    private final JsonMapper json = JsonMapper.builder().build();

    private JsonNode compose(String text) {
        Object yaml = new Yaml().load(text);
        return json.valueToTree(yaml);
    }

    private List<Error> validate(JsonNode compose) throws IOException {
        // this edition of the schema names its parts with draft-04's "id", which 2019-09 no longer
        // knows: those names are dropped (they only label parts; nothing refers to them)
        JsonNode spec = json.readTree(Files.readString(DOCKER.resolve("compose-spec.json")));
        dropIds(spec);
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09)
                .getSchema(json.writeValueAsString(spec));
        return schema.validate(compose);
    }

    private static void dropIds(JsonNode node) {
        if (node instanceof tools.jackson.databind.node.ObjectNode object) {
            if (object.path("id").isString()) {
                object.remove("id");
            }
            object.forEach(ComposeFileTest::dropIds);
        } else if (node.isArray()) {
            node.forEach(ComposeFileTest::dropIds);
        }
    }

    @Test
    void theComposeFileFollowsTheComposeSpecification() throws IOException {
        String text = Files.readString(DOCKER.resolve("compose.yml"));
        assertThat(validate(compose(text))).isEmpty();
        // and the check can fail: a misspelt key and a wrong condition are caught
        String broken = text.replace("condition: service_healthy", "condition: healthy")
                .replace("    restart: unless-stopped", "    restarts: unless-stopped");
        assertThat(validate(compose(broken))).isNotEmpty();
    }

    @Test
    void theStackHasEveryPartWithHealthChecks() throws IOException {
        JsonNode services =
                compose(Files.readString(DOCKER.resolve("compose.yml"))).path("services");
        assertThat(services.propertyNames())
                .contains("postgres", "mosquitto", "influxdb", "grafana", "server", "gateway-1", "gateway-2");
        for (String name : List.of("postgres", "mosquitto", "influxdb", "grafana", "server")) {
            if (!services.path(name).has("build")) {
                assertThat(services.path(name).has("healthcheck"))
                        .as(name + " has a health check")
                        .isTrue();
            }
        }
        // the two gateways share one subscription group, each with a session of its own
        assertThat(services.path("gateway-1").path("environment").path("COLDCHAIN_GATEWAY_SHARE_GROUP"))
                .isEqualTo(services.path("gateway-2").path("environment").path("COLDCHAIN_GATEWAY_SHARE_GROUP"));
        assertThat(services.path("gateway-1").path("environment").path("COLDCHAIN_MQTT_CLIENT_ID"))
                .isNotEqualTo(services.path("gateway-2").path("environment").path("COLDCHAIN_MQTT_CLIENT_ID"));
        // devices reach the broker over TLS only
        assertThat(services.path("mosquitto").path("ports").toString())
                .contains("8883")
                .doesNotContain("1883");
    }

    @Test
    void everyMountedFileExistsAndATestRunsTheSameProgramWithIt() throws IOException {
        JsonNode services =
                compose(Files.readString(DOCKER.resolve("compose.yml"))).path("services");
        Set<String> mounted = new TreeSet<>();
        for (JsonNode service : services) {
            for (JsonNode volume : service.path("volumes")) {
                String source = volume.asString().split(":")[0];
                if (source.startsWith("./") || source.startsWith("../")) {
                    mounted.add(source);
                }
            }
        }
        assertThat(mounted).containsExactlyInAnyOrderElementsOf(MOUNTS_USED_BY.keySet());
        for (String source : mounted) {
            if (!source.endsWith("/certs")) { // made at first start by init.sh
                assertThat(DOCKER.resolve(source)).as(source).exists();
            }
            Path test = Path.of("..").resolve(MOUNTS_USED_BY.get(source));
            assertThat(test).exists();
            String name = Path.of(source).getFileName().toString();
            assertThat(Files.readString(test)).as(test + " uses " + source).contains(name);
        }
    }

    @Test
    void imagesAreBuiltFromTheWrapperAndRunAsNonRootWithAHealthCheck() throws IOException {
        JsonNode services =
                compose(Files.readString(DOCKER.resolve("compose.yml"))).path("services");
        Set<String> dockerfiles = new TreeSet<>();
        services.forEach(s -> {
            if (s.has("build")) {
                dockerfiles.add(s.path("build").path("dockerfile").asString());
            }
        });
        assertThat(dockerfiles).containsExactlyInAnyOrder("docker/server.Dockerfile", "docker/gateway.Dockerfile");
        for (String file : dockerfiles) {
            String dockerfile = Files.readString(Path.of("..").resolve(file));
            assertThat(Pattern.compile("(?m)^FROM ")
                            .matcher(dockerfile)
                            .results()
                            .count())
                    .as(file + " is multi-stage")
                    .isGreaterThanOrEqualTo(2);
            assertThat(dockerfile).contains("./mvnw ");
            Matcher user = Pattern.compile("(?m)^USER (\\S+)").matcher(dockerfile);
            assertThat(user.find()).as(file + " sets a USER").isTrue();
            assertThat(user.group(1)).isNotIn("root", "0");
            assertThat(dockerfile).containsPattern("(?m)^HEALTHCHECK ");
            assertThat(Path.of("..").resolve(file + ".dockerignore")).exists();
        }
    }

    @Test
    void everyVariableTheStackNeedsIsInTheExampleEnvironment() throws IOException {
        String text = Files.readString(DOCKER.resolve("compose.yml"));
        Set<String> needed = new TreeSet<>();
        Matcher m = Pattern.compile("(?<!\\$)\\$\\{([A-Z0-9_]+)").matcher(text);
        while (m.find()) {
            needed.add(m.group(1));
        }
        assertThat(needed).isNotEmpty();
        String example = Files.readString(DOCKER.resolve("stack.env.example"));
        for (String variable : needed) {
            assertThat(example).as(variable).containsPattern("(?m)^" + variable + "=");
        }
    }
}
