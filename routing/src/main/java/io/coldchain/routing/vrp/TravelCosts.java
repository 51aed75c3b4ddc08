package io.coldchain.routing.vrp;

/**
 * Travel time and distance between locations, by location index. A road matrix, a Euclidean plane
 * or anything else that answers both.
 */
public interface TravelCosts {

    /** Number of locations; indices run from 0 to {@code size() - 1}. */
    int size();

    double time(int from, int to);

    double distance(int from, int to);
}
