package io.contactsync.mapping;

import io.contactsync.mapping.MappingTemplate.Conditional;
import io.contactsync.mapping.MappingTemplate.Conflict;
import io.contactsync.mapping.MappingTemplate.Direction;
import io.contactsync.mapping.MappingTemplate.FieldRule;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Language;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the mapping templates from {@code contactsync.mapping.dir} once, at start: one YAML file per
 * Salesforce object ({@code lead.yaml}, {@code contact.yaml}, {@code account.yaml}). A file that
 * cannot be read stops the start with a message naming the file and line.
 */
@Component("mappingTemplates")
public class MappingTemplates {

    static final List<String> OBJECTS = List.of("Lead", "Contact", "Account");

    private final CamelContext camel;
    /** A directory, or {@code classpath:…} for the copy inside the jar. */
    private final String location;
    /** How files are named in problems: the directory, or the class path location. */
    private final Path dir;
    private final Map<String, MappingTemplate> byObject = new LinkedHashMap<>();
    private final Map<String, MappingTemplate> others = new LinkedHashMap<>();

    public MappingTemplates(CamelContext camel, @Value("${contactsync.mapping.dir:routes/mappings}") String dir) {
        this.camel = camel;
        this.location = dir.startsWith("classpath:") ? dir : "file:" + dir.replaceFirst("^file:", "");
        this.dir = Path.of(dir.replaceFirst("^file:", ""));
    }

    /** The template for an sObject type; fails when the directory has none. */
    public synchronized MappingTemplate forObject(String object) {
        if (byObject.isEmpty()) {
            loadAll();
        }
        MappingTemplate template = byObject.get(object);
        if (template == null) {
            throw new MappingException(dir.resolve(object.toLowerCase(Locale.ROOT) + ".yaml"), 0,
                    "no mapping template for " + object);
        }
        return template;
    }

    /** The templates the service runs with, read once; keyed by object in the order Lead, Contact, Account. */
    public synchronized Map<String, MappingTemplate> all() {
        if (byObject.isEmpty()) {
            loadAll();
        }
        return new LinkedHashMap<>(byObject);
    }

    /**
     * The template of an object the contact pipeline does not map (Task, for activities), read once when
     * first asked for; fails naming the file when it is missing or unreadable.
     */
    public synchronized MappingTemplate other(String object) {
        return others.computeIfAbsent(object, o -> {
            String name = o.toLowerCase(Locale.ROOT) + ".yaml";
            Resource resource = PluginHelper.getResourceLoader(camel).resolveResource(location + "/" + name);
            if (!resource.exists()) {
                throw new MappingException(dir.resolve(name), 0, "no mapping template for " + o);
            }
            return load(dir.resolve(name), resource);
        });
    }

    /** Whether the directory has a template for an object the contact pipeline does not map (task.yaml). */
    public boolean hasOther(String object) {
        return PluginHelper.getResourceLoader(camel)
                .resolveResource(location + "/" + object.toLowerCase(Locale.ROOT) + ".yaml").exists();
    }

    /** Such a template as its file is now, without changing the one in use (for the mapping test); null without a file. */
    public MappingTemplate readOther(String object) {
        String name = object.toLowerCase(Locale.ROOT) + ".yaml";
        Resource resource = PluginHelper.getResourceLoader(camel).resolveResource(location + "/" + name);
        return resource.exists() ? load(dir.resolve(name), resource) : null;
    }

    /** The objects that have a template. */
    public List<String> objects() {
        return List.copyOf(all().keySet());
    }

    /** The target fields of an object's template that an update compares with the existing record. */
    public List<String> fillOnlyTargets(String object) {
        MappingTemplate template = all().get(object);
        return template == null ? List.of() : List.copyOf(template.fillOnlyTargets());
    }

    /** The templates as the files are now, without changing the ones in use (for the mapping test). */
    public Map<String, MappingTemplate> readFiles() {
        Map<String, MappingTemplate> read = new LinkedHashMap<>();
        for (String object : OBJECTS) {
            String name = object.toLowerCase(Locale.ROOT) + ".yaml";
            Resource resource = PluginHelper.getResourceLoader(camel).resolveResource(location + "/" + name);
            if (resource.exists()) {
                read.put(object, load(dir.resolve(name), resource));
            }
        }
        return read;
    }

    private void loadAll() {
        byObject.putAll(readFiles());
    }

