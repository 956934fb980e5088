package io.contactsync.simulator;

import java.time.Instant;

/** A logged-in user: the access token's owner and when the token stops working. */
record Session(String userId, Instant expiresAt) { }
