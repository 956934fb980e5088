package io.contactsync.simulator;

import io.github.apexdevtools.apexparser.ApexParser.ValueContext;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * SOQL values: literals (strings with their escapes, numbers, booleans, dates, datetimes and the
 * relative date literals such as TODAY or LAST_N_DAYS:n), and comparison as SOQL has it.
 */
final class SoqlValues {

    private SoqlValues() { }

    /**
     * A relative date literal: the days from {@code from} up to (not including) {@code to}, in UTC.
     * {@code = TODAY} matches within it, {@code < TODAY} before it, {@code > TODAY} after it.
     */
    record DateRange(LocalDate from, LocalDate to) {

        boolean test(Object field, String operator) {
            if (field == null) {
                return "!=".equals(operator) || "<>".equals(operator);
            }
            Instant value = instant(field);
            Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant end = to.atStartOfDay(ZoneOffset.UTC).toInstant();
            boolean within = !value.isBefore(start) && value.isBefore(end);
            return switch (operator) {
                case "=" -> within;
                case "!=", "<>" -> !within;
                case "<" -> value.isBefore(start);
                case "<=" -> value.isBefore(end);
                case ">" -> !value.isBefore(end);
                case ">=" -> !value.isBefore(start);
                default -> throw malformed("the simulator compares date literals with =, !=, <, <=, > and >= only");
            };
        }

        private static Instant instant(Object field) {
            String text = field.toString();
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OrgStore.parseDateTime(text).toInstant();
        }
    }

    /** The days a relative date literal stands for (weeks start on Sunday, as in the en_US locale). */
    static DateRange dateRange(String literal, LocalDate today) {
        String[] parts = literal.toUpperCase(Locale.ROOT).split(":");
        int n = parts.length > 1 ? Integer.parseInt(parts[1].trim()) : 0;
        LocalDate week = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
        LocalDate month = today.withDayOfMonth(1);
        LocalDate year = today.withDayOfYear(1);
        return switch (parts[0]) {
            case "TODAY" -> new DateRange(today, today.plusDays(1));
            case "YESTERDAY" -> new DateRange(today.minusDays(1), today);
            case "TOMORROW" -> new DateRange(today.plusDays(1), today.plusDays(2));
            case "LAST_N_DAYS" -> new DateRange(today.minusDays(n), today.plusDays(1));
            case "NEXT_N_DAYS" -> new DateRange(today.plusDays(1), today.plusDays(n + 1));
            case "N_DAYS_AGO" -> new DateRange(today.minusDays(n), today.minusDays(n - 1));
            case "LAST_90_DAYS" -> new DateRange(today.minusDays(90), today.plusDays(1));
            case "NEXT_90_DAYS" -> new DateRange(today.plusDays(1), today.plusDays(91));
            case "THIS_WEEK" -> new DateRange(week, week.plusWeeks(1));
            case "LAST_WEEK" -> new DateRange(week.minusWeeks(1), week);
            case "NEXT_WEEK" -> new DateRange(week.plusWeeks(1), week.plusWeeks(2));
            case "THIS_MONTH" -> new DateRange(month, month.plusMonths(1));
            case "LAST_MONTH" -> new DateRange(month.minusMonths(1), month);
            case "NEXT_MONTH" -> new DateRange(month.plusMonths(1), month.plusMonths(2));
            case "THIS_YEAR" -> new DateRange(year, year.plusYears(1));
            case "LAST_YEAR" -> new DateRange(year.minusYears(1), year);
            case "NEXT_YEAR" -> new DateRange(year.plusYears(1), year.plusYears(2));
            default -> throw malformed("the simulator does not support the date literal " + literal);
        };
    }