    MappingTemplate load(Path file, Resource resource) {
        Node root;
        try (Reader reader = resource.getReader(StandardCharsets.UTF_8)) {
            root = new Yaml().compose(reader);
        } catch (Exception e) {
            throw new MappingException(file, 0, "cannot read: " + e.getMessage());
        }
        if (!(root instanceof MappingNode top)) {
            throw new MappingException(file, 1, "a mapping template is a YAML object with 'object' and 'fields'");
        }
        String object = null;
        boolean customFields = false;
        List<FieldRule> fields = new ArrayList<>();
        List<FieldRule> predefined = new ArrayList<>();
        List<Conditional> conditions = new ArrayList<>();
        for (NodeTuple entry : top.getValue()) {
            String key = scalar(file, entry.getKeyNode());
            Node value = entry.getValueNode();
            switch (key) {
                case "object" -> object = scalar(file, value);
                case "customFields" -> {
                    if (value instanceof MappingNode) {
                        fields.addAll(customRules(file, value));
                    } else {
                        customFields = bool(file, value, "customFields");
                    }
                }
                case "predefined" -> predefined.addAll(assignments(file, value, false));
                case "fields" -> fields.addAll(fieldRules(file, value));
                case "conditions" -> conditions.addAll(conditionals(file, value));
                default -> throw new MappingException(file, line(entry.getKeyNode()), "unknown key '" + key
                        + "' (known: object, customFields, predefined, fields, conditions)");
            }
        }
        if (object == null) {
            throw new MappingException(file, 1, "'object' is missing (Lead, Contact or Account)");
        }
        String expected = file.getFileName().toString().replaceFirst("\\.yaml$", "");
        if (!object.equalsIgnoreCase(expected)) {
            throw new MappingException(file, 1, "'object: " + object + "' in " + file.getFileName()
                    + "; each file maps the object it is named after (" + expected + ")");
        }
        String canonical = object;
        object = OBJECTS.stream().filter(canonical::equalsIgnoreCase).findFirst().orElse(object);
        return new MappingTemplate(object, file, List.copyOf(fields), List.copyOf(predefined), List.copyOf(conditions),
                customFields);
    }

    private List<FieldRule> fieldRules(Path file, Node node) {
        List<FieldRule> rules = new ArrayList<>();
        for (Node item : sequence(file, node, "fields")) {
            Map<String, Node> entries = entries(file, item, "a field");
            String target = required(file, item, entries, "target");
            String source = required(file, item, entries, "source");
            Node when = entries.get("when");
            Node override = entries.get("override");
            entries.keySet().stream()
                    .filter(k -> !List.of("target", "source", "when", "override", "direction", "conflict").contains(k))
                    .findFirst().ifPresent(k -> {
                        throw new MappingException(file, line(item), "field " + target + ": unknown key '" + k
                                + "' (known: target, source, when, override, direction, conflict)");
                    });
            Direction direction = direction(file, target, entries.get("direction"));
            Conflict conflict = conflict(file, target, direction, entries.get("conflict"));
            rules.add(new FieldRule(target, source, expression(file, line(entries.get("source")), target, source),
                    when == null ? null : predicate(file, line(when), target, scalar(file, when)),
                    override != null && bool(file, override, "override"), line(item), direction, conflict));
        }
        return rules;
    }

    /** {@code direction: push | pull | both | none}; push when not given. */
    private static Direction direction(Path file, String target, Node node) {
        if (node == null) {
            return Direction.push;
        }
        String text = scalar(file, node);
        try {
            return Direction.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new MappingException(file, line(node), "field " + target + ": direction '" + text
                    + "' is not one of push, pull, both, none");
        }
    }

    /** {@code conflict:} only for direction both; last-writer when not given. */
    private static Conflict conflict(Path file, String target, Direction direction, Node node) {
        if (node == null) {
            return Conflict.LAST_WRITER;
        }
        String text = scalar(file, node);
        if (direction != Direction.both) {
            throw new MappingException(file, line(node), "field " + target + ": 'conflict' applies only to direction both");
        }
        Conflict conflict = Conflict.of(text);
        if (conflict == null) {
            throw new MappingException(file, line(node), "field " + target + ": conflict '" + text
                    + "' is not one of last-writer, salesforce, contact-sync, salesforce-unless-blank");
        }
        return conflict;
    }

