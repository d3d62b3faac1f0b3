#!/bin/sh
# restart-services.sh USER SERVICES... -- a Fleetline agent handler (AWS-Restart-Application).
# Restarts the system services (each argument may hold several names, separated by spaces) with
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
    echo "usage: restart-services.sh USER SERVICE..." >&2
    exit 2
fi
user=$1
shift
# split at spaces: an argument may name several
# shellcheck disable=SC2048,SC2086
set -- $*
for service in "$@"; do
    case $service in
        -*) echo "restart-services.sh: not a service name: $service" >&2; exit 2 ;;
    esac
done
if [ $# -eq 0 ]; then
    echo "restart-services.sh: no services to restart" >&2
    exit 2
fi

for service in "$@"; do
    printf 'Restarting %s\n' "$service"
    if command -v systemctl >/dev/null 2>&1; then
        as_user systemctl restart "$service"
    elif command -v service >/dev/null 2>&1; then
        as_user service "$service" restart
    elif command -v rc-service >/dev/null 2>&1; then
        as_user rc-service "$service" restart
    else
        echo "restart-services.sh: no service manager found (systemctl, service, rc-service)" >&2
        exit 1
    fi
done
