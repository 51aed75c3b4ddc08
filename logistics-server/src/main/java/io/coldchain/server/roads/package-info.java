/** The road network the server plans on: the routing library opened once, on first use. */
package io.coldchain.server.roads;
