package io.contactsync.source;

import io.contactsync.contact.IngestReport;
import java.util.Map;
import java.util.TreeMap;

/**
 * What became of a file read in batches (the drop folder's split): the counts, and each refused row or card
 * by its number in the file (1 = the first after the header) with the reason. Batches may be added in any
 * order (they are stored side by side): each knows the number of its first row.
 */
public final class FileTally {

    private int stored;
    private int duplicates;
    private int refused;
    private final Map<Integer, String> refusals = new TreeMap<>();

    /** A batch's report and the number of its first row in the file. */
    public record Batch(int firstRow, IngestReport report) { }

    /** The split's aggregation: the batch's report added to the tally so far (null before the first). */
    public static FileTally add(FileTally total, Batch numbered) {
        FileTally tally = total == null ? new FileTally() : total;
        IngestReport batch = numbered.report();
        int row = numbered.firstRow() - 1;
        for (IngestReport.Outcome outcome : batch.contacts()) {
            row++;
            if (outcome.status() == IngestReport.Status.REFUSED) {
                tally.refusals.put(row, outcome.reason());
            }
        }
        tally.stored += batch.stored();
        tally.duplicates += batch.duplicates();
        tally.refused += batch.refused();
        return tally;
    }

    public int rows() {
        return stored + duplicates + refused;
    }

    public int getStored() {
        return stored;
    }

    public int getDuplicates() {
        return duplicates;
    }

    public int getRefused() {
        return refused;
    }

    /** Refused rows by number, in the file's order. */
    public Map<Integer, String> getRefusals() {
        return refusals;
    }
}
