package io.coldchain.server.quality;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Resolving an alert: a comment, and what happens to every order it touched. */
public record ResolveRequest(@Size(max = 2000) String comment, @NotNull @Valid List<Disposition> dispositions) {

    /** What quality decides for one order. */
    public enum Action {
        /** Back to the state it was in before the hold. */
        RELEASE,
        /** Thrown away; the store sends the goods again. */
        DISCARD,
        /** Back to the store (the next route to the bank collects it); the store sends the goods again. */
        RETURN_TO_STORE
    }

    public record Disposition(@NotNull Long orderId, @NotNull Action action) {}
}
