package io.coldchain.server.network;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.DayOfWeek;
import java.time.LocalTime;

/** One opening interval on a day of the week. */
@Embeddable
public record OpeningHours(
        @NotNull @Enumerated(EnumType.STRING) @Column(name = "day_of_week") DayOfWeek day,
        @NotNull LocalTime opens,
        @NotNull LocalTime closes) {

    @AssertTrue(message = "opens must be before closes")
    boolean isOrdered() {
        return opens == null || closes == null || opens.isBefore(closes);
    }
}
