#!/bin/sh
# First start of the stack's Mosquitto: the dynamic security file with the server's admin account
# (kept when it exists), and a self-signed TLS certificate unless the site put its own in CERTS_DIR
# (server.crt and server.key). Compose runs it in the Mosquitto image before the broker starts;
# BrokerSecurityIT runs it here with Debian's mosquitto_ctrl and openssl.
#
# usage: init.sh DATA_DIR CERTS_DIR HOSTNAME...
# env:   COLDCHAIN_MQTT_ADMIN_USERNAME, COLDCHAIN_MQTT_ADMIN_PASSWORD; MOSQUITTO_UID (chown to it)
set -eu
data=$1
certs=$2
shift 2
mkdir -p "$data" "$certs"
if [ ! -f "$data/dynamic-security.json" ]; then
  mosquitto_ctrl dynsec init "$data/dynamic-security.json" \
    "${COLDCHAIN_MQTT_ADMIN_USERNAME:?set COLDCHAIN_MQTT_ADMIN_USERNAME}" \
    "${COLDCHAIN_MQTT_ADMIN_PASSWORD:?set COLDCHAIN_MQTT_ADMIN_PASSWORD}" >/dev/null
  echo "init.sh: dynamic security initialised with the admin account $COLDCHAIN_MQTT_ADMIN_USERNAME"
fi
if [ ! -f "$certs/server.crt" ]; then
  # the Mosquitto image is Alpine without the openssl command; fetch it once
  command -v openssl >/dev/null 2>&1 || apk add --no-cache openssl >/dev/null
  san="IP:127.0.0.1"
  for host in "$@"; do san="$san,DNS:$host"; done
  openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=$1" -addext "subjectAltName=$san" \
    -keyout "$certs/server.key" -out "$certs/server.crt" 2>/dev/null
  echo "init.sh: self-signed certificate for $san in $certs/server.crt (give devices this file to trust)"
fi
chmod 644 "$certs/server.crt"
chmod 600 "$certs/server.key" "$data/dynamic-security.json"
if [ -n "${MOSQUITTO_UID:-}" ]; then
  chown -R "$MOSQUITTO_UID:$MOSQUITTO_UID" "$data" "$certs"
fi
