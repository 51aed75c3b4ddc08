package io.coldchain.server.custody;

import java.sql.Timestamp;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records hand-offs in the caller's transaction: the event, the end of the parcel's previous stay
 * and the start of its next, then tells listeners ({@link ParcelsHandedOver}, synchronously, same
 * transaction). Nothing else writes custody.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class CustodyLog {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    CustodyLog(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    public void record(List<Handoff> handoffs) {
        if (handoffs.isEmpty()) {
            return;
        }
        for (Handoff h : handoffs) {
            jdbc.sql(
                            """
                            insert into custody_event (parcel_id, order_id, type, asset_id, compartment, holder, at, reference)
                            values (?, ?, ?, ?, ?, ?, ?, ?)
                            """)
                    .params(
                            h.parcelId(),
                            h.orderId(),
                            h.type().name(),
                            h.assetId(),
                            h.compartment(),
                            h.holder(),
                            Timestamp.from(h.at()),
                            h.reference())
                    .update();
            jdbc.sql("update parcel_stay set to_at = ? where parcel_id = ? and to_at is null")
                    .params(Timestamp.from(h.at()), h.parcelId())
                    .update();
            if (h.assetId() != null && !h.type().terminal()) {
                jdbc.sql(
                                """
                                insert into parcel_stay (parcel_id, order_id, asset_id, compartment, from_at, from_type)
                                values (?, ?, ?, ?, ?, ?)
                                """)
                        .params(
                                h.parcelId(),
                                h.orderId(),
                                h.assetId(),
                                h.compartment(),
                                Timestamp.from(h.at()),
                                h.type().name())
                        .update();
            }
        }
        events.publishEvent(new ParcelsHandedOver(List.copyOf(handoffs)));
    }
}
