package io.contactsync.source;

import io.contactsync.web.ApiException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The text of a file a source hands in: UTF-8 (with or without BOM), or UTF-16 with its BOM as Excel's
 * "Unicode Text" and some address books write it. Bytes that are neither refuse the file whole.
 * Also tells a vCard file from a CSV file by its name or, failing that, by its first line.
 */
@Component("sourceText")
public class SourceText {

    /** The file's text without its BOM; 400 (a file drop: .failed/) when it is no UTF-8 or BOM-marked UTF-16. */
    public String decode(byte[] bytes) {
        Charset charset = StandardCharsets.UTF_8;
        int skip = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            skip = 3;
        } else if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE) {
            charset = StandardCharsets.UTF_16LE;
            skip = 2;
        } else if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFE && (bytes[1] & 0xff) == 0xFF) {
            charset = StandardCharsets.UTF_16BE;
            skip = 2;
        }
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, skip, bytes.length - skip)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest(null, "the file is not UTF-8 (nor UTF-16 with a byte order mark): save it as "
                    + "\"CSV UTF-8\" or \"Unicode Text\"");
        }
    }

    /** {@code vcard} for a .vcf/.vcard file or text that starts with BEGIN:VCARD, else {@code csv}. */
    public String kind(String fileName, String text) {
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".vcf") || name.endsWith(".vcard")) {
            return "vcard";
        }
        if (name.endsWith(".csv") || name.endsWith(".txt") || name.endsWith(".tsv")) {
            return "csv";
        }
        return text != null && text.stripLeading().regionMatches(true, 0, "BEGIN:VCARD", 0, 11) ? "vcard" : "csv";
    }
}
