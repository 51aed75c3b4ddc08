package io.coldchain.server.dispatch;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;
import java.util.List;

/**
 * A wave to plan: the assigned locker parcels of these stores due on this day.
 *
 * @param timeLimitSeconds how long to optimise; absent: {@code coldchain.dispatch.planning-time-limit}
 */
public record WaveRequest(
        @NotNull LocalDate deliveryDate, @NotEmpty List<String> storeIds, @Min(1) @Max(600) Integer timeLimitSeconds) {}
