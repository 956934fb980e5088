package io.contactsync.security;

import io.contactsync.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.stereotype.Component;

/**
 * The caller of a REST route. The platform-http consumer runs the route on its own thread, where
 * Spring Security's thread-bound context is absent, so the caller travels as a request attribute.
 */
@Component("callers")
public class Callers {

    public Caller of(Exchange exchange) {
        HttpServletRequest request = exchange.getIn() instanceof PlatformHttpMessage message ? message.getRequest()
                : exchange.getIn().getHeader(Exchange.HTTP_SERVLET_REQUEST, HttpServletRequest.class);
        Object caller = request == null ? null : request.getAttribute(Caller.ATTRIBUTE);
        if (caller instanceof Caller known) {
            return known;
        }
        throw new ApiException(401, null, "authentication required");
    }
}
