package io.contactsync.simulator;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A documented subset of Salesforce's standard Contact and Lead matching rules: the same person
 * (first name fuzzy, last name fuzzy, first and last name also tried transposed) with the same
 * e-mail (exact), the same company or account name (fuzzy), or the same phone (exact). Blank
 * fields do not match. Fuzzy is Jaro-Winkler at the rules' thresholds (first name 0.85 or an
 * initial, last name 0.90, company 0.70 or an acronym), standing in for Salesforce's mix of
 * keyboard distance, metaphone and name variants.
 */
final class MatchingRule {

    private static final Pattern MARKS = Pattern.compile("\\p{M}");
    private static final Pattern PUNCTUATION = Pattern.compile("[^\\p{L}\\p{N} ]");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Set<String> COMPANY_NOISE = Set.of("inc", "corp", "corporation", "co", "company", "llc", "ltd",
            "limited", "gmbh", "ag", "sa", "plc", "the");

    /** A person as the rule compares it; company is the Lead's Company or the Contact's Account name. */
    record Person(String first, String last, String email, String phone, String company) {

        static Person of(Map<String, Object> record, Function<Object, String> accountName) {
            Object company = record.containsKey("Company") ? record.get("Company") : accountName.apply(record.get("AccountId"));
            return new Person(text(record.get("FirstName")), text(record.get("LastName")), text(record.get("Email")),
                    text(record.get("Phone")), text(company));
        }
    }

    private MatchingRule() { }

    /**
     * The match key's first test, as Salesforce narrows candidates before the equation: the first
     * letters of first and last name agree (in either order). Cheap, read from the raw record.
     */
    static boolean sameKey(Person a, Map<String, Object> other) {
        char first = initial(other.get("FirstName"));
        char last = initial(other.get("LastName"));
        char aFirst = initial(a.first());
        char aLast = initial(a.last());
        return first != 0 && last != 0 && (first == aFirst && last == aLast || first == aLast && last == aFirst);
    }

    private static char initial(Object name) {
        String text = name == null ? "" : name.toString().trim();
        if (text.isEmpty()) {
            return 0;
        }
        char ch = text.charAt(0);
        if (ch < 128) {
            return Character.toLowerCase(ch);
        }
        String folded = fold(text.substring(0, 1));
        return folded.isEmpty() ? 0 : folded.charAt(0);
    }

    /** Whether the two records match by the rule's equation. */
    static boolean matches(Person a, Person b) {
        if (!samePerson(a.first(), a.last(), b.first(), b.last()) && !samePerson(a.first(), a.last(), b.last(), b.first())) {
            return false;
        }
        return bothPresent(a.email(), b.email()) && a.email().equalsIgnoreCase(b.email())
                || bothPresent(a.company(), b.company()) && sameCompany(a.company(), b.company())
                || bothPresent(a.phone(), b.phone()) && digits(a.phone()).equals(digits(b.phone())) && !digits(a.phone()).isEmpty();
    }

    private static boolean samePerson(String firstA, String lastA, String firstB, String lastB) {
        return bothPresent(firstA, firstB) && sameFirstName(firstA, firstB)
                && bothPresent(lastA, lastB) && jaroWinkler(fold(lastA), fold(lastB)) >= 0.90;
    }

    static boolean sameFirstName(String a, String b) {
        String x = fold(a).replace(".", "");
        String y = fold(b).replace(".", "");
        if (x.length() == 1 || y.length() == 1) {
            return x.charAt(0) == y.charAt(0);
        }
        return jaroWinkler(x, y) >= 0.85;
    }

    static boolean sameCompany(String a, String b) {
        String x = company(a);
        String y = company(b);
        if (x.isEmpty() || y.isEmpty()) {
            return false;
        }
        return jaroWinkler(x, y) >= 0.70 || x.replace(" ", "").equals(acronym(y)) || y.replace(" ", "").equals(acronym(x));
    }

    private static String company(String name) {
        List<String> words = List.of(SPACES.split(PUNCTUATION.matcher(fold(name)).replaceAll(" ").trim()));
        return String.join(" ", words.stream().filter(w -> !COMPANY_NOISE.contains(w)).toList());
    }

    private static String acronym(String words) {
        StringBuilder out = new StringBuilder();
        for (String word : words.split(" ")) {
            if (!word.isEmpty()) {
                out.append(word.charAt(0));
            }
        }
        return out.length() > 1 ? out.toString() : "\u0000";
    }

    /** Jaro-Winkler similarity, 0 to 1, with the usual prefix scale 0.1 over at most four characters. */
    static double jaroWinkler(String a, String b) {
        if (a.equals(b)) {
            return 1.0;
        }
        int window = Math.max(0, Math.max(a.length(), b.length()) / 2 - 1);
        boolean[] usedA = new boolean[a.length()];
        boolean[] usedB = new boolean[b.length()];
        int matches = 0;
        for (int i = 0; i < a.length(); i++) {
            for (int j = Math.max(0, i - window); j < Math.min(b.length(), i + window + 1); j++) {
                if (!usedB[j] && a.charAt(i) == b.charAt(j)) {
                    usedA[i] = true;
                    usedB[j] = true;
                    matches++;
                    break;
                }
            }
        }
        if (matches == 0) {
            return 0.0;
        }
        int transpositions = 0;
        for (int i = 0, j = 0; i < a.length(); i++) {
            if (usedA[i]) {
                while (!usedB[j]) {
                    j++;
                }
                if (a.charAt(i) != b.charAt(j)) {
                    transpositions++;
                }
                j++;
            }
        }
        double m = matches;
        double jaro = (m / a.length() + m / b.length() + (m - transpositions / 2.0) / m) / 3.0;
        int prefix = 0;
        while (prefix < Math.min(4, Math.min(a.length(), b.length())) && a.charAt(prefix) == b.charAt(prefix)) {
            prefix++;
        }
        return jaro + prefix * 0.1 * (1 - jaro);
    }

    private static boolean bothPresent(String a, String b) {
        return a != null && b != null;
    }

    private static String digits(String phone) {
        String d = phone.replaceAll("\\D", "");
        return d.length() == 11 && d.startsWith("1") ? d.substring(1) : d;
    }

    private static String fold(String text) {
        return MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT).trim();
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString().trim();
    }
}
