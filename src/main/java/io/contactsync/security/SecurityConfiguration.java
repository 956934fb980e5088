package io.contactsync.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.config.ContactSyncProperties;
import io.contactsync.config.ContactSyncProperties.Account;
import io.contactsync.config.ContactSyncProperties.Role;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HTTP Basic for the API, the page and the actuator. Health and info stay open (details for admins
 * only); everything else needs a user. Whether a user may push, and which contacts, the push route
 * decides with the {@link Caller} this configuration hands it.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService users(ContactSyncProperties properties, PasswordEncoder encoder) throws IOException {
        Map<String, Account> accounts = new LinkedHashMap<>(properties.security().users());
        if (accounts.isEmpty()) {
            accounts.put("admin", new Account(generatedPassword(Path.of(properties.security().generatedPasswordFile())),
                    Role.ADMIN, null));
        }
        List<UserDetails> users = accounts.entrySet().stream().map(entry -> {
            Account account = entry.getValue();
            if (account.password() == null || account.password().isBlank()) {
                throw new IllegalStateException("contactsync.security.users." + entry.getKey() + ".password is not set");
            }
            String password = account.password().startsWith("{") ? account.password() : encoder.encode(account.password());
            return User.withUsername(entry.getKey()).password(password).roles(account.role().name()).build();
        }).toList();
        return new InMemoryUserDetailsManager(users);
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, ContactSyncProperties properties, ObjectMapper json) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers("/actuator/**").hasRole(Role.ADMIN.name())
                        .requestMatchers(HttpMethod.POST, "/api/mapping/**").hasRole(Role.ADMIN.name())
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.realmName("contact-sync")
                        .authenticationEntryPoint((request, response, e) -> refuse(json, response, 401, "authentication required")))
                .exceptionHandling(ex -> ex.accessDeniedHandler((request, response, e) ->
                        refuse(json, response, 403, "this call needs the ADMIN role")))
                .addFilterAfter(new CallerFilter(properties), AuthorizationFilter.class)
                .addFilterAfter(new JsonBodiesOnly(json), CallerFilter.class);
        return http.build();
    }

    private static void refuse(ObjectMapper json, HttpServletResponse response, int status, String error) throws IOException {
        response.setStatus(status);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"contact-sync\"");
        }
        response.setContentType("application/json");
        json.writeValue(response.getOutputStream(), Map.of("status", status, "error", error));
    }

    /** A password for the generated admin, kept in a file readable by its owner only (never logged). */
    private static String generatedPassword(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file).strip();
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, password + "\n");
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            LOG.debug("no POSIX permissions on {}", file);
        }
        LOG.warn("No users configured (contactsync.security.users): user 'admin' was created, its password is in {}",
                file.toAbsolutePath());
        return password;
    }

    /**
     * Writes to the API with a body take JSON only (415 otherwise): a cross-site HTML form cannot send
     * application/json, so a browser holding the user's Basic credentials cannot be made to post.
     */
    static final class JsonBodiesOnly extends OncePerRequestFilter {

        private final ObjectMapper json;

        JsonBodiesOnly(ObjectMapper json) {
            this.json = json;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String type = request.getContentType();
            boolean write = "POST".equals(request.getMethod()) || "PUT".equals(request.getMethod())
                    || "PATCH".equals(request.getMethod());
            boolean body = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
            if (write && body && request.getRequestURI().startsWith("/api/")
                    && (type == null || !MediaType.APPLICATION_JSON.isCompatibleWith(MediaType.parseMediaType(type)))) {
                refuse(json, response, 415, "the API takes application/json, not " + (type == null ? "an untyped body" : type));
                return;
            }
            chain.doFilter(request, response);
        }
    }

    /** Puts the authenticated caller on the request, where the REST routes find it on any thread. */
    static final class CallerFilter extends OncePerRequestFilter {

        private final ContactSyncProperties properties;

        CallerFilter(ContactSyncProperties properties) {
            this.properties = properties;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            if (auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken)) {
                Account account = properties.security().users().get(auth.getName());
                boolean admin = auth.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_ADMIN"));
                request.setAttribute(Caller.ATTRIBUTE, new Caller(auth.getName(), account == null ? null : account.email(), admin));
            }
            chain.doFilter(request, response);
        }
    }
}
