package io.contactsync.salesforce;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.Limits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What the service knows of the org between calls: the daily API usage Salesforce reports in
 * {@code Sforce-Limit-Info} on every answer, and whether logging in fails. Automatic sync pauses
 * when the usage reaches the configured share of the allowance or the login fails, and resumes
 * when a later answer says otherwise.
 */
@Component("salesforceStatus")
public class SalesforceStatus {

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceStatus.class);
    private static final String NOT_CONNECTED = "Salesforce is not connected: an admin connects the org "
            + "(POST /api/salesforce/connect), or set its credentials in the environment";
    private static final Pattern USAGE = Pattern.compile("api-usage=(\\d+)/(\\d+)");
    /** Salesforce's error code in the body of a raw call's error, e.g. {@code [{"errorCode":"REQUEST_LIMIT_EXCEEDED"}]}. */
    private static final Pattern RAW_ERROR_CODE = Pattern.compile("\"(?:errorCode|statusCode)\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final Pattern LOGIN_ERROR = Pattern.compile("Login error (?:code|status):\\[([^]]*)] (?:description|reason):\\[([^]]*)]");

    private final double pauseAt;
    private volatile long used;
    private volatile long max;
    private volatile String loginFailure;
    private volatile boolean paused;
    /** Salesforce refused a call for the allowance: until an answer reports usage again, it is used up. */
    private volatile boolean exhausted;

    private volatile OrgLogin orgLogin;

    public SalesforceStatus(@Value("${contactsync.sync.pause-at-api-usage:0.9}") double pauseAt) {
        this.pauseAt = pauseAt;
    }

    /** Org mode without credentials: nothing is sent (no call could log in) until an admin connects the org. */
    @Autowired(required = false)
    void orgLogin(OrgLogin orgLogin) {
        this.orgLogin = orgLogin;
    }

    private boolean awaitingConnect() {
        return orgLogin != null && orgLogin.awaitingConnect();
    }

    /** Whether a call to Salesforce could log in at all (false in org mode until an admin connects). */
    public boolean connected() {
        return !awaitingConnect();
    }

    /** Reads {@code api-usage=N/M} from a Salesforce answer's header; a successful answer also proves the login. */
    public void observe(String limitInfo) {
        if (limitInfo == null) {
            return;
        }
        Matcher m = USAGE.matcher(limitInfo);
        if (m.find()) {
            usage(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
        }
    }

    public void observeLimits(Limits limits) {
        Limits.Usage daily = limits.getDailyApiRequests();
        usage(daily.getMax() - daily.getRemaining(), daily.getMax());
    }

    /** An answer from Salesforce: the usage it reports, and proof that the login works. */
    private void usage(long reportedUsed, long reportedMax) {
        used = reportedUsed;
        max = reportedMax;
        exhausted = used >= max;
        loginSucceeded();
    }

    /** A refused call that says the daily allowance is used up (403 REQUEST_LIMIT_EXCEEDED). */
    public void observeFailure(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof SalesforceException sf && "REQUEST_LIMIT_EXCEEDED".equals(errorCode(sf))) {
                exhausted = true;
                return;
            }
        }
    }

    /** False while the login fails or the usage is at or above the pause share: automatic sync waits. */
    public synchronized boolean automaticSyncAllowed() {
        String reason = awaitingConnect() ? NOT_CONNECTED
                : loginFailure != null ? "Salesforce login fails (" + loginFailure + ")"
                : exhausted ? "Salesforce refuses calls: the daily API allowance is used up"
                : max > 0 && used >= pauseAt * max ? "Salesforce API usage " + used + "/" + max + " reached "
                + Math.round(pauseAt * 100) + "% of the daily allowance (contactsync.sync.pause-at-api-usage)" : null;
        if (reason != null && !paused) {
            LOG.warn("Automatic sync paused: {}", reason);
        } else if (reason == null && paused) {
            LOG.info("Automatic sync resumed: Salesforce API usage {}/{}", used, max);
        }
        paused = reason != null;
        return !paused;
    }

    /** Why a manual push cannot run now, or null: the allowance is used up or the login fails. */
    public String pushRefusal() {
        if (awaitingConnect()) {
            return NOT_CONNECTED + "; pushes wait until then";
        }
        if (loginFailure != null) {
            return "Salesforce login fails (" + loginFailure + "); pushes wait until it works again"
                    + (orgLogin != null && orgLogin.source() == OrgLogin.Source.STORED
                    ? " (an admin reconnects Salesforce on the Salesforce page)" : "");
        }
        if (exhausted) {
            return "Salesforce's daily API allowance is used up" + (max > 0 ? " (" + used + "/" + max + ")" : "")
                    + "; push again when it allows";
        }
        return null;
    }

    /**
     * Records a failed login when the exception is one; answers true only when this starts a
     * failure (so that the admins get one mail, not one per chunk).
     */
    public synchronized boolean loginFailed(Throwable exception) {
        String reason = loginError(exception);
        if (reason == null) {
            return false;
        }
        boolean first = loginFailure == null;
        loginFailure = reason;
        if (first) {
            LOG.error("Salesforce login fails: {}", reason);
        }
        return first;
    }

    public boolean isLoginError(Throwable exception) {
        return loginError(exception) != null;
    }

    private synchronized void loginSucceeded() {
        if (loginFailure != null) {
            LOG.info("Salesforce login works again");
            loginFailure = null;
        }
    }

    /**
     * An admin connected the org anew: the failure of the old connection is over (the next login uses the
     * new one; should it fail too, that is a new failure, with its own mail).
     */
    synchronized void connectedAgain() {
        if (loginFailure != null) {
            LOG.info("Salesforce connected again; the failed login ({}) is over", loginFailure);
            loginFailure = null;
        }
    }

    public String loginFailure() { return loginFailure; }
    public long used() { return used; }
    public long max() { return max; }

    /**
     * The Salesforce error code of a failed call: parsed by camel-salesforce, or read from the answer a
     * raw call carries in its message (sObject Collections go through {@code salesforce:raw}); else null.
     */
    public static String errorCode(SalesforceException sf) {
        if (sf.getErrors() != null && !sf.getErrors().isEmpty() && sf.getErrors().get(0).getErrorCode() != null) {
            return sf.getErrors().get(0).getErrorCode();
        }
        Matcher m = sf.getMessage() == null ? null : RAW_ERROR_CODE.matcher(sf.getMessage());
        return m != null && m.find() ? m.group(1) : null;
    }

    /** {@code code: description} of a camel-salesforce login error anywhere in the cause chain, else null. */
    static String loginError(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof SalesforceException && t.getMessage() != null) {
                Matcher m = LOGIN_ERROR.matcher(t.getMessage());
                if (m.find()) {
                    return m.group(1) + ": " + m.group(2);
                }
            }
        }
        return null;
    }
}
