#!/bin/sh
# start-services.sh USER SERVICES... -- a Fleetline agent handler (AWS-Start-Application).
# Starts the system services (each argument may hold several names, separated by spaces) with
# systemctl, service or rc-service, as USER when one is given.
set -eu
set -f # service names are not file patterns

as_user() {
    if [ -z "$user" ] || [ "$user" = "$(id -un)" ]; then
        "$@"
    elif [ "$(id -u)" -eq 0 ] && command -v runuser >/dev/null 2>&1; then
        runuser -u "$user" -- "$@"
    else
        sudo -n -u "$user" -- "$@"
    fi
}

if [ $# -lt 2 ]; then
    echo "usage: start-services.sh USER SERVICE..." >&2
    exit 2
fi
user=$1
shift
# split at spaces: an argument may name several
# shellcheck disable=SC2048,SC2086
set -- $*
for service in "$@"; do
    case $service in
        -*) echo "start-services.sh: not a service name: $service" >&2; exit 2 ;;
    esac
done
if [ $# -eq 0 ]; then
    echo "start-services.sh: no services to start" >&2
    exit 2
fi

for service in "$@"; do
    printf 'Starting %s\n' "$service"
    if command -v systemctl >/dev/null 2>&1; then
        as_user systemctl start "$service"
    elif command -v service >/dev/null 2>&1; then
        as_user service "$service" start
    elif command -v rc-service >/dev/null 2>&1; then
        as_user rc-service "$service" start
    else
        echo "start-services.sh: no service manager found (systemctl, service, rc-service)" >&2
        exit 1
    fi
done
