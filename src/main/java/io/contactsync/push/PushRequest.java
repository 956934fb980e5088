package io.contactsync.push;

import java.util.List;

/** {@code POST /api/pushes}: which contacts to push now, and who gets the summary mail. */
public record PushRequest(List<Long> contactIds, String requestedBy, Boolean dryRun) { }
