package io.contactsync.simulator;

import io.contactsync.simulator.Dispatch.Call;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Who the token belongs to: {@code /services/oauth2/userinfo} in the OpenID Connect shape, and the
 * identity URL {@code /id/{org}/{user}} in the identity service's shape (id, asserted_user, user_id,
 * organization_id, username, display_name, email, urls, active, user_type, language, locale,
 * utcOffset, last_modified_date), for the token's own user only (403 Bad_Id otherwise).
 */
final class IdentityHandler {

    private final OrgStore store;
    private final Supplier<String> instanceUrl;

    IdentityHandler(OrgStore store, Supplier<String> instanceUrl) {
        this.store = store;
        this.instanceUrl = instanceUrl;
    }

    SimResponse identityUrl(Call call) {
        if (call.session() == null) {
            return SimResponse.json(401, List.of(Map.of("message", "Session expired or invalid", "errorCode", "INVALID_SESSION_ID")));
        }
        String userId = call.session().userId();
        if (!OAuthHandler.ORG_ID.equals(SalesforceIds.normalize(call.param(0)))
                || !userId.equals(SalesforceIds.normalize(call.param(1)))) {
            return SimResponse.text(403, "Bad_Id");
        }
        Map<String, Object> user = store.get(userId);
        String base = instanceUrl.get();
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("id", base + "/id/" + OAuthHandler.ORG_ID + "/" + userId);
        identity.put("asserted_user", true);
        identity.put("user_id", userId);
        identity.put("organization_id", OAuthHandler.ORG_ID);
        identity.put("username", user.get("Username"));
        identity.put("nick_name", user.get("Alias"));
        identity.put("display_name", user.get("Name"));
        identity.put("email", user.get("Email"));
        identity.put("email_verified", true);
        identity.put("first_name", user.get("FirstName"));
        identity.put("last_name", user.get("LastName"));
        identity.put("timezone", "Europe/Berlin");
        identity.put("photos", Map.of("picture", base + "/profilephoto/005/F", "thumbnail", base + "/profilephoto/005/T"));
        Map<String, Object> urls = new LinkedHashMap<>();
        urls.put("enterprise", base + "/services/Soap/c/{version}/" + OAuthHandler.ORG_ID.substring(0, 15));
        urls.put("metadata", base + "/services/Soap/m/{version}/" + OAuthHandler.ORG_ID.substring(0, 15));
        urls.put("partner", base + "/services/Soap/u/{version}/" + OAuthHandler.ORG_ID.substring(0, 15));
        urls.put("rest", base + "/services/data/v{version}/");
        urls.put("sobjects", base + "/services/data/v{version}/sobjects/");
        urls.put("search", base + "/services/data/v{version}/search/");
        urls.put("query", base + "/services/data/v{version}/query/");
        urls.put("recent", base + "/services/data/v{version}/recent/");
        urls.put("profile", base + "/" + userId);
        urls.put("users", base + "/services/data/v{version}/chatter/users");
        urls.put("custom_domain", base);
        identity.put("urls", urls);
        identity.put("active", user.get("IsActive"));
        identity.put("user_type", "STANDARD");
        identity.put("language", "en_US");
        identity.put("locale", "en_US");
        identity.put("utcOffset", 3600000);
        identity.put("last_modified_date", user.get("LastModifiedDate"));
        identity.put("is_app_installed", true);
        return SimResponse.json(200, identity);
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
