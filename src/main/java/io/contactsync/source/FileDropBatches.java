package io.contactsync.source;

import io.contactsync.contact.ContactBatch;
import io.contactsync.contact.IngestReport;
import java.util.Iterator;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** A dropped file's contacts as the batches the drop folder's split streams through contacts-ingest. */
@Component("fileDropBatches")
public class FileDropBatches {

    private final CsvContacts csv;
    private final VcardContacts vcard;
    private final int size;

    public FileDropBatches(CsvContacts csv, VcardContacts vcard,
            @Value("${contactsync.sources.file.batch-size:2000}") int size) {
        this.csv = csv;
        this.vcard = vcard;
        this.size = size;
    }

    /** vCard files whole (a malformed one fails before any card is stored), CSV files batch-size rows at a time. */
    public Iterator<ContactBatch> of(String kind, String text, String fileName) {
        return "vcard".equals(kind) ? vcard.batches(text, CsvContacts.SOURCE, fileName)
                : csv.batches(text, fileName, CsvContacts.SOURCE, size);
    }

    /** The report of the split's batch number {@code index} (from 0), with the number of its first row. */
    public FileTally.Batch numbered(IngestReport report, int index) {
        return new FileTally.Batch(index * size + 1, report);
    }

    /** The split's aggregation: each batch's report added to the file's tally (null before the first). */
    public FileTally add(FileTally total, FileTally.Batch batch) {
        return FileTally.add(total, batch);
    }
}
