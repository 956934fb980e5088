package io.contactsync.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** A test class with a simulated org of its own: the simulator on a free port, in memory, for all its tests. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InMemoryOrgTest {

    protected SalesforceSimulator simulator;

    @BeforeAll
    void startOrg() {
        simulator = InMemoryOrg.start();
    }

    @AfterAll
    void stopOrg() {
        simulator.stop();
    }
}
