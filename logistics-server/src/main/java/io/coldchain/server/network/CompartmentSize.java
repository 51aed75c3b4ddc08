package io.coldchain.server.network;

/** Compartment sizes, smallest first: a parcel fits its own size and every larger one. */
public enum CompartmentSize {
    S(15),
    M(35),
    L(70),
    XL(120);

    private final double litres;

    CompartmentSize(double litres) {
        this.litres = litres;
    }

    /** The usable volume. */
    public double litres() {
        return litres;
    }

    /** Whether a compartment of this size takes a parcel sized {@code parcel} (its own size or smaller). */
    public boolean holds(CompartmentSize parcel) {
        return ordinal() >= parcel.ordinal();
    }

    /** The smallest size that holds {@code volume} litres, or null when none does. */
    public static CompartmentSize holding(double volume) {
        for (CompartmentSize size : values()) {
            if (volume <= size.litres + 1e-9) {
                return size;
            }
        }
        return null;
    }
}
