/** Solomon VRPTW benchmark instances: reading the text format into a {@code VrpProblem}. */
package io.coldchain.routing.solomon;
