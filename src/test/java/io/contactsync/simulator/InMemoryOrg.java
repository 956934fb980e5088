package io.contactsync.simulator;

/** A Salesforce org of its own for a test: the simulator started on a free port, its state in memory only. */
public final class InMemoryOrg {

    private InMemoryOrg() { }

    public static SalesforceSimulator start() {
        SimulatorSettings settings = new SimulatorSettings();
        settings.setPort(0);
        settings.setStateFile("");
        SalesforceSimulator org = new SalesforceSimulator(settings);
        org.start();
        return org;
    }
}