    /** Salesforce refuses quoted dates, numbers and booleans, and ids that are not ids, before it runs a query. */
    static void checkFilterValue(SObjectField field, Object literal) {
        if (literal instanceof List<?> list) {
            list.forEach(item -> checkFilterValue(field, item));
            return;
        }
        if (!(literal instanceof String text)) {
            return;
        }
        String expected = switch (field.type()) {
            case "datetime" -> "dateTime";
            case "date" -> "date";
            case "boolean" -> "boolean";
            case "double", "currency", "int", "percent" -> "double";
            default -> null;
        };
        if (expected != null) {
            throw new SalesforceError(400, "INVALID_QUERY_FILTER_OPERATOR", "value of filter criterion for field '"
                    + field.name() + "' must be of type " + expected + " and should not be enclosed in quotes", null);
        }
        if (("id".equals(field.type()) || "reference".equals(field.type())) && !text.isEmpty()
                && SalesforceIds.normalize(text) == null) {
            throw new SalesforceError(400, "INVALID_QUERY_FILTER_OPERATOR", "invalid ID field: " + text, null);
        }
    }


    static Object literal(ValueContext value) {
        if (value.NULL() != null) {
            return null;
        }
        if (value.BooleanLiteral() != null) {
            return Boolean.valueOf(value.BooleanLiteral().getText().toLowerCase(Locale.ROOT));
        }
        if (value.signedNumber() != null) {
            return new BigDecimal(value.signedNumber().getText());
        }
        if (value.StringLiteral() != null) {
            return unescape(value.StringLiteral().getText());
        }
        if (value.DateLiteral() != null) {
            return LocalDate.parse(value.DateLiteral().getText());
        }
        if (value.DateTimeLiteral() != null) {
            return OrgStore.parseDateTime(value.DateTimeLiteral().getText().toUpperCase(Locale.ROOT)).toInstant();
        }
        if (value.dateFormula() != null) {
            return dateRange(value.dateFormula().getText(), LocalDate.now(ZoneOffset.UTC));
        }
        if (value.valueList() != null) {
            List<Object> list = new ArrayList<>();
            value.valueList().value().forEach(v -> list.add(literal(v)));
            return list;
        }
        throw malformed("the simulator does not support the value " + value.getText());
    }

    /** The text of a SOQL string literal: quotes stripped, escapes resolved as SOQL defines them. */
    static String unescape(String literal) {
        String body = literal.substring(1, literal.length() - 1);
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char ch = body.charAt(i);
            if (ch != '\\' || i + 1 == body.length()) {
                out.append(ch);
                continue;
            }
            char next = body.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                // \% and \_ stay escaped: they matter to LIKE only
                case '%', '_' -> out.append('\\').append(next);
                default -> out.append(next);
            }
        }
        return out.toString();
    }

    static Pattern like(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char ch = pattern.charAt(i);
            if (ch == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (ch == '%') {
                regex.append(".*");
            } else if (ch == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    /** Equality as SOQL has it: strings without regard to case, numbers by value, \% and \_ as themselves. */
    static Object key(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros();
        }
        if (value instanceof Boolean) {
            return value;
        }
        return value.toString().replace("\\%", "%").replace("\\_", "_").toLowerCase(Locale.ROOT);
    }

    static boolean equal(Object field, Object literal) {
        if (literal instanceof Instant instant) {
            return field != null && OrgStore.parseDateTime(field.toString()).toInstant().equals(instant);
        }
        return java.util.Objects.equals(key(field), key(literal));
    }

    static boolean ordered(Object field, Object literal, java.util.function.IntPredicate test) {
        return field != null && literal != null && test.test(compare(field, literal));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Object a, Object b) {
        if (a instanceof Number || b instanceof Number) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString()));
        }
        if (b instanceof Instant instant) {
            return OrgStore.parseDateTime(a.toString()).toInstant().compareTo(instant);
        }
        if (a instanceof Instant instant) {
            return instant.compareTo(OrgStore.parseDateTime(b.toString()).toInstant());
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return x.compareTo(y);
        }
        return a.toString().compareToIgnoreCase(b.toString());
    }

    static SalesforceError malformed(String message) {
        return new SalesforceError(400, "MALFORMED_QUERY", message, null);
    }
}
