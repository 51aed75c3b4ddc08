package io.coldchain.server.custody;

import java.util.List;

/**
 * Published (in the transaction that records them) after hand-offs are recorded: listeners such as
 * quality see each parcel enter or leave an asset as it happens.
 */
public record ParcelsHandedOver(List<Handoff> handoffs) {}
