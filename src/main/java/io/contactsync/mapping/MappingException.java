package io.contactsync.mapping;

import java.nio.file.Path;

/** A mapping template that cannot be used, named by file and line. */
public class MappingException extends RuntimeException {

    public MappingException(Path file, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
    }
}
