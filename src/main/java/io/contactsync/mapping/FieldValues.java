package io.contactsync.mapping;

import io.contactsync.mapping.ObjectDescribe.Field;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.Map;

/**
 * A value as a Salesforce field takes it, checked the way Salesforce would check it on save: type,
 * text length, number of digits, restricted picklist values.
 */
final class FieldValues {

    /** What a template's source gives, learnt by evaluating it on a sample contact. */
    enum Kind { TEXT, NUMBER, DATE, BOOLEAN, UNKNOWN;

        static Kind of(Object value) {
            if (value == null) {
                return UNKNOWN;
            }
            if (value instanceof Number) {
                return NUMBER;
            }
            if (value instanceof Boolean) {
                return BOOLEAN;
            }
            if (value instanceof TemporalAccessor || value instanceof java.util.Date) {
                return DATE;
            }
            return TEXT;
        }

        String described() {
            return switch (this) {
                case TEXT -> "text";
                case NUMBER -> "a number";
                case DATE -> "a date";
                case BOOLEAN -> "true/false";
                case UNKNOWN -> "nothing on the sample contact";
            };
        }
    }

    /** A value that does not fit its field; the message says why. */
    static final class Misfit extends Exception {
        Misfit(String message) {
            super(message, null, false, false);
        }
    }

    private FieldValues() { }

    /** Why a source giving this kind of value cannot go to the field, or null when it can. */
    static String incompatible(Kind kind, Field field) {
        if (kind == Kind.UNKNOWN || field.isText()) {
            return null;
        }
        String type = describeType(field);
        if (field.isNumber()) {
            return kind == Kind.NUMBER ? null : "the source gives " + kind.described() + ", the field is a number field (" + type + ")";
        }
        return switch (field.type()) {
            case "date", "datetime" -> kind == Kind.DATE ? null
                    : "the source gives " + kind.described() + ", the field is a " + field.type() + " field";
            case "boolean" -> kind == Kind.BOOLEAN ? null
                    : "the source gives " + kind.described() + ", the field is a checkbox (boolean)";
            default -> "a mapping cannot write a field of type " + field.type();
        };
    }

    /** The value as it is sent for the field, or a Misfit naming what is wrong with it. */
    static Object fit(Field field, Object value) throws Misfit {
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            throw new Misfit("a list or object cannot go into one field");
        }
        if (field.isNumber()) {
            return number(field, value);
        }
        return switch (field.type()) {
            case "date" -> date(value).toString();
            case "datetime" -> value instanceof LocalDate d ? d.atStartOfDay().atOffset(ZoneOffset.UTC).toString()
                    : dateTime(value);
            case "boolean" -> bool(value);
            default -> {
                if (!field.isText()) {
                    throw new Misfit("a mapping cannot write a field of type " + field.type());
                }
                yield text(field, value);
            }
        };
    }

    private static Object number(Field field, Object value) throws Misfit {
        BigDecimal number;
        try {
            number = value instanceof Number n ? new BigDecimal(n.toString()) : new BigDecimal(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new Misfit("'" + shorten(value.toString()) + "' is not a number; the field is a number field ("
                    + describeType(field) + ")");
        }
        int integerDigits = "int".equals(field.type()) || "long".equals(field.type()) ? field.digits()
                : field.precision() - field.scale();
        if (integerDigits > 0 && number.abs().compareTo(BigDecimal.TEN.pow(integerDigits)) >= 0) {
            throw new Misfit(number.toPlainString() + " does not fit the field (" + describeType(field) + ", at most "
                    + integerDigits + " digits before the decimal point)");
        }
        if (("int".equals(field.type()) || "long".equals(field.type())) && number.stripTrailingZeros().scale() > 0) {
            throw new Misfit(number.toPlainString() + " is not a whole number; the field is " + field.type());
        }
        return value instanceof Number ? value : number;
    }

    private static LocalDate date(Object value) throws Misfit {
        if (value instanceof LocalDate d) {
            return d;
        }
        try {
            return LocalDate.parse(value.toString().strip());
        } catch (DateTimeParseException e) {
            throw new Misfit("'" + shorten(value.toString()) + "' is not a date (yyyy-MM-dd)");
        }
    }

    private static String dateTime(Object value) throws Misfit {
        if (value instanceof TemporalAccessor) {
            return value.toString();
        }
        try {
            return OffsetDateTime.parse(value.toString().strip()).toString();
        } catch (DateTimeParseException e) {
            throw new Misfit("'" + shorten(value.toString()) + "' is not a date and time (ISO 8601 with offset)");
        }
    }

    private static Boolean bool(Object value) throws Misfit {
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().strip();
        if ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)) {
            return Boolean.valueOf(text);
        }
        throw new Misfit("'" + shorten(text) + "' is not true or false; the field is a checkbox");
    }

    private static String text(Field field, Object value) throws Misfit {
        String text = value.toString();
        if (field.length() > 0 && text.length() > field.length()) {
            throw new Misfit("'" + shorten(text) + "' is " + text.length() + " characters long; the field takes at most "
                    + field.length());
        }
        if (field.restrictedPicklist()) {
            String[] chosen = "multipicklist".equals(field.type()) ? text.split(";") : new String[] {text};
            for (String one : chosen) {
                if (!field.picklistValues().contains(one)) {
                    throw new Misfit("'" + shorten(one) + "' is not a value of the restricted picklist; allowed: "
                            + String.join(", ", field.picklistValues()));
                }
            }
        }
        return text;
    }

    static String describeType(Field field) {
        if ("int".equals(field.type()) || "long".equals(field.type())) {
            return field.type() + "(" + field.digits() + ")";
        }
        return field.precision() > 0 ? field.type() + "(" + field.precision() + "," + field.scale() + ")" : field.type();
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "…";
    }
}
