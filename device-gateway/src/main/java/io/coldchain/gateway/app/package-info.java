/** The gateway as its own process ({@code java -jar device-gateway-*-exec.jar}), configured by environment variables. */
package io.coldchain.gateway.app;
