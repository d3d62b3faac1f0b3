#!/bin/sh
# install-packages.sh USER PACKAGES... -- a Fleetline agent handler (AWS-Install-Application).
# Installs the packages (each argument may hold several names, separated by spaces) with the device's
# package manager (apt-get, dnf, yum or apk), as USER when one is given.
set -eu
set -f # package names are not file patterns

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
    echo "usage: install-packages.sh USER PACKAGE..." >&2
    exit 2
fi
user=$1
shift
# split at spaces: an argument may name several
# shellcheck disable=SC2048,SC2086
set -- $*
for package in "$@"; do
    case $package in
        -*) echo "install-packages.sh: not a package name: $package" >&2; exit 2 ;;
    esac
done
if [ $# -eq 0 ]; then
    echo "install-packages.sh: no packages to install" >&2
    exit 2
fi

printf 'Packages to install: %s\n' "$*"
if command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    as_user apt-get install -y -q "$@"
elif command -v dnf >/dev/null 2>&1; then
    as_user dnf install -y -q "$@"
elif command -v yum >/dev/null 2>&1; then
    as_user yum install -y -q "$@"
elif command -v apk >/dev/null 2>&1; then
    as_user apk add "$@"
else
    echo "install-packages.sh: no package manager found (apt-get, dnf, yum, apk)" >&2
    exit 1
fi
