package io.contactsync.mapping;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.support.ExpressionAdapter;

/**
 * A mapping source of the form {@code ${body.property}} read straight from the body's accessor. Camel's
 * Simple evaluates such an OGNL path by building a bean expression on every call (reflection, bean-info
 * lookups), which was most of the service's own CPU per contact; the accessor is looked up once per body
 * class here. Any other body (no such public accessor, or none at all) goes to the Simple expression, so
 * the value is the same either way.
 */
final class BodyProperty extends ExpressionAdapter {

    private static final Pattern FORM = Pattern.compile("^\\$\\{body\\.([A-Za-z][A-Za-z0-9_]*)}$");
    private static final Map<Class<?>, Map<String, Optional<Method>>> ACCESSORS = new ConcurrentHashMap<>();

    private final String property;
    private final Expression simple;

    private BodyProperty(String property, Expression simple) {
        this.property = property;
        this.simple = simple;
    }

    /** The fast form of {@code simple} when its text is a plain {@code ${body.property}}, else {@code simple} itself. */
    static Expression of(String text, Expression simple) {
        Matcher m = FORM.matcher(text.strip());
        return m.matches() ? new BodyProperty(m.group(1), simple) : simple;
    }

    @Override
    public Object evaluate(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        Method accessor = body == null ? null : accessor(body.getClass(), property);
        if (accessor == null) {
            return simple.evaluate(exchange, Object.class);
        }
        try {
            return accessor.invoke(body);
        } catch (ReflectiveOperationException e) {
            return simple.evaluate(exchange, Object.class);
        }
    }

    private static Method accessor(Class<?> type, String property) {
        return ACCESSORS.computeIfAbsent(type, t -> new ConcurrentHashMap<>())
                .computeIfAbsent(property, p -> find(type, p)).orElse(null);
    }

    private static Optional<Method> find(Class<?> type, String property) {
        if (!Modifier.isPublic(type.getModifiers())) {
            return Optional.empty();
        }
        String capital = Character.toUpperCase(property.charAt(0)) + property.substring(1);
        for (String name : new String[] {property, "get" + capital, "is" + capital}) {
            try {
                Method method = type.getMethod(name);
                if (method.getReturnType() != void.class) {
                    return Optional.of(method);
                }
            } catch (NoSuchMethodException e) {
                // try the next form
            }
        }
        return Optional.empty();
    }
}
