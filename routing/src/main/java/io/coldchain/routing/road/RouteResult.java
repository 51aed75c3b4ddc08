package io.coldchain.routing.road;

import java.util.List;

/**
 * The fastest road route between two points.
 *
 * @param geometry the road geometry, for drawing on a map
 */
public record RouteResult(double seconds, double metres, List<GeoPoint> geometry) {}
