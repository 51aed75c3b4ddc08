/**
 * VRPTW benchmark instances (Solomon, Gehring-Homberger): reading Solomon's text layout or LKH-3's
 * TSPLIB layout ({@code .vrptw}) into a {@code VrpProblem}.
 */
package io.coldchain.routing.solomon;
