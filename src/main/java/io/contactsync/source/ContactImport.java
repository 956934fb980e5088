package io.contactsync.source;

import io.contactsync.contact.ContactBatch;
import io.contactsync.web.ApiException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * A file uploaded on the page or by {@code POST /api/contacts/import} (multipart/form-data, one file field):
 * a CSV (as in the drop folder) or a vCard file, read into one batch of source {@code import}. Each row or
 * card is keyed by the file name and a hash of it, so the same file uploaded again stores nothing twice.
 * platform-http has written the upload to a temporary file; it is read and deleted here.
 */
@Component("contactImport")
public class ContactImport {

    public static final String SOURCE = "import";
    private static final Set<String> EXTENSIONS = Set.of("csv", "txt", "tsv", "vcf", "vcard");
    private static final Set<String> TYPES = Set.of("text/csv", "text/plain", "text/tab-separated-values", "text/vcard",
            "text/x-vcard", "text/directory", "application/csv", "application/vnd.ms-excel", "application/octet-stream");

    private final SourceText text;
    private final CsvContacts csv;
    private final VcardContacts vcard;

    public ContactImport(SourceText text, CsvContacts csv, VcardContacts vcard) {
        this.text = text;
        this.csv = csv;
        this.vcard = vcard;
    }

    /**
     * The uploaded file as a batch: 415 when no file was sent as multipart/form-data or it is neither CSV nor
     * vCard by name or type; 400 when it is empty, not UTF-8/UTF-16, has no known column or is a malformed vCard.
     */
    public ContactBatch batch(Object upload, String fileName, String contentType, Integer files) {
        Path path = upload instanceof Path p ? p : upload instanceof File f ? f.toPath() : null;
        try {
            if (path == null || fileName == null || fileName.isBlank()) {
                throw new ApiException(415, "file", "send one CSV or vCard file as multipart/form-data (a file field)");
            }
            if (files != null && files > 1) {
                throw ApiException.badRequest("file", "one file per import, got " + files);
            }
            String name = Path.of(fileName.replace('\\', '/')).getFileName().toString();
            String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
            String type = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
            if (!EXTENSIONS.contains(extension) && !TYPES.contains(type)) {
                throw new ApiException(415, "file", name + " (" + (type.isEmpty() ? "no type" : type)
                        + ") is neither a CSV nor a vCard file (.csv, .txt, .vcf)");
            }
            byte[] bytes = Files.readAllBytes(path);
            if (bytes.length == 0) {
                throw ApiException.badRequest("file", name + " is empty");
            }
            String content = text.decode(bytes);
            if ("vcard".equals(text.kind(name, content))) {
                return vcard.batch(content, SOURCE, name);
            }
            try {
                return csv.batch(content, name, SOURCE);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("file", e.getMessage());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded file", e);
        } finally {
            if (path != null) {
                path.toFile().delete();
            }
        }
    }
}
