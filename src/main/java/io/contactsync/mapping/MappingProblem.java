package io.contactsync.mapping;

import java.nio.file.Path;

/** One thing wrong with a mapping template, named by file, line and Salesforce field. */
public record MappingProblem(Path file, int line, String field, String message) {

    @Override
    public String toString() {
        String where = file == null ? "" : file + (line > 0 ? ":" + line : "") + ": ";
        return where + (field == null ? "" : "field " + field + ": ") + message;
    }
}
