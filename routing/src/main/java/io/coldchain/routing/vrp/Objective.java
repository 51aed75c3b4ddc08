package io.coldchain.routing.vrp;

/** What the solver minimises after the number of vehicles. */
public enum Objective {
    TRAVEL_TIME,
    DISTANCE
}
