package io.contactsync.mapping;

import java.nio.file.Path;
import java.util.List;

/** A mapping template that cannot be used, named by file and line. */
public class MappingException extends RuntimeException {

    private final List<MappingProblem> problems;

    public MappingException(Path file, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
        this.problems = List.of(new MappingProblem(file, line, null, problem));
    }

    /** Templates that do not fit the org: every problem, one a line. */
    public MappingException(List<MappingProblem> problems) {
        super("mapping templates do not fit the Salesforce org:\n  " + String.join("\n  ",
                problems.stream().map(MappingProblem::toString).toList()));
        this.problems = List.copyOf(problems);
    }

    public List<MappingProblem> problems() {
        return problems;
    }

    /** Every problem on one line, for a contact's error message. */
    public String summary() {
        return String.join("; ", problems.stream().map(MappingProblem::toString).toList());
    }
}
