package io.contactsync.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The org kept across restarts: records, recycle bin and the day's API usage in one JSON file, written atomically when changed. */
final class StateFile {

    private static final Logger LOG = LoggerFactory.getLogger(StateFile.class);

    private final SimulatorSettings settings;
    private final OrgStore store;
    private final Usage usage;
    private final AtomicBoolean dirty = new AtomicBoolean();

    StateFile(SimulatorSettings settings, OrgStore store, Usage usage) {
        this.settings = settings;
        this.store = store;
        this.usage = usage;
    }

    boolean enabled() {
        return !settings.getStateFile().isBlank();
    }

    void changed() {
        dirty.set(true);
    }

    /** Reads the file into the store; false when there is none to read. */
    @SuppressWarnings("unchecked")
    boolean load() {
        if (!enabled()) {
            return false;
        }
        Path file = Path.of(settings.getStateFile());
        if (!Files.exists(file)) {
            return false;
        }
        try {
            Map<String, Object> state = Json.MAPPER.readValue(file.toFile(), Map.class);
            store.restore((Map<String, Object>) state.get("org"));
            usage.setApiUsage(((Number) state.getOrDefault("apiUsage", 0)).longValue());
            if (state.get("usageDay") != null) {
                usage.setUsageDay(LocalDate.parse(state.get("usageDay").toString()));
            }
            LOG.info("Salesforce simulator: state restored from {}", file);
            return true;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the simulator state " + file + ": " + e.getMessage(), e);
        }
    }

    void saveIfChanged() {
        if (!enabled() || !dirty.getAndSet(false)) {
            return;
        }
        Path file = Path.of(settings.getStateFile()).toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("org", store.snapshot());
            state.put("apiUsage", usage.apiUsage());
            state.put("usageDay", usage.usageDay().toString());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Json.MAPPER.writeValue(temp.toFile(), state);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            dirty.set(true);
            LOG.warn("Salesforce simulator: state not saved to {}: {}", file, e.getMessage());
        }
    }
}
