package io.contactsync.contact;

import io.contactsync.web.ApiException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Reads contacts for the API, checking the query parameters. */
@Component("contactQueries")
public class ContactQueries {

    static final int MAX_PAGE_SIZE = 500;
    private final ContactStore store;

    public ContactQueries(ContactStore store) {
        this.store = store;
    }

    public Map<String, Object> list(String status, String search, String page, String size) {
        ExportStatus wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = ExportStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("status", "status must be one of " + Arrays.toString(ExportStatus.values()));
            }
        }
        int p = number("page", page, 0, 0, Integer.MAX_VALUE);
        int s = number("size", size, 50, 1, MAX_PAGE_SIZE);
        List<ContactView> contacts = store.list(wanted, search, p, s);
        return Map.of("page", p, "size", s, "total", store.count(wanted, search), "contacts", contacts);
    }

    public ContactView get(String id) {
        long contactId = number("id", id, -1, 1, Long.MAX_VALUE);
        return store.find(contactId).orElseThrow(() -> ApiException.notFound("no contact with id " + contactId));
    }

    private static int number(String name, String value, int fallback, int min, int max) {
        return (int) number(name, value, (long) fallback, min, (long) max);
    }

    private static long number(String name, String value, long fallback, long min, long max) {
        if (value == null || value.isBlank()) {
            if (fallback < min) {
                throw ApiException.badRequest(name, name + " is required");
            }
            return fallback;
        }
        try {
            long n = Long.parseLong(value.strip());
            if (n < min || n > max) {
                throw ApiException.badRequest(name, name + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, name + " must be a number, was '" + value + "'");
        }
    }
}
