package io.coldchain.server.quality;

import io.coldchain.gateway.contract.AlertType;
import io.coldchain.gateway.contract.TemperatureZone;
import io.coldchain.server.ColdchainProperties;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Which alerts hold the orders they touch, by zone and alert type ({@code coldchain.quality.hold-rules}). */
@Component
class HoldPolicy {

    private final Map<TemperatureZone, Set<AlertType>> rules = new EnumMap<>(TemperatureZone.class);

    HoldPolicy(ColdchainProperties properties) {
        for (String rule : properties.quality().holdRules()) {
            String[] parts = rule.trim().split(":");
            if (parts.length != 2) {
                throw new IllegalStateException(
                        "coldchain.quality.hold-rules entries are ZONE:TYPE, not '" + rule + "'");
            }
            rules.computeIfAbsent(TemperatureZone.valueOf(parts[0].trim()), z -> EnumSet.noneOf(AlertType.class))
                    .add(AlertType.valueOf(parts[1].trim()));
        }
    }

    boolean holds(TemperatureZone zone, AlertType type) {
        return zone != null && rules.getOrDefault(zone, Set.of()).contains(type);
    }
}