    /** {@code customFields: {key: Field__c}}: the value of the contact's custom key goes to the field. */
    private List<FieldRule> customRules(Path file, Node node) {
        List<FieldRule> rules = new ArrayList<>();
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            String key = scalar(file, tuple.getKeyNode());
            String target = scalar(file, tuple.getValueNode());
            rules.add(new FieldRule(target, "custom." + key, new CustomValue(key), null, false, line(tuple.getKeyNode())));
        }
        return rules;
    }

    /** Reads one key of the contact's custom object. */
    private record CustomValue(String key) implements org.apache.camel.Expression {
        @Override
        public <T> T evaluate(org.apache.camel.Exchange exchange, Class<T> type) {
            Object body = exchange.getMessage().getBody();
            Object value = body instanceof io.contactsync.contact.Contact c ? c.custom().get(key) : null;
            return value == null ? null : exchange.getContext().getTypeConverter().convertTo(type, exchange, value);
        }
    }

    private static boolean bool(Path file, Node node, String key) {
        String text = scalar(file, node);
        if (!"true".equals(text) && !"false".equals(text)) {
            throw new MappingException(file, line(node), "'" + key + "' is true or false, was '" + text + "'");
        }
        return Boolean.parseBoolean(text);
    }

    private List<Conditional> conditionals(Path file, Node node) {
        List<Conditional> conditionals = new ArrayList<>();
        for (Node item : sequence(file, node, "conditions")) {
            Map<String, Node> entries = entries(file, item, "a condition");
            String when = required(file, item, entries, "when");
            Node set = entries.get("set");
            if (set == null) {
                throw new MappingException(file, line(item), "condition '" + when + "' has no 'set'");
            }
            entries.keySet().stream().filter(k -> !List.of("when", "set", "override").contains(k)).findFirst()
                    .ifPresent(k -> {
                        throw new MappingException(file, line(item), "condition '" + when + "': unknown key '" + k
                                + "' (known: when, set, override)");
                    });
            Node override = entries.get("override");
            boolean mayOverride = override != null && bool(file, override, "override");
            conditionals.add(new Conditional(predicate(file, line(item), "condition", when), when,
                    assignments(file, set, mayOverride), line(item)));
        }
        return conditionals;
    }

    private List<FieldRule> assignments(Path file, Node node, boolean override) {
        if (!(node instanceof MappingNode map)) {
            throw new MappingException(file, line(node), "expected 'Field: value' pairs");
        }
        List<FieldRule> rules = new ArrayList<>();
        for (NodeTuple tuple : map.getValue()) {
            String target = scalar(file, tuple.getKeyNode());
            String text = camel.resolvePropertyPlaceholders(scalar(file, tuple.getValueNode()));
            rules.add(new FieldRule(target, text, expression(file, line(tuple.getValueNode()), target, text), null,
                    override, line(tuple.getKeyNode())));
        }
        return rules;
    }

    private org.apache.camel.Expression expression(Path file, int line, String target, String text) {
        try {
            Language simple = camel.resolveLanguage("simple");
            return BodyProperty.of(text, simple.createExpression(text));
        } catch (RuntimeException e) {
            throw new MappingException(file, line, "field " + target + ": bad expression '" + text + "': " + e.getMessage());
        }
    }

    private org.apache.camel.Predicate predicate(Path file, int line, String target, String text) {
        try {
            return camel.resolveLanguage("simple").createPredicate(text);
        } catch (RuntimeException e) {
            throw new MappingException(file, line, target + ": bad condition '" + text + "': " + e.getMessage());
        }
    }

    private static List<Node> sequence(Path file, Node node, String what) {
        if (!(node instanceof SequenceNode seq)) {
            throw new MappingException(file, line(node), "'" + what + "' must be a list");
        }
        return seq.getValue();
    }

    private static Map<String, Node> entries(Path file, Node node, String what) {
        if (!(node instanceof MappingNode map)) {
            throw new MappingException(file, line(node), what + " must be an object");
        }
        Map<String, Node> entries = new LinkedHashMap<>();
        map.getValue().forEach(t -> entries.put(scalar(file, t.getKeyNode()), t.getValueNode()));
        return entries;
    }

    private static String required(Path file, Node owner, Map<String, Node> entries, String key) {
        Node node = entries.get(key);
        if (node == null) {
            throw new MappingException(file, line(owner), "'" + key + "' is missing");
        }
        return scalar(file, node);
    }

    private static String scalar(Path file, Node node) {
        if (!(node instanceof ScalarNode scalar)) {
            throw new MappingException(file, line(node), "expected a single value");
        }
        return scalar.getValue();
    }

    static int line(Node node) {
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }
}
