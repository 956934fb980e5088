package io.contactsync.config;

import org.springframework.core.env.ConfigurableEnvironment;

/** The start checks of {@link StartupSettings}, for tests of settings files outside this package. */
public final class StartupSettingsAccess {

    private StartupSettingsAccess() { }

    public static void checkSalesforce(ConfigurableEnvironment environment) {
        StartupSettings.checkSalesforce(environment);
    }
}
