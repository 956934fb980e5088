package io.contactsync.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.sync.SyncFailures;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.springframework.stereotype.Component;

/**
 * {@code POST /api/mapping/test}: the template files as they are now, checked against the org, then
 * one dummy record per object created from a sample contact, read back and deleted. The templates in
 * use change only at the next start.
 */
@Component("mappingTest")
public class MappingTest {

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() { };

    private final CamelContext camel;
    private final MappingTemplates templates;
    private final MappingCheck check;
    private final ObjectMapper json;

    public MappingTest(CamelContext camel, MappingTemplates templates, MappingCheck check, ObjectMapper json) {
        this.camel = camel;
        this.templates = templates;
        this.check = check;
        this.json = json;
    }

    /** One run of the test: the templates read, what the check found, and one dummy per object. */
    public static final class Run {
        private final Map<String, MappingTemplate> read;
        private final List<MappingProblem> problems = new ArrayList<>();
        private final List<Dummy> dummies = new ArrayList<>();

        /** Checked against the org but not created: the Task template (a Task needs a record to name). */
        private final Map<String, MappingTemplate> checkedOnly = new LinkedHashMap<>();

        Run(Map<String, MappingTemplate> read) {
            this.read = read;
        }

        public List<String> objects() {
            List<String> objects = new ArrayList<>(read.keySet());
            objects.addAll(checkedOnly.keySet());
            return objects;
        }

        public List<Dummy> dummies() {
            return dummies;
        }

        public boolean sound() {
            return problems.isEmpty();
        }
    }

    /** What became of one object's dummy record. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Dummy {
        private final String object;
        private final Map<String, Object> fields;
        private String id;
        private boolean readBack;
        private boolean deleted;
        private List<String> differences;
        private String errorCode;
        private String error;

        Dummy(String object, Map<String, Object> fields) {
            this.object = object;
            this.fields = fields;
        }

        public String object() { return object; }
        public String id() { return id; }
        public String fieldList() { return String.join(",", fields.keySet()); }
    }

    public Run begin() {
        try {
            Run run = new Run(templates.readFiles());
            if (check.checksTask()) {
                MappingTemplate task = templates.readOther(MappingCheck.TASK);
                if (task != null) {
                    run.checkedOnly.put(MappingCheck.TASK, task);
                }
            }
            return run;
        } catch (MappingException e) {
            Run run = new Run(Map.of());
            run.problems.addAll(e.problems());
            return run;
        }
    }

    /** Checks the templates read against the describes; when they fit, prepares one dummy record per object. */
    public Run check(Run run, List<ObjectDescribe> described) {
        Map<String, ObjectDescribe> byName = MappingCheck.byName(described);
        List<MappingTemplate> toCheck = new ArrayList<>(run.read.values());
        toCheck.addAll(run.checkedOnly.values());
        run.problems.addAll(check.check(toCheck, byName));
        if (!run.sound()) {
            return run;
        }
        String email = "mapping-test-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        for (MappingTemplate template : run.read.values()) {
            Map<String, Object> record = template.create(camel, SampleContact.of(email));
            List<String> misfits = MappingCheck.fit(byName.get(template.object()), record, false);
            if (misfits.isEmpty()) {
                run.dummies.add(new Dummy(template.object(), record));
            } else {
                misfits.forEach(m -> run.problems.add(new MappingProblem(template.file(), 0, null, "sample contact: " + m)));
            }
        }
        return run;
    }

    /** The JSON body of a dummy's create call. */
    public String body(Dummy dummy) throws JsonProcessingException {
        return json.writeValueAsString(dummy.fields);
    }

    public void created(Dummy dummy, String answer) throws JsonProcessingException {
        dummy.id = String.valueOf(json.readValue(answer, JSON_OBJECT).get("id"));
    }

    /** Compares what Salesforce holds with what was sent. */
    public void readBack(Dummy dummy, String answer) throws JsonProcessingException {
        Map<String, Object> held = json.readValue(answer, JSON_OBJECT);
        List<String> differences = new ArrayList<>();
        dummy.fields.forEach((field, sent) -> {
            Object got = held.get(field);
            if (!same(sent, got)) {
                differences.add(field + ": sent '" + sent + "', Salesforce holds '" + got + "'");
            }
        });
        dummy.readBack = true;
        dummy.differences = differences.isEmpty() ? null : differences;
    }

    public void deleted(Dummy dummy) {
        dummy.deleted = true;
    }

    public void failed(Dummy dummy, Exception exception) {
        if (dummy.error == null) {
            dummy.errorCode = SyncFailures.code(exception);
            dummy.error = SyncFailures.message(exception);
        }
    }

    /** The answer: overall success, template problems, and per object what happened. */
    public Map<String, Object> report(Run run) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Dummy dummy : run.dummies) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("object", dummy.object);
            entry.put("success", succeeded(dummy));
            entry.put("id", dummy.id);
            entry.put("created", dummy.id != null);
            entry.put("readBack", dummy.readBack);
            entry.put("deleted", dummy.deleted);
            entry.put("fields", dummy.fields);
            if (dummy.differences != null) {
                entry.put("differences", dummy.differences);
            }
            if (dummy.error != null) {
                entry.put("errorCode", dummy.errorCode);
                entry.put("error", dummy.error);
            }
            objects.add(entry);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("success", run.sound() && !run.dummies.isEmpty() && run.dummies.stream().allMatch(MappingTest::succeeded));
        answer.put("problems", run.problems.stream().map(MappingTest::problem).toList());
        answer.put("objects", objects);
        return answer;
    }

    private static boolean succeeded(Dummy dummy) {
        return dummy.id != null && dummy.readBack && dummy.deleted && dummy.differences == null && dummy.error == null;
    }

    private static Map<String, Object> problem(MappingProblem p) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("file", p.file() == null ? null : p.file().toString());
        entry.put("line", p.line());
        entry.put("field", p.field());
        entry.put("message", p.message());
        entry.put("text", p.toString());
        return entry;
    }

    private static boolean same(Object sent, Object got) {
        if (sent instanceof Number || got instanceof Number) {
            try {
                return got != null && new BigDecimal(sent.toString()).compareTo(new BigDecimal(got.toString())) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return Objects.equals(String.valueOf(sent), String.valueOf(got));
    }
}
