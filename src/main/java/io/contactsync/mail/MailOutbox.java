package io.contactsync.mail;

import io.contactsync.security.Caller;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** Mails waiting to go out (and those sent), kept in PostgreSQL so that none is lost while SMTP is away. */
@Component("mailOutbox")
public class MailOutbox {

    public record Mail(long id, String kind, String recipient, String subject, String body, OffsetDateTime createdAt,
                       OffsetDateTime sentAt, int attempts, String lastError) { }

    private final NamedParameterJdbcTemplate jdbc;

    public MailOutbox(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public long add(String kind, String recipient, String subject, String body) {
        return jdbc.queryForObject("""
                insert into mail_outbox (kind, recipient, subject, body) values (:kind, :recipient, :subject, :body)
                returning id""", new MapSqlParameterSource().addValue("kind", kind).addValue("recipient", recipient)
                .addValue("subject", subject).addValue("body", body), Long.class);
    }

    public List<Mail> newest(int limit) {
        return jdbc.query("select * from mail_outbox order by id desc limit :limit", Map.of("limit", limit), this::mail);
    }

    /**
     * What {@code caller} may read: admins every mail; a user the summaries of the pushes they requested.
     * A push's summary goes to its requestedBy address, so a user's pushes are those whose requestedBy
     * is the user's configured email (contactsync.security.users.&lt;name&gt;.email, compared regardless of
     * case); a user without an email sees none.
     */
    public List<Mail> newestFor(Caller caller, int limit) {
        if (caller.admin()) {
            return newest(limit);
        }
        if (caller.email() == null || caller.email().isBlank()) {
            return List.of();
        }
        return jdbc.query("""
                select * from mail_outbox where kind = 'push-summary' and lower(recipient) = lower(:email)
                order by id desc limit :limit""",
                new MapSqlParameterSource().addValue("email", caller.email().strip()).addValue("limit", limit), this::mail);
    }

    /** Unsent mails, oldest first, locked so that two instances never send the same one. */
    public List<Mail> unsent(int limit) {
        return jdbc.query("select * from mail_outbox where sent_at is null order by id limit :limit for update skip locked",
                Map.of("limit", limit), this::mail);
    }

    public void sent(long id) {
        jdbc.update("update mail_outbox set sent_at = now(), attempts = attempts + 1, last_error = null where id = :id",
                Map.of("id", id));
    }

    public void failed(long id, String error) {
        jdbc.update("update mail_outbox set attempts = attempts + 1, last_error = :error where id = :id",
                new MapSqlParameterSource().addValue("id", id).addValue("error", error));
    }

    private Mail mail(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Mail(rs.getLong("id"), rs.getString("kind"), rs.getString("recipient"), rs.getString("subject"),
                rs.getString("body"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("sent_at", OffsetDateTime.class), rs.getInt("attempts"), rs.getString("last_error"));
    }
}
