package io.contactsync.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.config.ContactSyncProperties;
import io.contactsync.config.ContactSyncProperties.Account;
import io.contactsync.config.ContactSyncProperties.Role;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.server.CookieSameSiteSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
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
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Two ways in, one set of rights.
 * <ul>
 * <li><b>API clients</b> send HTTP Basic on every call: requests that carry an {@code Authorization}
 * header go through the {@link #apiClients} chain, stateless and without CSRF tokens (a header a
 * cross-site page cannot make the browser add on its own). Writes must be JSON, and body-less ones
 * need the JSON type or an {@code X-Requested-With} header ({@link JsonBodiesOnly}).</li>
 * <li><b>The browser</b> signs in once on the {@code /login} page (form login, a session cookie) and
 * every other request goes through the {@link #browser} chain: writes need the CSRF token, which the
 * page reads from the {@code XSRF-TOKEN} cookie and sends back as {@code X-XSRF-TOKEN}. An unsigned
 * visit to the page is sent to {@code /login}; the API and the actuator answer 401 in JSON.</li>
 * </ul>
 * Both chains throttle failed sign-ins ({@link SignInThrottle}), share the authentication manager
 * that remembers verified credentials briefly ({@link VerifiedCredentials}) and send the same
 * Content-Security-Policy and Referrer-Policy. Health and info stay open (details for admins only);
 * everything else needs a user. Whether a user may push, and which contacts, the push route decides
 * with the {@link Caller} this configuration hands it.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);

    /** Only this origin's scripts, styles, images and fetches; no inline script, no framing, forms post here only. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

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

    /** bcrypt behind a short-lived memory of verified credentials; failures and successes published for the throttle. */
    @Bean
    AuthenticationManager authenticationManager(UserDetailsService users, PasswordEncoder encoder,
                                                SecuritySettings settings, AuthenticationEventPublisher events) {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(users);
        passwords.setPasswordEncoder(encoder);
        ProviderManager manager = new ProviderManager(new VerifiedCredentials(passwords, settings.credentialCache()));
        manager.setAuthenticationEventPublisher(events);
        return manager;
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiClients(HttpSecurity http, AuthenticationManager manager, ContactSyncProperties properties,
                                   SignInThrottle throttle, ObjectMapper json) throws Exception {
        http.securityMatcher(new RequestHeaderRequestMatcher(HttpHeaders.AUTHORIZATION))
                .authenticationManager(manager)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.realmName("contact-sync")
                        .authenticationEntryPoint((request, response, e) -> refuse(json, request, response, 401,
                                "authentication required")));
        return common(http, properties, throttle, json, BasicAuthenticationFilter.class).build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain browser(HttpSecurity http, AuthenticationManager manager, ContactSyncProperties properties,
                                SignInThrottle throttle, ObjectMapper json) throws Exception {
        CsrfTokenRequestAttributeHandler tokens = new CsrfTokenRequestAttributeHandler();
        // load the token on every request, so that the cookie is there before the first write
        tokens.setCsrfRequestAttributeName(null);
        RequestMatcher apiOrActuator = new OrRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher("/api/**"),
                PathPatternRequestMatcher.withDefaults().matcher("/actuator/**"));
        http.authenticationManager(manager)
                .csrf(csrf -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(tokens))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.loginPage("/login").permitAll()
                        .successHandler((request, response, auth) -> answer(json, response, 200,
                                Map.of("status", 200, "user", auth.getName())))
                        .failureHandler((request, response, e) -> answer(json, response, 401,
                                Map.of("status", 401, "error", "wrong user name or password"))))
                .logout(logout -> logout.logoutSuccessUrl("/login?signed-out").permitAll())
                .exceptionHandling(ex -> ex
                        .defaultAuthenticationEntryPointFor((request, response, e) -> refuse(json, request, response, 401,
                                "authentication required"), apiOrActuator)
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
                                AnyRequestMatcher.INSTANCE));
        return common(http, properties, throttle, json, UsernamePasswordAuthenticationFilter.class).build();
    }

    /** Rights, headers, the throttle before the sign-in filter, and the filters that hand the caller to the routes. */
    private static HttpSecurity common(HttpSecurity http, ContactSyncProperties properties, SignInThrottle throttle,
                                       ObjectMapper json, Class<? extends Filter> signIn) throws Exception {
        return http
                .authorizeHttpRequests(auth -> auth
                        .dispatcherTypeMatchers(DispatcherType.FORWARD, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/login", "/login.html", "/login.js", "/contacts.css").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers("/actuator/**").hasRole(Role.ADMIN.name())
                        .requestMatchers(HttpMethod.POST, "/api/mapping/**").hasRole(Role.ADMIN.name())
                        .requestMatchers(HttpMethod.GET, "/api/salesforce/instance").authenticated()
                        .requestMatchers("/api/salesforce/**", "/oauth/salesforce/**").hasRole(Role.ADMIN.name())
                        .requestMatchers(HttpMethod.PUT, "/api/settings").hasRole(Role.ADMIN.name())
                        .requestMatchers("/api/settings/audit").hasRole(Role.ADMIN.name())
                        .anyRequest().authenticated())
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
                .exceptionHandling(ex -> ex.accessDeniedHandler((request, response, e) -> refuse(json, request, response,
                        403, e instanceof CsrfException ? "the CSRF token is missing or wrong (X-XSRF-TOKEN)"
                                : "this call needs the ADMIN role")))
                .addFilterBefore(new ThrottleFilter(throttle, json), signIn)
                .addFilterAfter(new CallerFilter(properties), AuthorizationFilter.class)
                .addFilterAfter(new JsonBodiesOnly(json), CallerFilter.class);
    }

    /** {@code GET /login} is the static sign-in page. */
    @Bean
    WebMvcConfigurer signInPage() {
        return new WebMvcConfigurer() {
            @Override
            public void addViewControllers(ViewControllerRegistry registry) {
                registry.addViewController("/login").setViewName("forward:/login.html");
            }
        };
    }

    /** The session cookie is not sent along with cross-site requests (the CSRF token stays the real guard). */
    @Bean
    CookieSameSiteSupplier sessionCookieSameSite() {
        return CookieSameSiteSupplier.ofLax().whenHasName("JSESSIONID");
    }

    /**
     * Answers an error in the API's JSON. A 401 invites HTTP Basic, except for the page's own calls
     * (X-Requested-With), where the browser's password prompt would stand in for the sign-in page.
     */
    private static void refuse(ObjectMapper json, HttpServletRequest request, HttpServletResponse response, int status,
                               String error) throws IOException {
        if (status == 401 && request.getHeader("X-Requested-With") == null) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"contact-sync\"");
        }
        answer(json, response, status, Map.of("status", status, "error", error));
    }

    private static void answer(ObjectMapper json, HttpServletResponse response, int status, Map<String, Object> body)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        json.writeValue(response.getOutputStream(), body);
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
                file.toAbsolutePath().normalize());
        return password;
    }

    /**
     * Writes to the API take JSON only (415 otherwise): a cross-site HTML form cannot send
     * application/json, so a browser holding the user's credentials cannot be made to post. A write
     * without a body (test mapping) needs the JSON type too, or a header a plain cross-site request
     * cannot carry ({@code X-Requested-With}, or the page's {@code X-XSRF-TOKEN}). The one exception, a file
     * upload to {@code POST /api/contacts/import}, is multipart/form-data and needs that header as well.
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
            boolean jsonType = type != null && MediaType.APPLICATION_JSON.isCompatibleWith(MediaType.parseMediaType(type));
            boolean customHeader = request.getHeader("X-Requested-With") != null || request.getHeader("X-XSRF-TOKEN") != null;
            // a file upload (Import on the page) is multipart, which a cross-site form can send: it needs the header too
            boolean upload = customHeader && type != null && "/api/contacts/import".equals(request.getRequestURI())
                    && MediaType.MULTIPART_FORM_DATA.isCompatibleWith(MediaType.parseMediaType(type));
            if (write && request.getRequestURI().startsWith("/api/") && !jsonType && !upload && (body || !customHeader)) {
                refuse(json, request, response, 415, body
                        ? "the API takes application/json, not " + (type == null ? "an untyped body" : type)
                        : "a call without a body needs Content-Type: application/json or an X-Requested-With header");
                return;
            }
            chain.doFilter(request, response);
        }
    }

    /** Refuses a sign-in (HTTP Basic or the form) while its user name or client address is throttled: 429. */
    static final class ThrottleFilter extends OncePerRequestFilter {

        private static final String BASIC = "Basic ";

        private final SignInThrottle throttle;
        private final ObjectMapper json;

        ThrottleFilter(SignInThrottle throttle, ObjectMapper json) {
            this.throttle = throttle;
            this.json = json;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
            boolean basic = authorization != null && authorization.regionMatches(true, 0, BASIC, 0, BASIC.length());
            boolean form = "POST".equals(request.getMethod()) && "/login".equals(request.getServletPath());
            if (basic || form) {
                String username = basic ? basicUser(authorization.substring(BASIC.length())) : request.getParameter("username");
                Optional<Duration> refused = throttle.refusedFor(username, request.getRemoteAddr());
                if (refused.isPresent()) {
                    long seconds = Math.max(1, (refused.get().toMillis() + 999) / 1000);
                    response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
                    answer(json, response, 429, Map.of("status", 429,
                            "error", "too many failed sign-ins, try again in " + seconds + " s"));
                    return;
                }
            }
            chain.doFilter(request, response);
        }

        private static String basicUser(String token) {
            try {
                String decoded = new String(Base64.getDecoder().decode(token.strip()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? null : decoded.substring(0, colon);
            } catch (IllegalArgumentException e) {
                return null;
            }
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
