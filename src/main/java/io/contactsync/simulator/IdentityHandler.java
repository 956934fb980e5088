package io.contactsync.simulator;

import io.contactsync.simulator.Dispatch.Call;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code /services/oauth2/userinfo} and the identity URL {@code /id/{org}/{user}}: who the token belongs to. */
final class IdentityHandler {

    private final OrgStore store;
    private final Supplier<String> instanceUrl;

    IdentityHandler(OrgStore store, Supplier<String> instanceUrl) {
        this.store = store;
        this.instanceUrl = instanceUrl;
    }

    SimResponse identity(Call call) {
        if (call.session() == null) {
            return SimResponse.json(401, List.of(Map.of("message", "Session expired or invalid", "errorCode", "INVALID_SESSION_ID")));
        }
        String userId = call.session().userId();
        Map<String, Object> user = store.get(userId);
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("sub", instanceUrl.get() + "/id/" + OAuthHandler.ORG_ID + "/" + userId);
        identity.put("user_id", userId);
        identity.put("organization_id", OAuthHandler.ORG_ID);
        identity.put("preferred_username", user.get("Username"));
        identity.put("nickname", user.get("Alias"));
        identity.put("name", user.get("Name"));
        identity.put("email", user.get("Email"));
        identity.put("email_verified", true);
        identity.put("given_name", user.get("FirstName"));
        identity.put("family_name", user.get("LastName"));
        identity.put("zoneinfo", "Europe/Berlin");
        identity.put("active", user.get("IsActive"));
        identity.put("user_type", "STANDARD");
        identity.put("language", "en_US");
        identity.put("locale", "en_US");
        identity.put("utcOffset", 3600000);
        identity.put("updated_at", user.get("LastModifiedDate"));
        return SimResponse.json(200, identity);
    }
}
