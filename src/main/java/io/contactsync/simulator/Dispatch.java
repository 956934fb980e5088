package io.contactsync.simulator;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one table of the simulator's resources: method and path template to handler. It answers which
 * handler serves a request and under which endpoint name the call is counted.
 * Templates name path segments in braces ({@code /sobjects/{type}/{id}}); a trailing slash is optional.
 */
final class Dispatch {

    /** OPEN: login and identity; DATA: a REST call under {@code /services/data/vNN.N}; ADMIN: the simulator's own API. */
    enum Kind { OPEN, DATA, ADMIN }

    static final String DATA_PREFIX = "/services/data/v{version}";

    @FunctionalInterface
    interface Handler {
        SimResponse handle(Call call);
    }

    /** A matched request: the path's named segments in template order (the API version not among them). */
    record Call(SimRequest request, Session session, List<String> params) {
        String param(int index) {
            return params.get(index);
        }
    }

    record Route(String method, String template, String endpoint, Kind kind, Pattern pattern, Handler handler) { }

    /**
     * What a path resolved to: the route, or none with the methods the path does take (empty when no
     * route has the path), and the named segments.
     */
    record Match(Route route, String endpoint, Kind kind, Set<String> allowed, String version, List<String> params) {
        boolean found() {
            return route != null;
        }
    }

    private static final Pattern SEGMENT = Pattern.compile("\\{([a-zA-Z]+)}");
    private static final Pattern DATA_PATH = Pattern.compile("^/services/data/v(\\d+\\.\\d)(/.*)?$");

    private final List<Route> routes = new ArrayList<>();

    /** A route for one method, or {@code *} for any. */
    Dispatch add(String method, String template, String endpoint, Kind kind, Handler handler) {
        String full = kind == Kind.DATA ? DATA_PREFIX + template : template;
        StringBuilder regex = new StringBuilder("^");
        Matcher m = SEGMENT.matcher(full);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(full.substring(last, m.start())));
            regex.append("version".equals(m.group(1)) ? "(\\d+\\.\\d)" : "([^/]+)");
            last = m.end();
        }
        regex.append(Pattern.quote(full.substring(last))).append("/*$");
        routes.add(new Route(method, full, endpoint, kind, Pattern.compile(regex.toString()), handler));
        return this;
    }

    Dispatch data(String method, String template, String endpoint, Handler handler) {
        return add(method, template, endpoint, Kind.DATA, handler);
    }

    Match match(String method, String path) {
        Set<String> allowed = new LinkedHashSet<>();
        Route samePath = null;
        Matcher samePathMatcher = null;
        for (Route route : routes) {
            Matcher m = route.pattern().matcher(path);
            if (!m.matches()) {
                continue;
            }
            if (route.method().equals("*") || route.method().equals(method)) {
                return matched(route, route, m, Set.of());
            }
            allowed.add(route.method());
            if (samePath == null) {
                samePath = route;
                samePathMatcher = m;
            }
        }
        if (samePath != null) {
            return matched(null, samePath, samePathMatcher, allowed);
        }
        Matcher data = DATA_PATH.matcher(path);
        if (data.matches()) {
            return new Match(null, "unknown", Kind.DATA, Set.of(), data.group(1), List.of());
        }
        return new Match(null, "unknown", path.startsWith("/__admin") ? Kind.ADMIN : Kind.OPEN, Set.of(), null, List.of());
    }

    private static Match matched(Route route, Route like, Matcher m, Set<String> allowed) {
        List<String> params = new ArrayList<>();
        String version = null;
        for (int i = 1; i <= m.groupCount(); i++) {
            if (i == 1 && like.kind() == Kind.DATA) {
                version = m.group(i);
            } else {
                params.add(m.group(i));
            }
        }
        return new Match(route, like.endpoint(), like.kind(), allowed, version, params);
    }
}
