package io.contactsync.web;

import java.util.Locale;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * Which message headers of a REST route go out as HTTP response headers: only those that describe
 * the answer. Without it the request's own headers (its Authorization among them), path and query
 * parameters and whatever a route set would be echoed back to the caller.
 */
public class ResponseHeaders extends HttpHeaderFilterStrategy {

    static final Set<String> ANSWER = Set.of("content-type", "content-disposition", "location", "retry-after");

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !ANSWER.contains(headerName.toLowerCase(Locale.ROOT))
                || super.applyFilterToCamelHeaders(headerName, headerValue, exchange);
    }
}
