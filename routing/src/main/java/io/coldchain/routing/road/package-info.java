/**
 * Road networks from OpenStreetMap through GraphHopper: import with contraction hierarchies and an
 * on-disk cache, point-to-point routes, and many-to-many travel-time matrices by the CH bucket
 * algorithm (GraphHopper has no matrix API of its own). Also the synthetic demo city.
 */
package io.coldchain.routing.road;
