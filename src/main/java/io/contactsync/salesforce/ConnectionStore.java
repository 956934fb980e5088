package io.contactsync.salesforce;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The connected org (one row, refresh token encrypted) and the connects under way (state → PKCE verifier). */
@Component
public class ConnectionStore {

    /** Time from "connect" to the callback: the sign-in at Salesforce, with time to spare. */
    static final Duration ATTEMPT_LIFETIME = Duration.ofMinutes(10);

    public record Connection(String loginUrl, String instanceUrl, String orgId, String userId, String username,
                             String refreshToken, Instant connectedAt, String connectedBy) { }

    public record Attempt(String state, String codeVerifier, String loginUrl, String redirectUri, String startedBy) { }

    private final NamedParameterJdbcTemplate jdbc;
    private final SecretBox secrets;

    public ConnectionStore(NamedParameterJdbcTemplate jdbc, SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    public Optional<Connection> find() {
        List<Connection> rows = jdbc.query("select * from salesforce_connection where id = 1", Map.of(), (rs, n) ->
                new Connection(rs.getString("login_url"), rs.getString("instance_url"), rs.getString("org_id"),
                        rs.getString("user_id"), rs.getString("username"), secrets.decrypt(rs.getString("refresh_token_enc")),
                        rs.getTimestamp("connected_at").toInstant(), rs.getString("connected_by")));
        return rows.stream().findFirst();
    }

    @Transactional
    public void save(Connection c) {
        jdbc.update("delete from salesforce_connection", Map.of());
        jdbc.update("""
                insert into salesforce_connection (id, login_url, instance_url, org_id, user_id, username, refresh_token_enc,
                    connected_at, connected_by)
                values (1, :loginUrl, :instanceUrl, :orgId, :userId, :username, :token, :connectedAt, :connectedBy)""",
                new org.springframework.jdbc.core.namedparam.MapSqlParameterSource()
                        .addValue("loginUrl", c.loginUrl()).addValue("instanceUrl", c.instanceUrl())
                        .addValue("orgId", c.orgId()).addValue("userId", c.userId()).addValue("username", c.username())
                        .addValue("token", secrets.encrypt(c.refreshToken()))
                        .addValue("connectedAt", Timestamp.from(c.connectedAt())).addValue("connectedBy", c.connectedBy()));
    }

    /** Keeps the refresh token the token endpoint rotated to, when the stored one is still the one it replaced. */
    public boolean replaceRefreshToken(String previous, String next) {
        Optional<Connection> current = find();
        if (current.isEmpty() || !current.get().refreshToken().equals(previous)) {
            return false;
        }
        return jdbc.update("update salesforce_connection set refresh_token_enc = :token, token_rotated_at = now() where id = 1",
                Map.of("token", secrets.encrypt(next))) == 1;
    }

    public void delete() {
        jdbc.update("delete from salesforce_connection", Map.of());
    }

    public void startAttempt(Attempt a) {
        jdbc.update("delete from salesforce_connect_attempt where started_at < :before",
                Map.of("before", Timestamp.from(Instant.now().minus(ATTEMPT_LIFETIME))));
        jdbc.update("""
                insert into salesforce_connect_attempt (state, code_verifier_enc, login_url, redirect_uri, started_by)
                values (:state, :verifier, :loginUrl, :redirectUri, :startedBy)""",
                Map.of("state", a.state(), "verifier", secrets.encrypt(a.codeVerifier()), "loginUrl", a.loginUrl(),
                        "redirectUri", a.redirectUri(), "startedBy", a.startedBy()));
    }

    /** The attempt with this state, removed (a state works once), or empty when unknown or too old. */
    public Optional<Attempt> takeAttempt(String state) {
        List<Attempt> rows = jdbc.query("""
                delete from salesforce_connect_attempt where state = :state
                returning state, code_verifier_enc, login_url, redirect_uri, started_by, started_at""",
                Map.of("state", state == null ? "" : state), (rs, n) ->
                        rs.getTimestamp("started_at").toInstant().isBefore(Instant.now().minus(ATTEMPT_LIFETIME)) ? null
                                : new Attempt(rs.getString("state"), secrets.decrypt(rs.getString("code_verifier_enc")),
                                        rs.getString("login_url"), rs.getString("redirect_uri"), rs.getString("started_by")));
        return rows.stream().filter(java.util.Objects::nonNull).findFirst();
    }
}
