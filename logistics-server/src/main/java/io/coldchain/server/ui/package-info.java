/**
 * The web UI's server side: the role pages and the sign-in page (static files from the dashboards
 * jar), the live-event stream the pages listen to (server-sent events), and the map's layers (the
 * roads of the routing graph where no tile server is reachable).
 */
package io.coldchain.server.ui;
