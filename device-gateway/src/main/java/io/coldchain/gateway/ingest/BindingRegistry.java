package io.coldchain.gateway.ingest;

import io.coldchain.gateway.contract.DeviceBinding;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/** The device registry as learnt from the retained {@code config/devices/+} bindings. */
public final class BindingRegistry {

    private static final Logger log = LoggerFactory.getLogger(BindingRegistry.class);

    private final Map<String, DeviceBinding> bindings = new ConcurrentHashMap<>();
    private final JsonMapper json = JsonMapper.builder().build();

    /** Applies a binding message; an empty payload removes the device. */
    public void apply(String deviceId, byte[] payload) {
        if (payload.length == 0) {
            bindings.remove(deviceId);
            return;
        }
        try {
            DeviceBinding binding = json.readValue(new String(payload, StandardCharsets.UTF_8), DeviceBinding.class);
            if (!binding.deviceId().equals(deviceId)) {
                log.warn("Binding on the topic of {} names device {}: ignored", deviceId, binding.deviceId());
                return;
            }
            bindings.put(deviceId, binding);
        } catch (RuntimeException e) {
            log.warn("Unreadable binding for {}: {}", deviceId, e.getMessage());
        }
    }

    public void put(DeviceBinding binding) {
        bindings.put(binding.deviceId(), binding);
    }

    public Optional<DeviceBinding> get(String deviceId) {
        return Optional.ofNullable(bindings.get(deviceId));
    }

    public int size() {
        return bindings.size();
    }
}
