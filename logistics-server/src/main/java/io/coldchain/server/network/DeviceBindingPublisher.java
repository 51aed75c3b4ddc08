package io.coldchain.server.network;

import io.coldchain.gateway.contract.DeviceBinding;
import io.coldchain.gateway.contract.Topics;
import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.mqtt.MqttConnection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the broker's retained {@code config/devices/{id}} messages equal to the registry: publishes
 * a binding after the transaction that changed it commits, clears it (empty retained message) when
 * the device is deleted, and on every (re)connect republishes all bindings and clears retained ones
 * of devices that no longer exist. A publish that fails while the broker is away is made good by
 * that reconciliation on reconnect.
 */
@Component
class DeviceBindingPublisher {

    private static final Logger log = LoggerFactory.getLogger(DeviceBindingPublisher.class);

    private final MqttConnection mqtt;
    private final Topics topics;
    private final DeviceRepository devices;
    private final TransactionTemplate readOnly;
    private final JsonMapper json;

    DeviceBindingPublisher(
            MqttConnection mqtt,
            ColdchainProperties properties,
            DeviceRepository devices,
            TransactionTemplate transactions,
            JsonMapper json) {
        this.mqtt = mqtt;
        this.topics = properties.mqtt().topics();
        this.devices = devices;
        this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
        this.readOnly.setReadOnly(true);
        this.json = json;
        mqtt.onConnected(this::reconcile);
    }

    @TransactionalEventListener
    void onBindingChanged(DeviceBindingChanged event) {
        if (!mqtt.isConnected()) {
            log.warn("Broker away: binding of {} will be published on reconnect", event.deviceId());
            return;
        }
        try {
            if (event.removed()) {
                clear(event.deviceId());
            } else {
                DeviceBinding binding = readOnly.execute(tx -> devices.findById(event.deviceId())
                        .map(Device::toBinding)
                        .orElse(null));
                if (binding == null) {
                    clear(event.deviceId());
                } else {
                    publish(binding);
                }
            }
        } catch (MqttException e) {
            log.warn(
                    "Publishing the binding of {} failed ({}); it is republished on reconnect",
                    event.deviceId(),
                    e.getMessage());
        }
    }

    /** Republishes every binding and clears retained bindings of unknown devices. */
    void reconcile() {
        List<DeviceBinding> bindings = readOnly.execute(
                tx -> devices.findAll().stream().map(Device::toBinding).toList());
        Set<String> known = new HashSet<>();
        bindings.forEach(b -> known.add(b.deviceId()));
        Set<String> retained = ConcurrentHashMap.newKeySet();
        try {
            mqtt.subscribe(topics.allDeviceConfigs(), (topic, payload) -> {
                String deviceId = topics.deviceIdOfConfigTopic(topic);
                if (deviceId != null && payload.length > 0) {
                    retained.add(deviceId);
                }
            });
            for (DeviceBinding binding : bindings) {
                publish(binding);
            }
            // retained messages are delivered right after the subscription; give them a moment
            Thread.sleep(500);
            mqtt.unsubscribe(topics.allDeviceConfigs());
            for (String stale : retained) {
                if (!known.contains(stale) && !devices.existsById(stale)) {
                    clear(stale);
                    log.info("Cleared the retained binding of unknown device {}", stale);
                }
            }
            if (bindings.isEmpty()) {
                log.debug("No device bindings to publish yet"); // before seeding: not news
            } else {
                log.info("Published {} device bindings under {}", bindings.size(), topics.allDeviceConfigs());
            }
        } catch (MqttException e) {
            log.warn("Reconciling device bindings failed ({}); retried on the next reconnect", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void publish(DeviceBinding binding) throws MqttException {
        mqtt.publish(topics.deviceConfig(binding.deviceId()), json.writeValueAsBytes(binding), true);
    }

    private void clear(String deviceId) throws MqttException {
        mqtt.publish(topics.deviceConfig(deviceId), new byte[0], true);
    }
}
