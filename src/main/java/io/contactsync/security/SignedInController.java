package io.contactsync.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/me}: who is signed in, for the page: the name it shows, the email it fills in as the
 * requester of a push, and whether to offer the admins' pages. Never a password or a session id.
 */
@RestController
public class SignedInController {

    @GetMapping(path = "/api/me", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> me(HttpServletRequest request) {
        // the CallerFilter put the caller there: the API refuses an anonymous call before this runs
        Caller caller = (Caller) request.getAttribute(Caller.ATTRIBUTE);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("name", caller.name());
        answer.put("email", caller.email());
        answer.put("role", caller.admin() ? "ADMIN" : "USER");
        return answer;
    }
}
