package io.egress4j.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The node's configuration file as the console shows it: every value under a key that names a credential (secrets,
 * passwords, access and account keys, tokens, service-account JSON) is replaced by {@link #MASK}, at any depth, and
 * so is the password of any URL (a Redis or proxy URL may carry one).
 */
final class MaskedConfig {

    static final String MASK = "********";
    private static final Pattern SECRET_KEY = Pattern.compile(
            ".*(secret|password|passwd|token|credential|private|access_key|account_key|sas|api_key).*");
    private static final Pattern URL_PASSWORD = Pattern.compile("(?<=://)([^/@:\\s]*):[^/@\\s]*@");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private MaskedConfig() {
    }

    /** {@code file} as YAML with its secrets masked. */
    static String of(Path file) throws IOException {
        JsonNode tree = YAML.readTree(Files.readString(file));
        return tree == null || tree.isMissingNode() ? "" : YAML.writeValueAsString(mask(tree));
    }

    static JsonNode mask(JsonNode node) {
        if (node.isObject()) {
            ObjectNode masked = YAML.createObjectNode();
            for (Map.Entry<String, JsonNode> field : List.copyOf(node.properties())) {
                boolean secret = SECRET_KEY.matcher(field.getKey().toLowerCase(Locale.ROOT)).matches()
                        && !field.getValue().isContainerNode();
                masked.set(field.getKey(), secret ? masked.textNode(MASK) : mask(field.getValue()));
            }
            return masked;
        }
        if (node.isArray()) {
            var masked = YAML.createArrayNode();
            node.forEach(element -> masked.add(mask(element)));
            return masked;
        }
        if (node.isTextual()) {
            return YAML.getNodeFactory().textNode(URL_PASSWORD.matcher(node.asText()).replaceAll("$1:" + MASK + "@"));
        }
        return node;
    }
}
