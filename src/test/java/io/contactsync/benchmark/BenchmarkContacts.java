package io.contactsync.benchmark;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The benchmark's contacts, written straight into PostgreSQL in bulk (storing them is not what is
 * measured). Contact emails run from 10 to 80 characters (Salesforce's Lead and Contact Email field
 * holds 80), the owners' emails (metBy; User.Email holds 128) from 10 to 120. The owners are 300
 * sellers unknown to Salesforce and two of its active Users: the owner query of a claim carries more
 * than 16 KiB of addresses and must be split to keep every request within Salesforce's limit.
 */
final class BenchmarkContacts {

    static final int SELLERS = 300;
    private static final int BATCH = 5_000;

    private final JdbcTemplate jdbc;

    BenchmarkContacts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void clear() {
        jdbc.execute("truncate contact, push, mail_outbox restart identity cascade");
    }

    /**
     * Stores contacts 0..n-1 as new, PENDING contacts; {@code owners} tags the owners' emails, so that
     * a fresh tag meets a cold owner cache. Answers their ids.
     */
    List<Long> store(int n, String owners) {
        List<Long> ids = new ArrayList<>(n);
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            List<String> first = new ArrayList<>();
            List<String> last = new ArrayList<>();
            List<String> email = new ArrayList<>();
            List<String> company = new ArrayList<>();
            List<String> metBy = new ArrayList<>();
            for (int i = from; i < to; i++) {
                first.add("First" + i);
                last.add("Last" + i);
                email.add(email(i));
                company.add("Company " + (i % 997));
                metBy.add(owner(i, owners));
            }
            ids.addAll(jdbc.queryForList("""
                    insert into contact (first_name, last_name, email, company, met_by, title, phone_work, city, notes)
                    select f, l, e, c, m, 'Buyer', '+49 30 555 0101', 'Berlin', 'met at the fair'
                    from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) as t(f, l, e, c, m)
                    returning id
                    """, Long.class, array(first), array(last), array(email), array(company), array(metBy)));
        }
        jdbc.update("insert into export_state (contact_id) select c.id from contact c "
                + "where not exists (select 1 from export_state s where s.contact_id = c.id)");
        return ids;
    }

    /** An email of 10 to 80 characters, unique per i, lengths spread evenly over each chunk. */
    static String email(int i) {
        int length = 10 + (i * 7) % 71;
        return padded(Integer.toString(i, 36) + "_", "@e.io", length);
    }

    /** The owner of contact i: one of the org's active Users, or one of the sellers Salesforce does not know. */
    static String owner(int i, String tag) {
        int k = i % (SELLERS + 2);
        if (k == SELLERS) {
            return "alice.seller@example.com";
        }
        if (k == SELLERS + 1) {
            return "bob.closer@example.com";
        }
        return padded("s" + k + "_" + tag + "_", "@s.io", 10 + (k * 37) % 111);
    }

    private static String padded(String local, String domain, int length) {
        StringBuilder out = new StringBuilder(local);
        while (out.length() + domain.length() < length) {
            out.append((char) ('a' + out.length() % 26));
        }
        return out.append(domain).toString();
    }

    private String[] array(List<String> values) {
        return values.toArray(String[]::new);
    }
}
