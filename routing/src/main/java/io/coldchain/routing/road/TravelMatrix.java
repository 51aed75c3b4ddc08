package io.coldchain.routing.road;

import io.coldchain.routing.vrp.TravelCosts;

/**
 * Road travel times (seconds) and distances (metres) from every source to every target, along the
 * fastest path. When sources and targets are the same list it serves as the solver's {@link
 * TravelCosts}.
 */
public record TravelMatrix(double[][] seconds, double[][] metres) implements TravelCosts {

    public int sources() {
        return seconds.length;
    }

    public int targets() {
        return seconds.length == 0 ? 0 : seconds[0].length;
    }

    @Override
    public int size() {
        if (sources() != targets()) {
            throw new IllegalStateException("a " + sources() + "x" + targets() + " matrix is not square");
        }
        return sources();
    }

    @Override
    public double time(int from, int to) {
        return seconds[from][to];
    }

    @Override
    public double distance(int from, int to) {
        return metres[from][to];
    }
}
