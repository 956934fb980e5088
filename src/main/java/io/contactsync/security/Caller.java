package io.contactsync.security;

/** Who called the API: the user name, the email contacts name them by in metBy, and whether they are an admin. */
public record Caller(String name, String email, boolean admin) {

    /** The request attribute that carries the caller from the security filters to the routes. */
    public static final String ATTRIBUTE = Caller.class.getName();
}
